import type { z } from 'zod';

import { type CallerScope, canSee } from '../customerScope';
import { formatDateTime, formatDay, formatMoney, orderStatusText, toAmount } from '../formatting';
import { canonicalOrderNumber } from '../identifiers';
import type { orderDetailOutput, orderSummaryOutput } from '../schemas';
import { notFound } from '../shopErrors';
import type { Row, ShopDatabase } from '../shopDatabase';

export const ORDER_STATUSES = ['confirmed', 'processing', 'shipped', 'out_for_delivery', 'delivered', 'delayed', 'cancelled', 'returned'] as const;

/** Orders in these states have nothing left to deliver. */
export const FINISHED_ORDER_STATUSES = new Set(['delivered', 'cancelled', 'returned']);

export type OrderSummary = z.infer<typeof orderSummaryOutput>;
export type OrderDetail = z.infer<typeof orderDetailOutput>;

const TRACKING_URLS: Record<string, (trackingNumber: string) => string> = {
	UPS: (number) => `https://www.ups.com/track?tracknum=${number}`,
	FedEx: (number) => `https://www.fedex.com/fedextrack/?trknbr=${number}`,
	USPS: (number) => `https://tools.usps.com/go/TrackConfirmAction?tLabels=${number}`,
};

/** The order when the caller may see it; otherwise the same "not found" as for a number that does not exist. */
export function findVisibleOrder(shop: ShopDatabase, scope: CallerScope, orderNumberInput: string): Row {
	const orderNumber = canonicalOrderNumber(orderNumberInput);
	const row = shop.get('SELECT * FROM orders WHERE order_number = ?', [orderNumber]);
	if (!row || !canSee(scope, String(row.wa_id))) {
		throw notFound('Order', orderNumber, "Check the number (it looks like ORD-10042), or list the customer's orders with list_customer_orders.");
	}
	return row;
}

export function toOrderSummary(shop: ShopDatabase, row: Row): OrderSummary {
	const items = shop.get('SELECT COALESCE(SUM(quantity), 0) AS items FROM order_lines WHERE order_number = ?', [row.order_number])!;
	const currency = String(row.currency);
	return {
		orderNumber: String(row.order_number),
		status: String(row.status),
		statusText: orderStatusText(String(row.status)),
		placedAt: String(row.placed_at),
		itemCount: Number(items.items),
		total: toAmount(Number(row.total_cents)),
		currency,
		totalText: formatMoney(Number(row.total_cents), currency),
		estimatedDelivery: row.estimated_delivery === null ? null : String(row.estimated_delivery),
	};
}

export function orderSummaryLine(order: OrderSummary): string {
	return `• ${order.orderNumber}: ${order.statusText}, ${order.totalText} (${formatDay(order.placedAt)})`;
}

export function loadOrderDetail(shop: ShopDatabase, row: Row, eventLimit: number): OrderDetail {
	const orderNumber = String(row.order_number);
	const customer = shop.get('SELECT name FROM customers WHERE wa_id = ?', [row.wa_id])!;
	const lines = shop.all('SELECT * FROM order_lines WHERE order_number = ? ORDER BY line_no', [orderNumber]).map((line) => ({
		sku: String(line.sku),
		name: String(line.name),
		quantity: Number(line.quantity),
		unitPrice: toAmount(Number(line.unit_price_cents)),
		lineTotal: toAmount(Number(line.unit_price_cents) * Number(line.quantity)),
	}));
	const events = shop
		.all('SELECT * FROM tracking_events WHERE order_number = ? ORDER BY occurred_at DESC, id DESC LIMIT ?', [orderNumber, eventLimit])
		.map((event) => ({
			occurredAt: String(event.occurred_at),
			status: String(event.status),
			location: event.location === null ? null : String(event.location),
			description: String(event.description),
		}));
	const slot = row.delivery_slot_id === null ? undefined : shop.get('SELECT * FROM delivery_slots WHERE slot_id = ?', [row.delivery_slot_id]);
	const carrier = row.carrier === null ? null : String(row.carrier);
	const trackingNumber = row.tracking_number === null ? null : String(row.tracking_number);
	return {
		...toOrderSummary(shop, row),
		customerName: String(customer.name),
		customerWaId: String(row.wa_id),
		subtotal: toAmount(Number(row.subtotal_cents)),
		shipping: toAmount(Number(row.shipping_cents)),
		carrier,
		trackingNumber,
		trackingUrl: carrier && trackingNumber && TRACKING_URLS[carrier] ? TRACKING_URLS[carrier](trackingNumber) : null,
		lines,
		deliverySlot: slot ? { slotId: String(slot.slot_id), label: String(slot.label), startsAt: String(slot.starts_at), endsAt: String(slot.ends_at) } : null,
		trackingEvents: events,
	};
}

export function orderDetailText(order: OrderDetail): string {
	const parts = [`*Order ${order.orderNumber}*: ${order.statusText}`];
	const shipping = [
		order.carrier && order.trackingNumber ? `${order.carrier} ${order.trackingNumber}` : undefined,
		order.estimatedDelivery && !FINISHED_ORDER_STATUSES.has(order.status) ? `expected ${formatDay(order.estimatedDelivery)}` : undefined,
	].filter(Boolean);
	if (shipping.length) parts.push(shipping.join(' · '));
	if (order.deliverySlot) parts.push(`Delivery slot: ${order.deliverySlot.label}`);
	parts.push(order.lines.map((line) => `${line.quantity} × ${line.name}`).join(', ') + ` · total ${order.totalText}`);
	if (order.trackingEvents.length) {
		parts.push(
			'\nLatest updates:\n' +
				order.trackingEvents
					.map((event) => `• ${formatDateTime(event.occurredAt)}${event.location ? ` · ${event.location}` : ''}: ${event.description}`)
					.join('\n'),
		);
	}
	return parts.join('\n');
}
