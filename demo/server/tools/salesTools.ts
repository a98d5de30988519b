import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';

import { type CallerScope, canSee, narrowScope } from '../customerScope';
import { formatDay, formatMoney, toAmount } from '../formatting';
import { canonicalQuoteId } from '../identifiers';
import { REPLY_ID } from '../replyOptions';
import { orderSummaryOutput, ownerPhoneInput, phoneInput, quoteIdInput, quoteOutput, replyOptionsOutput, skuInput } from '../schemas';
import { QUOTE_VALIDITY_DAYS, SHOP_CURRENCY } from '../seedData';
import { notFound, ShopError } from '../shopErrors';
import { type Row, type ShopDatabase, shippingCentsFor } from '../shopDatabase';
import { requireProduct } from './catalogueRecords';
import { actingWaId, ensureCustomer } from './customerRecords';
import { toOrderSummary } from './orderRecords';
import { registerShopTool } from './registerShopTool';

const DAY_MS = 86_400_000;
/** Days from order to expected delivery for orders placed here. */
const DELIVERY_LEAD_DAYS = 4;

type Quote = z.infer<typeof quoteOutput>;

function findVisibleQuote(shop: ShopDatabase, scope: CallerScope, quoteIdInputValue: string): Row {
	const quoteId = canonicalQuoteId(quoteIdInputValue);
	const row = shop.get('SELECT * FROM quotes WHERE quote_id = ?', [quoteId]);
	if (!row || !canSee(scope, String(row.wa_id))) {
		throw notFound('Quote', quoteId, 'Create a new one with create_quote.');
	}
	return row;
}

function loadQuote(shop: ShopDatabase, row: Row): Quote {
	const currency = String(row.currency);
	const expired = row.status === 'open' && String(row.valid_until) < shop.now().toISOString();
	return {
		quoteId: String(row.quote_id),
		status: expired ? 'expired' : (String(row.status) as Quote['status']),
		customerWaId: String(row.wa_id),
		createdAt: String(row.created_at),
		validUntil: String(row.valid_until),
		lines: shop.all('SELECT * FROM quote_lines WHERE quote_id = ? ORDER BY line_no', [row.quote_id]).map((line) => ({
			sku: String(line.sku),
			name: String(line.name),
			quantity: Number(line.quantity),
			unitPrice: toAmount(Number(line.unit_price_cents)),
			lineTotal: toAmount(Number(line.unit_price_cents) * Number(line.quantity)),
		})),
		subtotal: toAmount(Number(row.subtotal_cents)),
		shipping: toAmount(Number(row.shipping_cents)),
		total: toAmount(Number(row.total_cents)),
		currency,
		totalText: formatMoney(Number(row.total_cents), currency),
		orderNumber: row.order_number === null ? null : String(row.order_number),
	};
}

function quoteText(quote: Quote): string {
	const money = (amount: number) => formatMoney(Math.round(amount * 100), quote.currency);
	return [
		`*Quote ${quote.quoteId}* (valid until ${formatDay(quote.validUntil)})`,
		...quote.lines.map((line) => `• ${line.quantity} × ${line.name}: ${money(line.lineTotal)}`),
		`Subtotal ${money(quote.subtotal)} · Shipping ${quote.shipping === 0 ? 'free' : money(quote.shipping)}`,
		`*Total ${quote.totalText}*`,
	].join('\n');
}

/** Sold-out and short stock, in words a customer understands. */
function requireStock(row: Row, quantity: number): void {
	const stock = Number(row.stock);
	if (stock === 0) {
		throw new ShopError('out_of_stock', `${row.name} (${row.sku}) is out of stock${row.restock_date ? `; more arrive on ${row.restock_date}` : ''}.`);
	}
	if (stock < quantity) throw new ShopError('out_of_stock', `Only ${stock} × ${row.name} (${row.sku}) in stock; ${quantity} asked for.`);
}

export function registerSalesTools(server: McpServer, shop: ShopDatabase): void {
	registerShopTool(server, shop, 'create_quote', {
		title: 'Create quote',
		description: `Prices a basket for a customer: lines, shipping (free from $100) and total, valid ${QUOTE_VALIDITY_DAYS} days. Checks stock. Place it with place_order.`,
		input: {
			phone: phoneInput.optional(),
			items: z
				.array(z.object({ sku: skuInput, quantity: z.number().int().min(1).max(20).default(1) }).strict())
				.min(1)
				.max(10)
				.describe('Products and quantities (1-20 each), at most 10 lines'),
		},
		output: { quote: quoteOutput, options: replyOptionsOutput },
		annotations: { readOnlyHint: false, idempotentHint: false },
		run: ({ phone, items }, { scope }) => {
			const waId = actingWaId(scope, phone);
			const quantities = new Map<string, number>();
			for (const item of items) {
				const sku = String(requireProduct(shop, item.sku).sku);
				quantities.set(sku, (quantities.get(sku) ?? 0) + item.quantity);
			}
			const lines = [...quantities].map(([sku, quantity]) => {
				const product = requireProduct(shop, sku);
				requireStock(product, quantity);
				return { product, quantity };
			});
			const subtotal = lines.reduce((sum, line) => sum + Number(line.product.price_cents) * line.quantity, 0);
			const shipping = shippingCentsFor(subtotal);
			const now = shop.now();
			const quoteId = shop.transaction(() => {
				ensureCustomer(shop, waId);
				const id = `QUO-${shop.nextNumber('quote')}`;
				shop.run(
					`INSERT INTO quotes (quote_id, wa_id, status, created_at, valid_until, currency, subtotal_cents, shipping_cents, total_cents)
					 VALUES (?, ?, 'open', ?, ?, ?, ?, ?, ?)`,
					[
						id,
						waId,
						now.toISOString(),
						new Date(now.getTime() + QUOTE_VALIDITY_DAYS * DAY_MS).toISOString(),
						SHOP_CURRENCY,
						subtotal,
						shipping,
						subtotal + shipping,
					],
				);
				lines.forEach(({ product, quantity }, index) => {
					shop.run('INSERT INTO quote_lines (quote_id, line_no, sku, name, quantity, unit_price_cents) VALUES (?, ?, ?, ?, ?, ?)', [
						id,
						index + 1,
						product.sku,
						product.name,
						quantity,
						product.price_cents,
					]);
				});
				return id;
			});
			const quote = loadQuote(shop, findVisibleQuote(shop, {}, quoteId));
			const options = [
				{ id: REPLY_ID.order(quote.quoteId), title: 'Confirm order' },
				{ id: REPLY_ID.cancelQuote(quote.quoteId), title: 'Cancel' },
			];
			return { data: { quote, options }, text: `${quoteText(quote)}\nConfirm and I will place the order.` };
		},
	});

	registerShopTool(server, shop, 'place_order', {
		title: 'Place order',
		description:
			'Turns an open quote into a confirmed order and takes the items out of stock. A quote can be ordered once; expired quotes and short stock are refused with the reason.',
		input: { quoteId: quoteIdInput, phone: ownerPhoneInput },
		output: {
			order: orderSummaryOutput,
			quoteId: z.string(),
			stockAfter: z.array(z.object({ sku: z.string(), stock: z.number().int() })).describe('Stock left of each ordered product'),
			options: replyOptionsOutput,
		},
		annotations: { readOnlyHint: false, idempotentHint: false },
		run: ({ quoteId, phone }, { scope }) => {
			const quote = loadQuote(shop, findVisibleQuote(shop, narrowScope(scope, phone), quoteId));
			if (quote.status === 'ordered') throw new ShopError('conflict', `Quote ${quote.quoteId} was already ordered as ${quote.orderNumber}.`);
			if (quote.status === 'expired') {
				throw new ShopError('expired', `Quote ${quote.quoteId} expired on ${formatDay(quote.validUntil)}.`, 'Create a new quote with create_quote.');
			}
			const now = shop.now();
			const orderNumber = shop.transaction(() => {
				for (const line of quote.lines) requireStock(requireProduct(shop, line.sku), line.quantity);
				const number = `ORD-${shop.nextNumber('order')}`;
				const quoteRow = findVisibleQuote(shop, {}, quote.quoteId);
				shop.run(
					`INSERT INTO orders (order_number, wa_id, status, placed_at, currency, subtotal_cents, shipping_cents, total_cents, estimated_delivery, quote_id)
					 VALUES (?, ?, 'confirmed', ?, ?, ?, ?, ?, ?, ?)`,
					[
						number,
						quote.customerWaId,
						now.toISOString(),
						quote.currency,
						quoteRow.subtotal_cents,
						quoteRow.shipping_cents,
						quoteRow.total_cents,
						new Date(now.getTime() + DELIVERY_LEAD_DAYS * DAY_MS).toISOString().slice(0, 10),
						quote.quoteId,
					],
				);
				shop.all('SELECT * FROM quote_lines WHERE quote_id = ? ORDER BY line_no', [quote.quoteId]).forEach((line) => {
					shop.run('INSERT INTO order_lines (order_number, line_no, sku, name, quantity, unit_price_cents) VALUES (?, ?, ?, ?, ?, ?)', [
						number,
						line.line_no,
						line.sku,
						line.name,
						line.quantity,
						line.unit_price_cents,
					]);
					shop.run('UPDATE products SET stock = stock - ? WHERE sku = ?', [line.quantity, line.sku]);
				});
				shop.run("INSERT INTO tracking_events (order_number, occurred_at, status, location, description) VALUES (?, ?, 'confirmed', NULL, ?)", [
					number,
					now.toISOString(),
					`Order placed on WhatsApp from quote ${quote.quoteId}.`,
				]);
				shop.run("UPDATE quotes SET status = 'ordered', order_number = ? WHERE quote_id = ?", [number, quote.quoteId]);
				return number;
			});
			const order = toOrderSummary(shop, shop.get('SELECT * FROM orders WHERE order_number = ?', [orderNumber])!);
			const stockAfter = quote.lines.map((line) => ({ sku: line.sku, stock: Number(requireProduct(shop, line.sku).stock) }));
			return {
				data: { order, quoteId: quote.quoteId, stockAfter, options: [{ id: REPLY_ID.slots(orderNumber), title: 'Pick delivery slot' }] },
				text: `*Order ${orderNumber} confirmed*, total ${order.totalText}. We will send the tracking number when it ships; you can pick a delivery slot now.`,
			};
		},
	});
}
