import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';

import { fitText, REPLY_ID } from '../replyOptions';
import { narrowScope } from '../customerScope';
import { deliverySlotOutput, orderDetailOutput, orderNumberInput, ownerPhoneInput, replyOptionsOutput } from '../schemas';
import { notFound, ShopError } from '../shopErrors';
import type { Row, ShopDatabase } from '../shopDatabase';
import { FINISHED_ORDER_STATUSES, findVisibleOrder, loadOrderDetail, orderDetailText } from './orderRecords';
import { registerShopTool } from './registerShopTool';

const DAY_MS = 86_400_000;

function requireDeliverableOrder(order: Row): void {
	if (FINISHED_ORDER_STATUSES.has(String(order.status))) {
		throw new ShopError('conflict', `Order ${order.order_number} is ${order.status}: there is nothing left to deliver.`);
	}
}

function toSlot(row: Row) {
	return {
		slotId: String(row.slot_id),
		label: String(row.label),
		startsAt: String(row.starts_at),
		endsAt: String(row.ends_at),
		remaining: Number(row.capacity) - Number(row.booked),
	};
}

export function registerOrderTools(server: McpServer, shop: ShopDatabase): void {
	registerShopTool(server, shop, 'get_order_status', {
		title: 'Get order status',
		description:
			'Status of one order with its lines, carrier, tracking link, delivery slot and latest tracking events (newest first). Unknown order numbers, and orders of other customers, are reported as not found.',
		input: {
			orderNumber: orderNumberInput,
			eventLimit: z.number().int().min(1).max(20).default(3).describe('How many tracking events to return, newest first (default 3)'),
			phone: ownerPhoneInput,
		},
		output: { order: orderDetailOutput, options: replyOptionsOutput },
		annotations: { readOnlyHint: true, idempotentHint: true },
		run: ({ orderNumber, eventLimit, phone }, { scope }) => {
			const order = loadOrderDetail(shop, findVisibleOrder(shop, narrowScope(scope, phone), orderNumber), eventLimit);
			const options = [
				{ id: REPLY_ID.track(order.orderNumber), title: 'Track again' },
				{ id: REPLY_ID.human, title: 'Talk to support' },
			];
			return { data: { order, options }, text: orderDetailText(order) };
		},
	});

	registerShopTool(server, shop, 'list_delivery_slots', {
		title: 'List delivery slots',
		description:
			'Free delivery slots (4-hour windows, Monday to Saturday) in the coming days, soonest first. With an order number, also checks that the order can still be scheduled.',
		input: {
			orderNumber: orderNumberInput.optional(),
			days: z.number().int().min(1).max(14).default(5).describe('How many days ahead to look (default 5)'),
			limit: z.number().int().min(1).max(10).default(10).describe('How many slots at most (default 10, the most a WhatsApp list shows)'),
			phone: ownerPhoneInput,
		},
		output: { orderNumber: z.string().nullable(), slots: z.array(deliverySlotOutput), options: replyOptionsOutput },
		annotations: { readOnlyHint: true, idempotentHint: true },
		run: ({ orderNumber, days, limit, phone }, { scope }) => {
			let canonical: string | null = null;
			if (orderNumber !== undefined) {
				const order = findVisibleOrder(shop, narrowScope(scope, phone), orderNumber);
				requireDeliverableOrder(order);
				canonical = String(order.order_number);
			}
			const now = shop.now();
			const slots = shop
				.all('SELECT * FROM delivery_slots WHERE starts_at > ? AND starts_at < ? AND booked < capacity ORDER BY starts_at LIMIT ?', [
					now.toISOString(),
					new Date(now.getTime() + days * DAY_MS).toISOString(),
					limit,
				])
				.map(toSlot);
			const text = slots.length
				? `Free delivery slots${canonical ? ` for ${canonical}` : ''}:\n${slots.map((slot) => `• ${slot.label} [${slot.slotId}]`).join('\n')}`
				: `No free delivery slots in the next ${days} day(s). Try more days.`;
			const options = slots.map((slot) => {
				// Labels read "Wed, Nov 25, Morning 08:00-12:00": the day and window fit a list row's title, the hours its description.
				const split = slot.label.lastIndexOf(' ');
				return {
					id: REPLY_ID.slot(canonical, slot.slotId),
					title: fitText(slot.label.slice(0, split), 24),
					description: `${slot.label.slice(split + 1)} · ${slot.remaining} left`,
				};
			});
			return { data: { orderNumber: canonical, slots, options }, text };
		},
	});

	registerShopTool(server, shop, 'book_delivery_slot', {
		title: 'Book delivery slot',
		description:
			'Books a delivery slot (from list_delivery_slots) for an order, replacing any slot booked before. Fails when the slot is full or in the past, or the order is already delivered or cancelled.',
		input: {
			orderNumber: orderNumberInput,
			slotId: z.string().min(1).max(40).describe('Slot id from list_delivery_slots, e.g. "SLOT-20261126-AM"'),
			phone: ownerPhoneInput,
		},
		output: {
			booking: z.object({
				orderNumber: z.string(),
				slot: deliverySlotOutput.omit({ remaining: true }),
				previousSlotId: z.string().nullable().describe('The slot this booking replaced, if any'),
			}),
		},
		annotations: { readOnlyHint: false, idempotentHint: true },
		run: ({ orderNumber, slotId, phone }, { scope }) => {
			const order = findVisibleOrder(shop, narrowScope(scope, phone), orderNumber);
			requireDeliverableOrder(order);
			const wanted = slotId.trim().toUpperCase();
			const slot = shop.get('SELECT * FROM delivery_slots WHERE slot_id = ?', [wanted]);
			if (!slot) throw notFound('Delivery slot', wanted, 'Pick one of the slots from list_delivery_slots.');
			if (String(slot.starts_at) <= shop.now().toISOString()) {
				throw new ShopError('expired', `Delivery slot ${wanted} has already started.`, 'Pick a later one from list_delivery_slots.');
			}
			const previousSlotId = order.delivery_slot_id === null ? null : String(order.delivery_slot_id);
			const { slotId: bookedId, label, startsAt, endsAt } = toSlot(slot);
			if (previousSlotId !== wanted) {
				if (Number(slot.booked) >= Number(slot.capacity)) {
					throw new ShopError('conflict', `Delivery slot ${wanted} (${slot.label}) is full.`, 'Pick another one from list_delivery_slots.');
				}
				shop.transaction(() => {
					if (previousSlotId) shop.run('UPDATE delivery_slots SET booked = booked - 1 WHERE slot_id = ?', [previousSlotId]);
					shop.run('UPDATE delivery_slots SET booked = booked + 1 WHERE slot_id = ?', [wanted]);
					shop.run('UPDATE orders SET delivery_slot_id = ?, estimated_delivery = ? WHERE order_number = ?', [
						wanted,
						startsAt.slice(0, 10),
						order.order_number,
					]);
					shop.run('INSERT INTO tracking_events (order_number, occurred_at, status, location, description) VALUES (?, ?, ?, NULL, ?)', [
						order.order_number,
						shop.now().toISOString(),
						'scheduled',
						`Delivery booked for ${label}.`,
					]);
				});
			}
			return {
				data: { booking: { orderNumber: String(order.order_number), slot: { slotId: bookedId, label, startsAt, endsAt }, previousSlotId } },
				text: `Booked: ${order.order_number} will be delivered ${label}. Our driver calls 30 minutes before arriving.`,
			};
		},
	});
}
