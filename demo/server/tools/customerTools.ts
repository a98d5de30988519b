import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';

import { canSee, normalizePhone } from '../customerScope';
import { formatDay } from '../formatting';
import { fitText, REPLY_ID } from '../replyOptions';
import { customerOutput, orderSummaryOutput, phoneInput, replyOptionsOutput } from '../schemas';
import type { ShopDatabase } from '../shopDatabase';
import { actingWaId, noSuchCustomer, requireCustomer } from './customerRecords';
import { ORDER_STATUSES, orderSummaryLine, toOrderSummary } from './orderRecords';
import { registerShopTool } from './registerShopTool';

export function registerCustomerTools(server: McpServer, shop: ShopDatabase): void {
	registerShopTool(server, shop, 'find_customer_by_phone', {
		title: 'Find customer by phone',
		description:
			'Looks up a customer account by WhatsApp number. Returns name, language, membership tier and counts of orders and open tickets. Errors with "No customer account" for unknown numbers.',
		input: { phone: phoneInput.describe('WhatsApp number to look up (wa_id digits or any common phone format)') },
		output: { customer: customerOutput },
		annotations: { readOnlyHint: true, idempotentHint: true },
		run: ({ phone }, { scope }) => {
			const waId = normalizePhone(phone);
			if (!canSee(scope, waId)) throw noSuchCustomer(waId);
			const row = requireCustomer(shop, waId);
			const counts = shop.get(
				`SELECT (SELECT COUNT(*) FROM orders WHERE wa_id = ?) AS orders,
				        (SELECT COUNT(*) FROM tickets WHERE wa_id = ? AND status IN ('open', 'pending')) AS open_tickets`,
				[waId, waId],
			)!;
			const customer = {
				waId,
				name: String(row.name),
				email: row.email === null ? null : String(row.email),
				language: String(row.language),
				city: row.city === null ? null : String(row.city),
				tier: row.tier === 'plus' ? ('plus' as const) : ('standard' as const),
				isGuest: row.is_guest === 1,
				memberSince: String(row.created_at),
				orderCount: Number(counts.orders),
				openTicketCount: Number(counts.open_tickets),
			};
			const tier = customer.tier === 'plus' ? 'Plus member' : 'Customer';
			return {
				data: { customer },
				text: `*${customer.name}* (${tier} since ${formatDay(customer.memberSince)})\n${customer.orderCount} order(s), ${customer.openTicketCount} open ticket(s).`,
			};
		},
	});

	registerShopTool(server, shop, 'list_customer_orders', {
		title: 'List customer orders',
		description: "Lists a customer's orders, newest first, with status and total. Optionally only orders in one status.",
		input: {
			phone: phoneInput.optional(),
			status: z.enum(ORDER_STATUSES).optional().describe('Only orders in this status'),
			limit: z.number().int().min(1).max(20).default(5).describe('How many orders at most (1-20, default 5)'),
		},
		output: {
			customer: z.object({ waId: z.string(), name: z.string() }),
			orders: z.array(orderSummaryOutput),
			totalOrders: z.number().int().describe('How many orders match, before the limit'),
			options: replyOptionsOutput,
		},
		annotations: { readOnlyHint: true, idempotentHint: true },
		run: ({ phone, status, limit }, { scope }) => {
			const waId = actingWaId(scope, phone);
			const customer = requireCustomer(shop, waId);
			const filter = status ? ' AND status = ?' : '';
			const params = status ? [waId, status] : [waId];
			const rows = shop.all(`SELECT * FROM orders WHERE wa_id = ?${filter} ORDER BY placed_at DESC`, params);
			const orders = rows.slice(0, limit).map((row) => toOrderSummary(shop, row));
			const name = String(customer.name);
			const text = orders.length ? `Orders of ${name}:\n${orders.map(orderSummaryLine).join('\n')}` : `${name} has no ${status ? `${status} ` : ''}orders.`;
			const options = orders.slice(0, 10).map((order) => ({
				id: REPLY_ID.track(order.orderNumber),
				title: order.orderNumber,
				description: fitText(`${order.statusText} · ${order.totalText} · ${formatDay(order.placedAt)}`, 72),
			}));
			return { data: { customer: { waId, name }, orders, totalOrders: rows.length, options }, text };
		},
	});
}
