// The demo shop's MCP server through the SDK's real client over Streamable HTTP: every tool's
// happy path, schema errors, "not found", and data segregation by `_meta.whatsapp.from`.
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

import { businessScopedUserId } from '../../sandbox/ids';
import { type RunningDemoServer, startDemoServer } from '../../demo/server/startDemoServer';
import { callerFor, connectHttp, JAMES, MARIA, metaFor, SHOP_TOOLS, TUESDAY_MORNING } from './demo-server-support/demoShopClient';

let running: RunningDemoServer;
let client: Client;
/** The shop's clock; a test may move it after the seed. */
let now: Date;

async function startShop(): Promise<void> {
	now = TUESDAY_MORNING;
	running = await startDemoServer({ transport: 'http', port: 0, clock: () => now, log: () => undefined });
	client = await connectHttp(running.url!);
}

afterEach(async () => {
	await client?.close();
	await running?.close();
});

describe('discovery', () => {
	beforeEach(() => startShop());

	test('lists every shop tool with a strict input schema and an output schema', async () => {
		const { tools } = await client.listTools();
		expect(tools.map((tool) => tool.name).sort()).toEqual(SHOP_TOOLS);
		for (const tool of tools) {
			expect(tool.inputSchema).toMatchObject({ type: 'object', additionalProperties: false });
			expect(tool.outputSchema).toMatchObject({ type: 'object' });
			expect(tool.description!.length).toBeGreaterThan(40);
		}
	});

	test('answers refusals as tool errors also to a client that checks results against the output schemas', async () => {
		await client.listTools(); // the SDK client validates structuredContent of listed tools, even on errors
		const result = await callerFor(client, MARIA).failure('get_order_status', { orderNumber: 'ORD-10043' });
		expect(result.content).toEqual([expect.objectContaining({ type: 'text', text: expect.stringMatching(/^Order ORD-10043 was not found/) })]);
	});

	test('says how to identify the customer in its instructions', () => {
		expect(client.getInstructions()).toContain('_meta.whatsapp.from');
	});

	test('serves the catalogue as JSON with every product', async () => {
		const { contents } = await client.readResource({ uri: 'shop://catalogue' });
		const catalogue = JSON.parse((contents[0] as { text: string }).text);
		expect(catalogue.products).toHaveLength(25);
		expect(catalogue.products).toContainEqual(expect.objectContaining({ sku: 'KIT-ESP-01', price: 349, currency: 'USD', stock: 12 }));
	});

	test('lists the policies among its resources and serves the returns policy as Markdown', async () => {
		const { resources } = await client.listResources();
		expect(resources.map((resource) => resource.uri)).toEqual(
			expect.arrayContaining(['shop://catalogue', 'shop://policies/returns', 'shop://policies/shipping', 'shop://products/KIT-ESP-01']),
		);
		const { contents } = await client.readResource({ uri: 'shop://policies/returns' });
		expect(contents[0]).toMatchObject({ mimeType: 'text/markdown', text: expect.stringContaining('within 30 days') });
	});

	test('completes policy topics', async () => {
		const result = await client.complete({ ref: { type: 'ref/resource', uri: 'shop://policies/{topic}' }, argument: { name: 'topic', value: 'ret' } });
		expect(result.completion.values).toEqual(['returns']);
	});

	test('answers an unknown policy with an error naming it', async () => {
		await expect(client.readResource({ uri: 'shop://policies/time-travel' })).rejects.toThrow(/time-travel/);
	});

	test('offers the reply-style prompt with the language filled in', async () => {
		const { prompts } = await client.listPrompts();
		expect(prompts.map((prompt) => prompt.name).sort()).toEqual(['order_status_reply', 'support_reply_style']);
		const prompt = await client.getPrompt({ name: 'support_reply_style', arguments: { language: 'Italian' } });
		expect((prompt.messages[0].content as { text: string }).text).toContain('Answer in Italian');
	});

	test('fills the order prompt with the order of the customer in _meta', async () => {
		const prompt = await client.getPrompt({ name: 'order_status_reply', arguments: { orderNumber: 'ORD-10042' }, _meta: metaFor(MARIA) });
		expect((prompt.messages[1].content as { text: string }).text).toContain('*Order ORD-10042*: Shipped');
	});
});

describe('customers and orders', () => {
	beforeEach(() => startShop());

	test('finds a customer by a phone number written in any common format', async () => {
		const { customer } = await callerFor(client).ok('find_customer_by_phone', { phone: '+1 (555) 123-0001' });
		expect(customer).toMatchObject({ waId: MARIA, name: 'Maria Garcia', tier: 'plus', orderCount: 3, openTicketCount: 1, isGuest: false });
	});

	test('answers an unknown number with "no customer account"', async () => {
		expect(await callerFor(client).fails('find_customer_by_phone', { phone: '15559999999' })).toMatch(/No customer account for WhatsApp number 15559999999/);
	});

	test('rejects a phone argument that is not a phone number with a schema error', async () => {
		expect(await callerFor(client).fails('find_customer_by_phone', { phone: 'maria' })).toMatch(/Input validation error.*phone/s);
	});

	test("lists the _meta customer's orders newest first", async () => {
		const result = await callerFor(client, MARIA).ok('list_customer_orders');
		expect(result.orders.map((order: { orderNumber: string }) => order.orderNumber)).toEqual(['ORD-10044', 'ORD-10042', 'ORD-10039']);
		expect(result.totalOrders).toBe(3);
		expect(result._text).toContain('ORD-10042: Shipped');
	});

	test('filters orders by status and honours the limit', async () => {
		const caller = callerFor(client, MARIA);
		expect((await caller.ok('list_customer_orders', { status: 'delivered' })).orders).toEqual([expect.objectContaining({ orderNumber: 'ORD-10039' })]);
		expect((await caller.ok('list_customer_orders', { limit: 1 })).orders).toHaveLength(1);
	});

	test('asks which customer when neither _meta nor phone names one', async () => {
		expect(await callerFor(client).fails('list_customer_orders')).toMatch(/Which customer\?.*phone.*_meta\.whatsapp\.from/);
	});

	test('gives an order status with lines, tracking link and the latest events first', async () => {
		const { order, _text } = await callerFor(client, MARIA).ok('get_order_status', { orderNumber: 'ORD-10042' });
		expect(order).toMatchObject({
			orderNumber: 'ORD-10042',
			status: 'shipped',
			statusText: 'Shipped',
			carrier: 'UPS',
			total: 438,
			totalText: '$438.00',
			trackingUrl: 'https://www.ups.com/track?tracknum=1Z999AA10123456784',
			lines: [expect.objectContaining({ sku: 'KIT-ESP-01', quantity: 1 }), expect.objectContaining({ sku: 'KIT-GRD-02', quantity: 1 })],
		});
		expect(order.trackingEvents.map((event: { status: string }) => event.status)).toEqual(['in_transit', 'shipped', 'processing']);
		expect(_text).toContain('Nov 24, 09:00 UTC · Dallas, TX: Arrived at UPS facility.');
	});

	test('accepts an order number the way customers type it', async () => {
		const caller = callerFor(client, MARIA);
		for (const typed of ['10042', '#10042', 'ord 10042', 'ORD-10042']) {
			expect((await caller.ok('get_order_status', { orderNumber: typed })).order.orderNumber).toBe('ORD-10042');
		}
	});

	test('returns as many tracking events as asked for', async () => {
		const { order } = await callerFor(client, MARIA).ok('get_order_status', { orderNumber: 'ORD-10042', eventLimit: 10 });
		expect(order.trackingEvents).toHaveLength(4);
	});

	test('answers an unknown order number with a clear "not found"', async () => {
		expect(await callerFor(client, MARIA).fails('get_order_status', { orderNumber: 'ORD-99999' })).toBe(
			"Order ORD-99999 was not found. Check the number (it looks like ORD-10042), or list the customer's orders with list_customer_orders.",
		);
	});

	test('details a "not found" in the result _meta: a code, a message for the customer and a hint for agents', async () => {
		const result = await callerFor(client, MARIA).failure('get_order_status', { orderNumber: 'ORD-99999' });
		expect(result.structuredContent).toBeUndefined();
		expect(result._meta).toEqual({
			error: {
				code: 'not_found',
				message: 'Order ORD-99999 was not found.',
				hint: "Check the number (it looks like ORD-10042), or list the customer's orders with list_customer_orders.",
			},
		});
	});

	test('rejects a missing order number, an out-of-range limit and an unknown argument with schema errors', async () => {
		const caller = callerFor(client, MARIA);
		expect(await caller.fails('get_order_status', {})).toMatch(/Input validation error.*orderNumber/s);
		expect(await caller.fails('get_order_status', { orderNumber: 'ORD-10042', eventLimit: 0 })).toMatch(/Input validation error.*eventLimit/s);
		expect(await caller.fails('get_order_status', { orderNumber: 'ORD-10042', includeSecrets: true })).toMatch(/Input validation error.*includeSecrets/s);
	});

	test('shows any order to a caller without _meta (back office)', async () => {
		expect((await callerFor(client).ok('get_order_status', { orderNumber: 'ORD-10043' })).order).toMatchObject({
			customerName: 'James Okafor',
			customerWaId: JAMES,
		});
	});
});

describe('data segregation by _meta.whatsapp.from', () => {
	beforeEach(() => startShop());

	const sameWordsAs = (text: string, id: string, otherId: string) => text.replace(id, otherId);

	test("hides another customer's order exactly as a number that does not exist", async () => {
		const maria = callerFor(client, MARIA);
		const theirs = await maria.fails('get_order_status', { orderNumber: 'ORD-10043' });
		const nobodys = await maria.fails('get_order_status', { orderNumber: 'ORD-99999' });
		expect(sameWordsAs(theirs, 'ORD-10043', 'ORD-99999')).toBe(nobodys);
		expect(theirs).not.toMatch(/James|belong|another|other customer/i);
	});

	test("hides another customer's ticket exactly as a ticket that does not exist", async () => {
		const maria = callerFor(client, MARIA);
		const theirs = await maria.fails('get_ticket', { ticketId: 'TCK-2002' });
		expect(sameWordsAs(theirs, 'TCK-2002', 'TCK-9999')).toBe(await maria.fails('get_ticket', { ticketId: 'TCK-9999' }));
		expect(await maria.fails('update_ticket', { ticketId: 'TCK-2002', comment: 'hello' })).toMatch(/Ticket TCK-2002 was not found/);
	});

	test("hides another customer's quote and cannot order it", async () => {
		const maria = callerFor(client, MARIA);
		const theirs = await maria.fails('place_order', { quoteId: 'QUO-3002' });
		expect(sameWordsAs(theirs, 'QUO-3002', 'QUO-9999')).toBe(await maria.fails('place_order', { quoteId: 'QUO-9999' }));
		const james = await callerFor(client, JAMES).ok('list_customer_orders');
		expect(james.totalOrders).toBe(1);
	});

	test('lists only the _meta customer, even when asked for another phone', async () => {
		const maria = callerFor(client, MARIA);
		expect(await maria.fails('list_customer_orders', { phone: JAMES })).toMatch(/No customer account for WhatsApp number 15551230002/);
		expect(await maria.fails('find_customer_by_phone', { phone: JAMES })).toMatch(/No customer account/);
		expect((await maria.ok('list_customer_orders', { phone: `+${MARIA}` })).customer.waId).toBe(MARIA);
	});

	test("refuses slots, tickets, handovers and prompts about another customer's records", async () => {
		const maria = callerFor(client, MARIA);
		expect(await maria.fails('list_delivery_slots', { orderNumber: 'ORD-10043' })).toMatch(/Order ORD-10043 was not found/);
		expect(await maria.fails('book_delivery_slot', { orderNumber: 'ORD-10043', slotId: 'SLOT-20261125-AM' })).toMatch(/Order ORD-10043 was not found/);
		expect(await maria.fails('open_ticket', { subject: 'Where is it', description: 'x', orderNumber: 'ORD-10043' })).toMatch(/Order ORD-10043 was not found/);
		expect(await maria.fails('hand_over_to_human', { reason: 'about a ticket', ticketId: 'TCK-2002' })).toMatch(/Ticket TCK-2002 was not found/);
		await expect(client.getPrompt({ name: 'order_status_reply', arguments: { orderNumber: 'ORD-10043' }, _meta: metaFor(MARIA) })).rejects.toThrow(
			/Order ORD-10043 was not found/,
		);
	});

	test('restricts lookups to the customer named in a phone argument, for clients that cannot set _meta', async () => {
		const backOffice = callerFor(client);
		expect((await backOffice.ok('get_order_status', { orderNumber: 'ORD-10042', phone: `+${MARIA}` })).order.orderNumber).toBe('ORD-10042');
		const theirs = await backOffice.fails('get_order_status', { orderNumber: 'ORD-10042', phone: JAMES });
		expect(sameWordsAs(theirs, 'ORD-10042', 'ORD-99999')).toBe(await backOffice.fails('get_order_status', { orderNumber: 'ORD-99999', phone: JAMES }));
		expect(await backOffice.fails('get_ticket', { ticketId: 'TCK-2001', phone: JAMES })).toMatch(/^Ticket TCK-2001 was not found/);
		expect(await backOffice.fails('update_ticket', { ticketId: 'TCK-2001', comment: 'hi', phone: JAMES })).toMatch(/^Ticket TCK-2001 was not found/);
		expect(await backOffice.fails('place_order', { quoteId: 'QUO-3002', phone: MARIA })).toMatch(/^Quote QUO-3002 was not found/);
		expect(await backOffice.fails('list_delivery_slots', { orderNumber: 'ORD-10044', phone: JAMES })).toMatch(/^Order ORD-10044 was not found/);
		expect(await backOffice.fails('book_delivery_slot', { orderNumber: 'ORD-10044', slotId: 'SLOT-20261125-AM', phone: JAMES })).toMatch(
			/^Order ORD-10044 was not found/,
		);
	});

	test('lets _meta win over a phone argument naming someone else', async () => {
		const maria = callerFor(client, MARIA);
		expect(await maria.fails('get_order_status', { orderNumber: 'ORD-10042', phone: JAMES })).toMatch(/^Order ORD-10042 was not found/);
		expect(await maria.fails('get_order_status', { orderNumber: 'ORD-10043', phone: JAMES })).toMatch(/^Order ORD-10043 was not found/);
		expect((await maria.ok('get_order_status', { orderNumber: 'ORD-10042', phone: MARIA })).order.orderNumber).toBe('ORD-10042');
	});

	test("will not attach another customer's order to a ticket opened for a phone by the back office", async () => {
		expect(await callerFor(client).fails('open_ticket', { phone: MARIA, subject: 'Wrong order', description: 'x', orderNumber: 'ORD-10043' })).toMatch(
			/Order ORD-10043 was not found/,
		);
	});
});

describe('catalogue', () => {
	beforeEach(() => startShop());

	test('finds products from free text, best match first, with price and stock', async () => {
		const result = await callerFor(client).ok('search_products', { query: 'Do you have an espresso machine?' });
		expect(result.products[0]).toMatchObject({ sku: 'KIT-ESP-01', name: 'Barista Pro Espresso', price: 349, priceText: '$349.00', stock: 12, inStock: true });
		expect(result._text).toContain('Barista Pro Espresso: $349.00, 12 in stock [KIT-ESP-01]');
	});

	test('understands words the catalogue does not use, such as "coffee"', async () => {
		const { products } = await callerFor(client).ok('search_products', { query: 'coffee', limit: 10 });
		expect(products.map((product: { sku: string }) => product.sku)).toEqual(expect.arrayContaining(['KIT-ESP-01', 'KIT-GRD-02', 'KIT-KTL-03', 'KIT-FRP-04']));
	});

	test('leaves out sold-out products when asked', async () => {
		const { products } = await callerFor(client).ok('search_products', { query: 'coffee', inStockOnly: true, limit: 10 });
		expect(products.map((product: { sku: string }) => product.sku)).not.toContain('KIT-KTL-03');
		expect(products.every((product: { inStock: boolean }) => product.inStock)).toBe(true);
	});

	test('searches within one category', async () => {
		const { products } = await callerFor(client).ok('search_products', { query: 'lights', category: 'garden' });
		expect(products).toEqual([]);
		const lighting = await callerFor(client).ok('search_products', { query: 'lights', category: 'lighting' });
		expect(lighting.products.length).toBeGreaterThan(0);
	});

	test('says what to try when nothing matches', async () => {
		const result = await callerFor(client).ok('search_products', { query: 'submarine' });
		expect(result).toMatchObject({ products: [], total: 0 });
		expect(result._text).toMatch(/No products match "submarine"/);
	});

	test('rejects more than 10 results (one WhatsApp list) and an empty query', async () => {
		expect(await callerFor(client).fails('search_products', { query: 'lamp', limit: 11 })).toMatch(/Input validation error.*limit/s);
		expect(await callerFor(client).fails('search_products', { query: '  ' })).toMatch(/Input validation error.*query/s);
	});

	test('reports stock as in stock, low, or sold out with the restock date', async () => {
		const caller = callerFor(client);
		expect(await caller.ok('check_stock', { sku: 'kit-esp-01' })).toMatchObject({ sku: 'KIT-ESP-01', availability: 'in_stock', stock: 12, restockDate: null });
		expect(await caller.ok('check_stock', { sku: 'KIT-BLN-07' })).toMatchObject({ availability: 'low_stock', stock: 3 });
		const kettle = await caller.ok('check_stock', { sku: 'KIT-KTL-03' });
		expect(kettle).toMatchObject({ availability: 'out_of_stock', stock: 0, inStock: false, restockDate: '2026-12-04' });
		expect(kettle._text).toBe(
			'*Gooseneck Kettle* (KIT-KTL-03)\nElectric pour-over kettle with temperature hold, 0.9 L.\n$59.00, out of stock, back on 2026-12-04.',
		);
	});

	test('answers an unknown SKU with "not found" and where to find SKUs', async () => {
		expect(await callerFor(client).fails('check_stock', { sku: 'NOPE-01' })).toBe(
			'Product NOPE-01 was not found. Find SKUs with search_products (they look like KIT-ESP-01).',
		);
	});
});

describe('quotes and orders', () => {
	beforeEach(() => startShop());

	test('prices a quote with lines, flat shipping under $100 and the total', async () => {
		const { quote, _text } = await callerFor(client, MARIA).ok('create_quote', { items: [{ sku: 'HOM-PIL-02', quantity: 2 }] });
		expect(quote).toMatchObject({
			quoteId: 'QUO-3003',
			status: 'open',
			customerWaId: MARIA,
			subtotal: 38,
			shipping: 7.95,
			total: 45.95,
			totalText: '$45.95',
			orderNumber: null,
			lines: [{ sku: 'HOM-PIL-02', name: 'Linen Cushion Cover', quantity: 2, unitPrice: 19, lineTotal: 38 }],
			validUntil: '2026-12-01T15:00:00.000Z',
		});
		expect(_text).toContain('*Total $45.95*');
	});

	test('ships free from $100 and merges repeated SKUs into one line', async () => {
		const { quote } = await callerFor(client, MARIA).ok('create_quote', {
			items: [
				{ sku: 'LGT-DSK-01', quantity: 1 },
				{ sku: 'LGT-DSK-01', quantity: 2 },
			],
		});
		expect(quote.lines).toEqual([expect.objectContaining({ sku: 'LGT-DSK-01', quantity: 3, lineTotal: 147 })]);
		expect(quote).toMatchObject({ shipping: 0, total: 147 });
	});

	test('refuses to quote more than is in stock, or a sold-out product', async () => {
		const maria = callerFor(client, MARIA);
		expect((await maria.failure('create_quote', { items: [{ sku: 'KIT-KTL-03' }] }))._meta).toMatchObject({ error: { code: 'out_of_stock' } });
		expect(await maria.fails('create_quote', { items: [{ sku: 'KIT-BLN-07', quantity: 4 }] })).toBe(
			'Only 3 × High-Speed Blender (KIT-BLN-07) in stock; 4 asked for.',
		);
		expect(await maria.fails('create_quote', { items: [{ sku: 'KIT-KTL-03', quantity: 1 }] })).toMatch(
			/Gooseneck Kettle \(KIT-KTL-03\) is out of stock; more arrive on 2026-12-04/,
		);
	});

	test('rejects an empty basket and a zero quantity with schema errors', async () => {
		const maria = callerFor(client, MARIA);
		expect(await maria.fails('create_quote', { items: [] })).toMatch(/Input validation error.*items/s);
		expect(await maria.fails('create_quote', { items: [{ sku: 'KIT-ESP-01', quantity: 0 }] })).toMatch(/Input validation error.*quantity/s);
	});

	test('opens a guest account for a WhatsApp number on its first quote', async () => {
		const stranger = callerFor(client, '447700900123');
		await stranger.ok('create_quote', { items: [{ sku: 'GFT-CRD-50' }] });
		expect((await stranger.ok('find_customer_by_phone', { phone: '447700900123' })).customer).toMatchObject({ isGuest: true, name: 'WhatsApp customer' });
	});

	test('places an order from a quote and takes the items out of stock', async () => {
		const maria = callerFor(client, MARIA);
		const { quote } = await maria.ok('create_quote', {
			items: [
				{ sku: 'AUD-SPK-02', quantity: 2 },
				{ sku: 'HOM-DIF-04', quantity: 1 },
			],
		});
		const placed = await maria.ok('place_order', { quoteId: quote.quoteId });
		expect(placed.order).toMatchObject({ orderNumber: 'ORD-10047', status: 'confirmed', itemCount: 3, total: 193, estimatedDelivery: '2026-11-28' });
		expect(placed.stockAfter).toEqual([
			{ sku: 'AUD-SPK-02', stock: 33 },
			{ sku: 'HOM-DIF-04', stock: 27 },
		]);
		expect((await maria.ok('check_stock', { sku: 'AUD-SPK-02' })).stock).toBe(33);
		const { order } = await maria.ok('get_order_status', { orderNumber: 'ORD-10047' });
		expect(order.trackingEvents[0].description).toBe(`Order placed on WhatsApp from quote ${quote.quoteId}.`);
		expect((await maria.ok('list_customer_orders')).orders[0].orderNumber).toBe('ORD-10047');
	});

	test('orders a quote only once', async () => {
		const maria = callerFor(client, MARIA);
		const { quote } = await maria.ok('create_quote', { items: [{ sku: 'KIT-FRP-04' }] });
		await maria.ok('place_order', { quoteId: quote.quoteId });
		expect(await maria.fails('place_order', { quoteId: quote.quoteId })).toBe(`Quote ${quote.quoteId} was already ordered as ORD-10047.`);
		expect((await maria.ok('check_stock', { sku: 'KIT-FRP-04' })).stock).toBe(44);
	});

	test('refuses the order and changes nothing when stock ran out after the quote', async () => {
		const maria = callerFor(client, MARIA);
		const james = callerFor(client, JAMES);
		const first = await maria.ok('create_quote', { items: [{ sku: 'GRD-GRL-04', quantity: 3 }] });
		const second = await james.ok('create_quote', {
			items: [
				{ sku: 'GRD-GRL-04', quantity: 2 },
				{ sku: 'KIT-FRP-04', quantity: 1 },
			],
		});
		await maria.ok('place_order', { quoteId: first.quote.quoteId });
		expect(await james.fails('place_order', { quoteId: second.quote.quoteId })).toBe('Only 1 × Charcoal Kettle Grill (GRD-GRL-04) in stock; 2 asked for.');
		expect((await james.ok('check_stock', { sku: 'KIT-FRP-04' })).stock).toBe(45);
		expect((await james.ok('list_customer_orders')).totalOrders).toBe(1);
	});

	test('refuses an expired quote', async () => {
		now = new Date('2026-12-24T15:00:00Z');
		expect(await callerFor(client, '15551230005').fails('place_order', { quoteId: 'QUO-3001' })).toMatch(/Quote QUO-3001 expired on .*Create a new quote/);
	});
});

describe('delivery slots', () => {
	beforeEach(() => startShop());

	test('lists free future slots, soonest first, at most 10', async () => {
		const { slots, orderNumber } = await callerFor(client, MARIA).ok('list_delivery_slots', { orderNumber: 'ORD-10044' });
		expect(orderNumber).toBe('ORD-10044');
		expect(slots.length).toBe(10);
		expect(slots[0]).toMatchObject({ slotId: 'SLOT-20261125-AM', label: 'Wed, Nov 25, Morning 08:00-12:00' });
		expect(slots.every((slot: { remaining: number; startsAt: string }) => slot.remaining > 0 && slot.startsAt > TUESDAY_MORNING.toISOString())).toBe(true);
		expect([...slots].sort((a, b) => a.startsAt.localeCompare(b.startsAt))).toEqual(slots);
	});

	test('books a slot for an order and shows it in the order status', async () => {
		const maria = callerFor(client, MARIA);
		const { booking, _text } = await maria.ok('book_delivery_slot', { orderNumber: 'ORD-10044', slotId: 'SLOT-20261125-AM' });
		expect(booking).toMatchObject({ orderNumber: 'ORD-10044', previousSlotId: null, slot: { slotId: 'SLOT-20261125-AM' } });
		expect(_text).toContain('ORD-10044 will be delivered Wed, Nov 25, Morning 08:00-12:00');
		const { order } = await maria.ok('get_order_status', { orderNumber: 'ORD-10044' });
		expect(order.deliverySlot).toMatchObject({ slotId: 'SLOT-20261125-AM' });
		expect(order.estimatedDelivery).toBe('2026-11-25');
	});

	test('moving a booking frees the previous slot', async () => {
		const maria = callerFor(client, MARIA);
		const remaining = async (slotId: string) =>
			(await maria.ok('list_delivery_slots', { days: 3 })).slots.find((slot: { slotId: string }) => slot.slotId === slotId)?.remaining;
		const before = await remaining('SLOT-20261125-AM');
		await maria.ok('book_delivery_slot', { orderNumber: 'ORD-10044', slotId: 'SLOT-20261125-AM' });
		expect(await remaining('SLOT-20261125-AM')).toBe(before - 1);
		const moved = await maria.ok('book_delivery_slot', { orderNumber: 'ORD-10044', slotId: 'SLOT-20261126-AM' });
		expect(moved.booking.previousSlotId).toBe('SLOT-20261125-AM');
		expect(await remaining('SLOT-20261125-AM')).toBe(before);
	});

	test('refuses a delivered order, an unknown slot and a full one', async () => {
		const maria = callerFor(client, MARIA);
		expect(await maria.fails('list_delivery_slots', { orderNumber: 'ORD-10039' })).toBe('Order ORD-10039 is delivered: there is nothing left to deliver.');
		expect(await maria.fails('book_delivery_slot', { orderNumber: 'ORD-10044', slotId: 'SLOT-19990101-AM' })).toMatch(
			/Delivery slot SLOT-19990101-AM was not found/,
		);
		// The seeded calendar has a few full slots, such as this one.
		expect(await maria.fails('book_delivery_slot', { orderNumber: 'ORD-10044', slotId: 'SLOT-20261126-PM' })).toMatch(
			/Delivery slot SLOT-20261126-PM \(Thu, Nov 26, Afternoon 12:00-16:00\) is full/,
		);
	});
});

describe('knowledge base, tickets and handover', () => {
	beforeEach(() => startShop());

	test('answers a returns question with the returns policy first', async () => {
		const result = await callerFor(client, MARIA).ok('search_knowledge_base', { query: 'How do I send something back?' });
		expect(result.articles[0]).toMatchObject({ slug: 'returns', uri: 'shop://policies/returns' });
		expect(result._text).toMatch(/^\*Returns and exchanges\*\nReturn anything within 30 days/);
	});

	test('finds the refund, opening-hours and payment articles from plain questions', async () => {
		const caller = callerFor(client);
		expect((await caller.ok('search_knowledge_base', { query: 'when will I get my refund' })).articles[0].slug).toBe('refunds');
		expect((await caller.ok('search_knowledge_base', { query: 'what are your opening hours?' })).articles[0].slug).toBe('opening-hours');
		expect((await caller.ok('search_knowledge_base', { query: 'can I pay with paypal' })).articles[0].slug).toBe('payment');
	});

	test('offers a person when the help centre has nothing', async () => {
		const result = await callerFor(client).ok('search_knowledge_base', { query: 'quantum flux' });
		expect(result).toMatchObject({ articles: [], total: 0 });
		expect(result._text).toMatch(/open a ticket or ask for a human/);
	});

	test('opens a ticket that get_ticket then shows with its first comment', async () => {
		const maria = callerFor(client, MARIA);
		const opened = await maria.ok('open_ticket', {
			subject: 'Grinder is noisy',
			description: 'The grinder makes a rattling noise.',
			orderNumber: '10042',
			priority: 'high',
		});
		expect(opened.ticket).toMatchObject({ ticketId: 'TCK-2004', status: 'open', priority: 'high', orderNumber: 'ORD-10042', customerWaId: MARIA });
		expect(opened._text).toContain('Ticket *TCK-2004* is open');
		const { ticket } = await maria.ok('get_ticket', { ticketId: 'tck-2004' });
		expect(ticket).toMatchObject({ subject: 'Grinder is noisy', comments: [{ author: 'customer', body: 'The grinder makes a rattling noise.' }] });
		expect((await maria.ok('find_customer_by_phone', { phone: MARIA })).customer.openTicketCount).toBe(2);
	});

	test('opens a ticket for a number without an account', async () => {
		const { ticket } = await callerFor(client, '447700900456').ok('open_ticket', { subject: 'Question', description: 'Do you ship to the UK?' });
		expect(ticket).toMatchObject({ customerWaId: '447700900456', orderNumber: null, priority: 'normal' });
	});

	test('adds comments and status changes to a ticket, with a system note', async () => {
		const maria = callerFor(client, MARIA);
		const { ticket } = await maria.ok('update_ticket', { ticketId: 'TCK-2001', comment: 'The new jug arrived, thanks!', status: 'resolved' });
		expect(ticket.status).toBe('resolved');
		expect(ticket.comments.slice(-2)).toEqual([
			expect.objectContaining({ author: 'customer', body: 'The new jug arrived, thanks!' }),
			expect.objectContaining({ author: 'system', body: 'Status changed from pending to resolved.' }),
		]);
	});

	test('reopens a resolved ticket when the customer writes again', async () => {
		const { ticket } = await callerFor(client, '15551230004').ok('update_ticket', { ticketId: 'TCK-2003', comment: 'Still no refund on my card.' });
		expect(ticket.status).toBe('open');
	});

	test('refuses an update with nothing to change, and an unknown status', async () => {
		const maria = callerFor(client, MARIA);
		expect(await maria.fails('update_ticket', { ticketId: 'TCK-2001' })).toBe('Nothing to update: give a comment, a status or a priority.');
		expect(await maria.fails('update_ticket', { ticketId: 'TCK-2001', status: 'escalated' })).toMatch(/Input validation error.*status/s);
	});

	test('answers an unknown ticket with "not found"', async () => {
		expect(await callerFor(client, MARIA).fails('get_ticket', { ticketId: 'TCK-9999' })).toBe(
			'Ticket TCK-9999 was not found. Check the number (it looks like TCK-2001), or open a new ticket with open_ticket.',
		);
	});

	test('queues a handover in opening hours with an estimated wait', async () => {
		const { handover, _text } = await callerFor(client, MARIA).ok('hand_over_to_human', { reason: 'Customer asked for a person', ticketId: 'TCK-2001' });
		expect(handover).toEqual({
			handoverId: 'HND-4001',
			status: 'queued',
			team: 'support',
			queuePosition: 1,
			withinOpeningHours: true,
			estimatedWaitMinutes: 4,
			nextOpening: null,
		});
		expect(_text).toBe('A person from our support team will take over this chat in about 4 minutes. Reference: HND-4001.');
		expect((await callerFor(client, JAMES).ok('hand_over_to_human', { reason: 'Wants a discount for a bulk order' })).handover).toMatchObject({
			team: 'sales',
			queuePosition: 1,
		});
	});

	test('says when the team is back when handing over outside opening hours', async () => {
		now = new Date('2026-11-29T15:00:00Z'); // Sunday
		const { handover } = await callerFor(client, MARIA).ok('hand_over_to_human', { reason: 'Need help' });
		expect(handover).toMatchObject({ withinOpeningHours: false, estimatedWaitMinutes: null, nextOpening: 'tomorrow 8:00 ET' });
	});
});

describe('suggested replies (structuredContent.options) for WhatsApp buttons and lists', () => {
	beforeEach(() => startShop());

	test('offers found products as list rows that fit WhatsApp (title ≤ 24, description ≤ 72)', async () => {
		const { options } = await callerFor(client).ok('search_products', { query: 'desk lamp' });
		expect(options[0]).toEqual({ id: 'product:LGT-DSK-01', title: 'LED Desk Lamp', description: '$49.00 · 40 in stock' });
		const all = (await callerFor(client).ok('search_products', { query: 'kitchen home garden audio lighting', limit: 10 })).options;
		expect(all).toHaveLength(10);
		for (const option of all) {
			expect(option.title.length).toBeLessThanOrEqual(24);
			expect(option.description.length).toBeLessThanOrEqual(72);
		}
	});

	test('offers a quote for a product in stock, and only "back" for a sold-out one', async () => {
		expect((await callerFor(client).ok('check_stock', { sku: 'KIT-ESP-01' })).options).toEqual([
			{ id: 'quote:KIT-ESP-01', title: 'Get a quote' },
			{ id: 'products', title: 'Back to products' },
		]);
		expect((await callerFor(client).ok('check_stock', { sku: 'KIT-KTL-03' })).options).toEqual([{ id: 'products', title: 'Back to products' }]);
	});

	test('offers to confirm or cancel a quote, then to pick a delivery slot for the order', async () => {
		const maria = callerFor(client, MARIA);
		const quoted = await maria.ok('create_quote', { items: [{ sku: 'HOM-RUG-03' }] });
		expect(quoted.options).toEqual([
			{ id: 'order:QUO-3003', title: 'Confirm order' },
			{ id: 'cancel:QUO-3003', title: 'Cancel' },
		]);
		expect((await maria.ok('place_order', { quoteId: 'QUO-3003' })).options).toEqual([{ id: 'slots:ORD-10047', title: 'Pick delivery slot' }]);
	});

	test('offers delivery slots as rows whose id names the order and the slot', async () => {
		const { options } = await callerFor(client, MARIA).ok('list_delivery_slots', { orderNumber: 'ORD-10044' });
		expect(options[0]).toEqual({
			id: 'slot:ORD-10044:SLOT-20261125-AM',
			title: 'Wed, Nov 25, Morning',
			description: expect.stringMatching(/^08:00-12:00 · \d left$/),
		});
		expect(options.every((option: { title: string }) => option.title.length <= 24)).toBe(true);
	});

	test("offers the customer's orders as rows to track", async () => {
		const { options } = await callerFor(client, MARIA).ok('list_customer_orders');
		expect(options[1]).toEqual({ id: 'track:ORD-10042', title: 'ORD-10042', description: expect.stringMatching(/^Shipped · \$438\.00 · /) });
	});

	test('offers to track again or talk to support after an order status', async () => {
		expect((await callerFor(client, MARIA).ok('get_order_status', { orderNumber: 'ORD-10042' })).options).toEqual([
			{ id: 'track:ORD-10042', title: 'Track again' },
			{ id: 'human', title: 'Talk to support' },
		]);
	});

	test('offers the menu, a ticket or a person after a help-centre answer', async () => {
		const { options } = await callerFor(client).ok('search_knowledge_base', { query: 'returns' });
		expect(options.map((option: { id: string }) => option.id)).toEqual(['menu', 'ticket:new', 'human']);
		expect(options.every((option: { title: string }) => option.title.length <= 20)).toBe(true);
	});
});

describe('privacy: erasure and marketing consent, for the _meta customer only', () => {
	beforeEach(() => startShop());

	const NO_CONTEXT = /needs the customer's context: it acts only for the customer the request comes from/;

	/** Free places left in a delivery slot, as the calendar shows them. */
	async function remaining(slotId: string): Promise<number | undefined> {
		const { slots } = await callerFor(client).ok('list_delivery_slots', { days: 3 });
		return slots.find((slot: { slotId: string }) => slot.slotId === slotId)?.remaining;
	}

	/** Everything about James the tools show, to compare before and after Maria's erasure. */
	async function jamesSeenByTheShop() {
		const james = callerFor(client, JAMES);
		const strip = ({ _text, ...data }: Record<string, unknown>) => data;
		return {
			customer: strip(await callerFor(client).ok('find_customer_by_phone', { phone: JAMES })),
			orders: strip(await james.ok('list_customer_orders', { limit: 20 })),
			order: strip(await james.ok('get_order_status', { orderNumber: 'ORD-10043', eventLimit: 20 })),
			ticket: strip(await james.ok('get_ticket', { ticketId: 'TCK-2002' })),
			consent: strip(await james.ok('get_marketing_consent')),
		};
	}

	test("erases Maria's data: her orders are no longer hers, James's data is untouched, and a second erase finds nothing left", async () => {
		const maria = callerFor(client, MARIA);
		const backOffice = callerFor(client);
		await callerFor(client, JAMES).ok('set_marketing_preference', { preference: 'stop' });
		const jamesBefore = await jamesSeenByTheShop();
		const freeBefore = await remaining('SLOT-20261125-AM');
		await maria.ok('book_delivery_slot', { orderNumber: 'ORD-10044', slotId: 'SLOT-20261125-AM' });
		expect(await remaining('SLOT-20261125-AM')).toBe(freeBefore! - 1);
		await maria.ok('create_quote', { items: [{ sku: 'KIT-FRP-04' }] });
		await maria.ok('hand_over_to_human', { reason: 'Customer asked for a person' });
		await maria.ok('set_marketing_preference', { preference: 'resume', source: 'menu' });

		const first = await maria.ok('erase_my_data', { confirm: true });
		expect(first).toMatchObject({
			erased: {
				customerProfilesDeleted: 1,
				ordersAnonymised: 3,
				trackingEventsDeleted: 4 + 3 + 2 + 1, // ORD-10042, ORD-10039, ORD-10044 and its slot booking
				deliverySlotsReleased: 1,
				ticketsDeleted: 1,
				ticketMessagesDeleted: 2,
				quotesDeleted: 1,
				handoversDeleted: 1,
				consentRecordsDeleted: 1,
			},
			nothingLeft: false,
			marketingSuppressionKept: false,
		});
		expect(first._text).toMatch(/^\*Your data is erased\.\*\n• your profile \(name, email, address, city\): deleted\n• 3 orders: kept only for our accounts/);
		expect(first._text).toContain('• 1 support ticket with 2 messages: deleted');
		expect(first._text).not.toMatch(/opted out/);

		// Maria's lookups find nothing: the orders are no longer linked to her.
		for (const orderNumber of ['ORD-10039', 'ORD-10042', 'ORD-10044']) {
			expect(await maria.fails('get_order_status', { orderNumber })).toMatch(new RegExp(`^Order ${orderNumber} was not found`));
		}
		expect(await maria.fails('list_customer_orders')).toMatch(/No customer account for WhatsApp number 15551230001/);
		expect(await maria.fails('get_ticket', { ticketId: 'TCK-2001' })).toMatch(/^Ticket TCK-2001 was not found/);
		expect(await backOffice.fails('find_customer_by_phone', { phone: MARIA })).toMatch(/No customer account/);
		expect(await backOffice.fails('get_ticket', { ticketId: 'TCK-2001' })).toMatch(/^Ticket TCK-2001 was not found/);
		expect(await remaining('SLOT-20261125-AM')).toBe(freeBefore);

		// What accounting needs stays, unlinked: date, lines and totals, no name, no delivery details.
		const { order } = await backOffice.ok('get_order_status', { orderNumber: 'ORD-10042', eventLimit: 20 });
		expect(order).toMatchObject({
			customerName: 'Erased customer',
			total: 438,
			subtotal: 438,
			carrier: null,
			trackingNumber: null,
			trackingUrl: null,
			deliverySlot: null,
			trackingEvents: [],
			lines: [expect.objectContaining({ sku: 'KIT-ESP-01', quantity: 1 }), expect.objectContaining({ sku: 'KIT-GRD-02', quantity: 1 })],
		});
		expect(order.customerWaId).toMatch(/^ERASED-[0-9a-f]{32}$/);
		expect((await backOffice.ok('get_order_status', { orderNumber: 'ORD-10039' })).order.customerWaId).toBe(order.customerWaId);

		expect(await jamesSeenByTheShop()).toEqual(jamesBefore);

		const second = await maria.ok('erase_my_data', { confirm: true });
		expect(second.nothingLeft).toBe(true);
		expect(Object.values(second.erased).every((count) => count === 0)).toBe(true);
		expect(second._text).toBe('There is nothing left to erase: Harbor Home Goods holds no data about you.');
	});

	test('refuses to erase, or to read or set consent, without a customer in _meta, and takes no phone argument', async () => {
		const backOffice = callerFor(client);
		const refusal = await backOffice.failure('erase_my_data', { confirm: true });
		expect(refusal._meta).toMatchObject({ error: { code: 'invalid_request', message: expect.stringMatching(/^erase_my_data needs the customer's context/) } });
		expect(await backOffice.fails('set_marketing_preference', { preference: 'stop' })).toMatch(NO_CONTEXT);
		expect(await backOffice.fails('get_marketing_consent')).toMatch(NO_CONTEXT);
		expect(await backOffice.fails('erase_my_data', { confirm: true, phone: MARIA })).toMatch(/Input validation error.*phone/s);
		expect(await callerFor(client, MARIA).fails('set_marketing_preference', { preference: 'stop', phone: JAMES })).toMatch(/Input validation error.*phone/s);
		// Nothing without the customer's confirmation either.
		expect(await callerFor(client, MARIA).fails('erase_my_data', {})).toMatch(/Input validation error.*confirm/s);
		expect(await callerFor(client, MARIA).fails('erase_my_data', { confirm: false })).toMatch(/Input validation error.*confirm/s);
		// A _meta that names nobody valid (a malformed BSUID) is no customer either.
		const malformed = (await client.callTool({
			name: 'erase_my_data',
			arguments: { confirm: true },
			_meta: { whatsapp: { userId: 'not a bsuid' } },
		})) as CallToolResult;
		expect(malformed).toMatchObject({ isError: true, content: [{ type: 'text', text: expect.stringMatching(NO_CONTEXT) }] });
		expect((await callerFor(client, MARIA).ok('list_customer_orders')).totalOrders).toBe(3);
	});

	test('is annotated as destructive and idempotent; the consent tools are not destructive', async () => {
		const { tools } = await client.listTools();
		const annotations = Object.fromEntries(tools.map((tool) => [tool.name, tool.annotations]));
		expect(annotations.erase_my_data).toMatchObject({ destructiveHint: true, idempotentHint: true, readOnlyHint: false });
		expect(annotations.set_marketing_preference).toMatchObject({ destructiveHint: false, idempotentHint: true, readOnlyHint: false });
		expect(annotations.get_marketing_consent).toMatchObject({ readOnlyHint: true });
	});

	test('allows marketing by default, and records a stop and a resume with their time and source', async () => {
		const maria = callerFor(client, MARIA);
		const { customer } = await callerFor(client).ok('find_customer_by_phone', { phone: MARIA });
		const initial = await maria.ok('get_marketing_consent');
		expect(initial).toMatchObject({ marketing: 'allowed', since: customer.memberSince, source: 'default' });
		expect(initial._text).toMatch(/You may get offers from Harbor Home Goods/);

		const stopped = await maria.ok('set_marketing_preference', { preference: 'stop', source: 'menu' });
		expect(stopped).toMatchObject({ marketing: 'stopped', since: TUESDAY_MORNING.toISOString(), source: 'menu', changed: true });
		expect(stopped._text).toMatch(/sends you no more marketing messages.*orders and tickets still come/);
		now = new Date('2026-11-25T09:00:00Z');
		expect(await maria.ok('set_marketing_preference', { preference: 'stop', source: 'keyword' })).toMatchObject({
			since: TUESDAY_MORNING.toISOString(),
			source: 'menu',
			changed: false,
		});
		expect(await maria.ok('get_marketing_consent')).toMatchObject({ marketing: 'stopped', since: TUESDAY_MORNING.toISOString(), source: 'menu' });

		const resumed = await maria.ok('set_marketing_preference', { preference: 'resume' });
		expect(resumed).toMatchObject({ marketing: 'allowed', since: '2026-11-25T09:00:00.000Z', source: 'keyword', changed: true });
		expect(await maria.ok('get_marketing_consent')).toMatchObject({ marketing: 'allowed', since: '2026-11-25T09:00:00.000Z', source: 'keyword' });
		expect(await callerFor(client, JAMES).ok('get_marketing_consent')).toMatchObject({ marketing: 'allowed', source: 'default' });
		// Someone the shop has no account for can stop marketing too.
		expect(await callerFor(client, '447700900123').ok('set_marketing_preference', { preference: 'stop', source: 'user_preferences' })).toMatchObject({
			marketing: 'stopped',
			source: 'user_preferences',
		});
	});

	test('keeps only an opt-out note after erasing a customer who had stopped marketing, until they resume', async () => {
		const maria = callerFor(client, MARIA);
		await maria.ok('set_marketing_preference', { preference: 'stop' });
		const erased = await maria.ok('erase_my_data', { confirm: true });
		expect(erased).toMatchObject({ marketingSuppressionKept: true, erased: { consentRecordsDeleted: 1 } });
		expect(erased._text).toMatch(/We only keep a note that this number opted out of marketing/);
		expect(await maria.ok('get_marketing_consent')).toMatchObject({ marketing: 'stopped', since: TUESDAY_MORNING.toISOString(), source: 'suppression_list' });

		const again = await maria.ok('erase_my_data', { confirm: true });
		expect(again).toMatchObject({ nothingLeft: true, marketingSuppressionKept: true });
		expect(again._text).toMatch(/^There is nothing left to erase.*\nWe only keep a note that this number opted out/s);

		await maria.ok('set_marketing_preference', { preference: 'resume' });
		expect(await maria.ok('get_marketing_consent')).toMatchObject({ marketing: 'allowed', source: 'keyword' });
		expect((await maria.ok('erase_my_data', { confirm: true })).marketingSuppressionKept).toBe(false);
		expect(await maria.ok('get_marketing_consent')).toMatchObject({ marketing: 'allowed', since: null, source: 'default' });
	});

	test('acts for the customer behind a BSUID in _meta.whatsapp.userId as for their phone number', async () => {
		const asUserId = async (name: string, args: Record<string, unknown>) =>
			(await client.callTool({ name, arguments: args, _meta: { whatsapp: { userId: businessScopedUserId(MARIA) } } })) as CallToolResult;
		expect((await asUserId('set_marketing_preference', { preference: 'stop' })).structuredContent).toMatchObject({ marketing: 'stopped' });
		expect(await callerFor(client, MARIA).ok('get_marketing_consent')).toMatchObject({ marketing: 'stopped', source: 'keyword' });
		expect((await asUserId('erase_my_data', { confirm: true })).structuredContent).toMatchObject({
			erased: { customerProfilesDeleted: 1, ordersAnonymised: 3 },
		});
		expect(await callerFor(client, MARIA).fails('get_order_status', { orderNumber: 'ORD-10042' })).toMatch(/^Order ORD-10042 was not found/);
	});
});
