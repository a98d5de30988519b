import { z } from 'zod';

// Input pieces shared by several tools. Inputs are strict objects: an unknown argument is a
// schema error naming it, not silently dropped.

export const phoneInput = z
	.string()
	.min(6)
	.max(32)
	.regex(/^\+?[\d\s().-]+$/, 'a phone number: digits, optionally with +, spaces, dashes or brackets')
	.describe('WhatsApp number of the customer (wa_id, e.g. "15551230001" or "+1 555-123-0001"). Optional when the request _meta names the customer.');

/** On lookups by id: restrict the answer to this customer's records (for clients that cannot set _meta). */
export const ownerPhoneInput = z
	.string()
	.min(6)
	.max(32)
	.regex(/^\+?[\d\s().-]+$/, 'a phone number: digits, optionally with +, spaces, dashes or brackets')
	.optional()
	.describe('Only answer if the record belongs to this WhatsApp number (same effect as _meta.whatsapp.from; _meta wins when both are given)');

export const orderNumberInput = z.string().min(1).max(40).describe('Order number, e.g. "ORD-10042" (also accepted: "10042", "#10042", "ord 10042")');

export const ticketIdInput = z.string().min(1).max(40).describe('Ticket id, e.g. "TCK-2001" (also accepted: "2001")');

export const quoteIdInput = z.string().min(1).max(40).describe('Quote id from create_quote, e.g. "QUO-3003"');

export const skuInput = z.string().min(3).max(32).describe('Product SKU, e.g. "KIT-ESP-01"');

export const ticketStatus = z.enum(['open', 'pending', 'resolved', 'closed']);
export const ticketPriority = z.enum(['low', 'normal', 'high', 'urgent']);

// Output pieces.

const money = {
	currency: z.string().length(3).describe('ISO 4217 code'),
};

export const productOutput = z.object({
	sku: z.string(),
	name: z.string(),
	description: z.string(),
	category: z.string(),
	price: z.number().describe('Unit price in major units (e.g. 349.00)'),
	...money,
	priceText: z.string().describe('Formatted price, e.g. "$349.00"'),
	stock: z.number().int(),
	inStock: z.boolean(),
});

export const lineOutput = z.object({
	sku: z.string(),
	name: z.string(),
	quantity: z.number().int(),
	unitPrice: z.number(),
	lineTotal: z.number(),
});

export const trackingEventOutput = z.object({
	occurredAt: z.string().describe('ISO-8601 UTC'),
	status: z.string(),
	location: z.string().nullable(),
	description: z.string(),
});

export const deliverySlotOutput = z.object({
	slotId: z.string(),
	label: z.string(),
	startsAt: z.string(),
	endsAt: z.string(),
	remaining: z.number().int().describe('Bookings still possible in this slot'),
});

export const orderSummaryOutput = z.object({
	orderNumber: z.string(),
	status: z.string(),
	statusText: z.string(),
	placedAt: z.string(),
	itemCount: z.number().int(),
	total: z.number(),
	...money,
	totalText: z.string(),
	estimatedDelivery: z.string().nullable().describe('YYYY-MM-DD'),
});

export const orderDetailOutput = orderSummaryOutput.extend({
	customerName: z.string(),
	customerWaId: z.string().describe('WhatsApp id of the customer who placed the order'),
	subtotal: z.number(),
	shipping: z.number(),
	carrier: z.string().nullable(),
	trackingNumber: z.string().nullable(),
	trackingUrl: z.string().nullable(),
	lines: z.array(lineOutput),
	deliverySlot: deliverySlotOutput.omit({ remaining: true }).nullable(),
	trackingEvents: z.array(trackingEventOutput).describe('Most recent first'),
});

export const quoteOutput = z.object({
	quoteId: z.string(),
	status: z.enum(['open', 'ordered', 'expired']),
	customerWaId: z.string(),
	createdAt: z.string(),
	validUntil: z.string(),
	lines: z.array(lineOutput),
	subtotal: z.number(),
	shipping: z.number(),
	total: z.number(),
	...money,
	totalText: z.string(),
	orderNumber: z.string().nullable(),
});

export const ticketOutput = z.object({
	ticketId: z.string(),
	status: ticketStatus,
	priority: ticketPriority,
	subject: z.string(),
	description: z.string(),
	orderNumber: z.string().nullable(),
	customerWaId: z.string(),
	createdAt: z.string(),
	updatedAt: z.string(),
	comments: z.array(z.object({ author: z.enum(['customer', 'agent', 'system']), body: z.string(), createdAt: z.string() })),
});

export const customerOutput = z.object({
	waId: z.string(),
	name: z.string(),
	email: z.string().nullable(),
	language: z.string(),
	city: z.string().nullable(),
	tier: z.enum(['standard', 'plus']),
	isGuest: z.boolean(),
	memberSince: z.string(),
	orderCount: z.number().int(),
	openTicketCount: z.number().int(),
});

export const articleOutput = z.object({
	slug: z.string(),
	title: z.string(),
	category: z.enum(['policy', 'help']),
	summary: z.string(),
	body: z.string(),
	uri: z.string().describe('Resource URI of the article'),
});

/**
 * Suggested next replies for a chat: up to 3 become WhatsApp reply buttons (titles ≤ 20
 * characters), up to 10 a list (titles ≤ 24, descriptions ≤ 72). The WhatsApp Reply node's "Send
 * MCP Result" offers them as is; the id comes back as the trigger's replyId when tapped.
 */
export const replyOptionsOutput = z
	.array(z.object({ id: z.string().max(200), title: z.string().max(24), description: z.string().max(72).optional() }))
	.max(10)
	.describe('Suggested replies for a chat UI (buttons or list rows); each id comes back as the reply id when tapped');
