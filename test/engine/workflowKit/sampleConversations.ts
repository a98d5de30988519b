// The three sample workflows' scripted conversations, for a demo stack of one n8n process or of n8n
// in queue mode (workflowKit/demoStack). As `npm run demo` runs them: a real n8n with the package installed,
// the demo shop's MCP server (fresh, in memory) and one sandbox WhatsApp number per workflow, wired
// by demo/demoSetup.ts. Scripted customers chat through the sandbox; each turn asserts exactly what
// reached their phone, and what the shop's database holds afterwards.
import { businessScopedUserId } from '../../../sandbox';
import type { DemoStack, FlowName } from './demoStack';
import { Customer, seen, waitForExecutions, type SeenMessage } from './conversation';

const MARIA = { waId: '15551230001', name: 'Maria Garcia' }; // seeded: ORD-10042 shipped, ORD-10044, ORD-10039, TCK-2001
const JAMES_ORDER = 'ORD-10043'; // seeded for 15551230002 (James Okafor, Chicago)
const JAMES_TICKET = 'TCK-2002';

const SUPPORT_MENU: SeenMessage = {
	type: 'list',
	header: 'Harbor Home Goods',
	body: "Hi Maria! I'm the Harbor Home Goods assistant. How can I help you today?",
	footer: 'Type "menu" any time',
	button: 'Menu',
	rows: [
		{ id: 'menu:faq', title: 'Ask a question', description: 'Shipping, returns, payment, warranty…' },
		{ id: 'menu:ticket', title: 'Report a problem', description: 'Opens a ticket with our team' },
		{ id: 'menu:status', title: 'Check my ticket', description: 'Status of a ticket you opened' },
		{ id: 'human', title: 'Talk to a person', description: 'Mon-Fri 8-20, Sat 9-17 (ET)' },
		{ id: 'privacy:erase', title: 'Delete my data', description: 'Erase your profile, tickets and quotes' },
	],
};

// Privacy: each test speaks as seeded customers no other test uses, so they hold in any order.
const PRIYA = { waId: '15551230005', name: 'Priya Sharma' }; // seeded: ORD-10041 delivered (3 tracking events), QUO-3001
const JAMES = { waId: '15551230002', name: 'James Okafor' };
const TOM = { waId: '15551230006', name: 'Tom Walsh' };
const SOFIA = { waId: '15551230007', name: 'Sofia Rossi' }; // seeded: ORD-10046 delayed
const NOAH = { waId: '15551230008', name: 'Noah Dubois' };
const AMARA = { waId: '15551230009', name: 'Amara Nwosu' };
const CHEN = { waId: '15551230010', name: 'Chen Wei' };

/** What every rule-based workflow answers to "delete my data" before erasing anything. */
const ERASE_QUESTION: SeenMessage = {
	type: 'buttons',
	body: 'Delete your data at Harbor Home Goods? Your profile (name, email, address), your support tickets and your quotes will be deleted. Your orders stay in our accounts for bookkeeping, without your name or address. This cannot be undone.',
	buttons: [
		{ id: 'erase:yes', title: 'Yes, delete' },
		{ id: 'erase:no', title: 'No, keep it' },
	],
};
/** set_marketing_preference's texts (demo/server/tools/privacyTools.ts), sent as they are. */
const MARKETING_STOPPED: SeenMessage = {
	type: 'text',
	text: 'Done: Harbor Home Goods sends you no more marketing messages. Messages about your orders and tickets still come. Say "resume" any time to get our offers again.',
};
const MARKETING_RESUMED: SeenMessage = { type: 'text', text: 'Done: you get offers from Harbor Home Goods again. Say "stop" any time and we stop.' };
const WELCOME_BACK_OFFER: SeenMessage = { type: 'template', name: 'welcome_back_offer', language: 'en_US', parameters: ['there', '10%'] };

type Row = Record<string, string | number | null>;

export function describeSampleConversations(title: string, startStack: () => Promise<DemoStack>): void {
	describe(title, () => {
		let stack: DemoStack;

		beforeAll(async () => {
			stack = await startStack();
		}, 420_000);

		afterAll(async () => {
			await stack?.stop();
		});

		const customer = (flow: FlowName, who: { waId: string; name: string }) =>
			new Customer(stack.n8n, stack.flows[flow].sandbox, stack.flows[flow].workflowId, who.waId, who.name);
		const rows = (sql: string, params: Array<string | number> = []) => stack.shopServer.shop.all(sql, params) as Row[];
		const row = (sql: string, params: Array<string | number> = []) => rows(sql, params)[0];
		const textOf = (message: SeenMessage) => ('text' in message ? message.text : 'body' in message && typeof message.body === 'string' ? message.body : '');

		describe('customer support', () => {
			test('menu, a knowledge-base answer, a ticket opened with its number, the ticket looked up, then a person', async () => {
				const maria = customer('support', MARIA);

				expect(await maria.says('hi')).toEqual([SUPPORT_MENU]);
				expect(await maria.picks('Ask a question')).toEqual([
					{ type: 'text', text: 'Sure! Type your question, for example *How do returns work?* or *When will I get my refund?*' },
				]);

				const returns = row("SELECT title, summary FROM kb_articles WHERE slug = 'returns'");
				const [answer, ...moreAnswers] = await maria.says('How do returns work?');
				expect(moreAnswers).toEqual([]);
				expect(answer).toMatchObject({
					type: 'buttons',
					buttons: [
						{ id: 'menu', title: 'Main menu' },
						{ id: 'ticket:new', title: 'Open a ticket' },
						{ id: 'human', title: 'Talk to a person' },
					],
				});
				expect(textOf(answer).startsWith(`*${returns.title}*\n${returns.summary}`)).toBe(true);

				expect(await maria.taps('Open a ticket')).toEqual([
					{
						type: 'text',
						text: 'Please describe the problem in one message starting with *Problem:*, and add the order number if there is one. For example: _Problem: my blender arrived with a cracked jug, order ORD-10039_.',
					},
				]);
				const ticketsBefore = rows('SELECT ticket_id FROM tickets').length;
				const opened = await maria.says('Problem: the lamp I ordered flickers, order ORD-10042');
				const ticket = row('SELECT * FROM tickets ORDER BY created_at DESC, ticket_id DESC LIMIT 1');
				expect(rows('SELECT ticket_id FROM tickets')).toHaveLength(ticketsBefore + 1);
				expect(ticket).toMatchObject({
					wa_id: MARIA.waId,
					status: 'open',
					order_number: 'ORD-10042',
					subject: 'the lamp I ordered flickers, order ORD-10042',
					description: 'Problem: the lamp I ordered flickers, order ORD-10042',
				});
				expect(opened).toEqual([
					{
						type: 'text',
						text: `Ticket *${ticket.ticket_id}* is open: "the lamp I ordered flickers, order ORD-10042". We reply within one business day; ask me about ${ticket.ticket_id} any time.`,
					},
				]);

				expect(await maria.says('menu')).toEqual([SUPPORT_MENU]);
				expect(await maria.picks('Check my ticket')).toEqual([{ type: 'text', text: 'Please send me your ticket number: it looks like *TCK-2001*.' }]);
				const [status, ...moreStatus] = await maria.says(`It is ${ticket.ticket_id}`);
				expect(moreStatus).toEqual([]);
				expect(status.type).toBe('text');
				expect(textOf(status).split('\n').slice(0, 2)).toEqual([
					`*Ticket ${ticket.ticket_id}*: the lamp I ordered flickers, order ORD-10042`,
					'Status: open · priority normal · order ORD-10042',
				]);

				const handoversBefore = rows('SELECT handover_id FROM handovers').length;
				const [handedOver, ...moreHandover] = await maria.says('Can I talk to a person please?');
				expect(moreHandover).toEqual([]);
				const handover = row('SELECT * FROM handovers ORDER BY created_at DESC, handover_id DESC LIMIT 1');
				expect(rows('SELECT handover_id FROM handovers')).toHaveLength(handoversBefore + 1);
				expect(handover).toMatchObject({ wa_id: MARIA.waId, team: 'support', status: 'queued', reason: 'Customer asked for a person' });
				expect(handedOver.type).toBe('text');
				expect(textOf(handedOver)).toMatch(
					new RegExp(
						`^(A person from our support team will take over this chat in about \\d+ minutes|Our support team is offline now; they are back .+ and will answer here first thing)\\. Reference: ${handover.handover_id}\\.$`,
					),
				);
			});

			test("another customer's ticket is answered like a ticket that does not exist, and nothing of it is shown", async () => {
				const maria = customer('support', MARIA);
				expect(await maria.says(`What about ${JAMES_TICKET}?`)).toEqual([
					{ type: 'text', text: `Ticket ${JAMES_TICKET} was not found. Type *menu* to see what I can do, or *person* to talk to our team.` },
				]);
				expect(await maria.says('What about TCK-9999?')).toEqual([
					{ type: 'text', text: 'Ticket TCK-9999 was not found. Type *menu* to see what I can do, or *person* to talk to our team.' },
				]);
			});
			test('every message the customer sent was marked read, with typing shown while the workflow worked', () => {
				const { sandbox } = stack.flows.support;
				const sent = sandbox.conversation(MARIA.waId).filter((entry) => entry.direction === 'in');
				expect(sent.length).toBeGreaterThan(5);
				const readWithTyping = new Set(
					sandbox
						.requests()
						.map((request) => request.body as { status?: string; message_id?: string; typing_indicator?: { type?: string } } | undefined)
						.filter((body) => body?.status === 'read' && body.typing_indicator?.type === 'text')
						.map((body) => body!.message_id),
				);
				for (const message of sent) {
					expect(message).toMatchObject({ readByBusiness: true });
					expect(readWithTyping.has(message.id)).toBe(true);
				}
			});
		});

		describe('sales assistant', () => {
			test('free-text search, a list, the product with price, stock and buttons, a quote, the order, then delivery slots', async () => {
				const sam = customer('sales', { waId: '4915112345679', name: 'Sam Lee' });

				expect(await sam.says('lamp')).toEqual([
					{
						type: 'list',
						body: 'I found 4 product(s) for "lamp". Open the list for prices and stock, or type something else.',
						button: 'Products',
						rows: [
							{ id: 'product:LGT-FLR-04', title: 'Arc Floor Lamp', description: '$189.00 · 6 in stock' },
							{ id: 'product:LGT-DSK-01', title: 'LED Desk Lamp', description: '$49.00 · 40 in stock' },
							{ id: 'product:LGT-STR-03', title: 'Outdoor String Lights', description: '$29.00 · 25 in stock' },
							{ id: 'product:HOM-DIF-04', title: 'Aroma Diffuser', description: '$35.00 · 28 in stock' },
						],
					},
				]);

				const lamp = row("SELECT * FROM products WHERE sku = 'LGT-DSK-01'");
				expect(lamp).toMatchObject({ price_cents: 4900, stock: 40 });
				expect(await sam.picks('LED Desk Lamp')).toEqual([
					{
						type: 'buttons',
						body: `*LED Desk Lamp* (LGT-DSK-01)\n${lamp.description}\n$49.00, 40 in stock.`,
						buttons: [
							{ id: 'quote:LGT-DSK-01', title: 'Get a quote' },
							{ id: 'products', title: 'Back to products' },
						],
					},
				]);

				const [quoted, ...moreQuoted] = await sam.taps('Get a quote');
				expect(moreQuoted).toEqual([]);
				const quote = row("SELECT * FROM quotes WHERE wa_id = '4915112345679'");
				expect(quote).toMatchObject({ status: 'open', subtotal_cents: 4900, shipping_cents: 795, total_cents: 5695 });
				expect(quoted).toMatchObject({
					type: 'buttons',
					buttons: [
						{ id: `order:${quote.quote_id}`, title: 'Confirm order' },
						{ id: `cancel:${quote.quote_id}`, title: 'Cancel' },
					],
				});
				expect(textOf(quoted)).toContain(`*Quote ${quote.quote_id}*`);
				expect(textOf(quoted)).toContain('• 1 × LED Desk Lamp: $49.00\nSubtotal $49.00 · Shipping $7.95\n*Total $56.95*');

				const confirmed = await sam.taps('Confirm order');
				const order = row("SELECT * FROM orders WHERE wa_id = '4915112345679'");
				expect(order).toMatchObject({ status: 'confirmed', total_cents: 5695, quote_id: quote.quote_id, delivery_slot_id: null });
				expect(row('SELECT status, order_number FROM quotes WHERE quote_id = ?', [String(quote.quote_id)])).toEqual({
					status: 'ordered',
					order_number: order.order_number,
				});
				expect(row("SELECT stock FROM products WHERE sku = 'LGT-DSK-01'")).toEqual({ stock: 39 });
				// The workflow asks for the free slots of the next 5 days, at most 10 (one WhatsApp list).
				const now = Date.now();
				const openSlots = rows('SELECT slot_id FROM delivery_slots WHERE starts_at > ? AND starts_at < ? AND booked < capacity ORDER BY starts_at LIMIT 10', [
					new Date(now).toISOString(),
					new Date(now + 5 * 24 * 60 * 60 * 1000).toISOString(),
				]);
				expect(openSlots.length).toBeGreaterThan(0);
				expect(confirmed).toHaveLength(2);
				expect(confirmed[0]).toEqual({
					type: 'text',
					text: `*Order ${order.order_number} confirmed*, total $56.95. We will send the tracking number when it ships; you can pick a delivery slot now.`,
				});
				expect(confirmed[1]).toMatchObject({
					type: 'list',
					body: `When should we deliver ${order.order_number}? Pick a 4-hour slot; our driver calls 30 minutes before arriving.`,
					button: 'Delivery slots',
				});
				const slotRows = (confirmed[1] as Extract<SeenMessage, { type: 'list' }>).rows;
				expect(slotRows.map((slotRow) => slotRow.id)).toEqual(openSlots.map((slot) => `slot:${order.order_number}:${slot.slot_id}`));

				const chosen = slotRows[0];
				const slotBefore = row('SELECT booked FROM delivery_slots WHERE slot_id = ?', [String(openSlots[0].slot_id)]);
				expect(await sam.picks(chosen.title)).toEqual([
					{
						type: 'text',
						text: `Booked: ${order.order_number} will be delivered ${chosen.title} ${chosen.description!.split(' · ')[0]}. Our driver calls 30 minutes before arriving.`,
					},
				]);
				expect(row('SELECT delivery_slot_id FROM orders WHERE order_number = ?', [String(order.order_number)])).toEqual({
					delivery_slot_id: openSlots[0].slot_id,
				});
				expect(row('SELECT booked FROM delivery_slots WHERE slot_id = ?', [String(openSlots[0].slot_id)])).toEqual({ booked: Number(slotBefore.booked) + 1 });
			});

			test('a search that finds nothing says so and suggests words to try', async () => {
				const sam = customer('sales', { waId: '4915112345680', name: 'Sam Two' });
				expect(await sam.says('unicorn saddle')).toEqual([
					{ type: 'text', text: 'No products match "unicorn saddle". Try another word, such as coffee, lamp, speaker, rug or grill.' },
				]);
			});
		});

		const notFound = (orderNumber: string): SeenMessage => ({
			type: 'text',
			text: `Order ${orderNumber} was not found. Please check the number: it looks like *ORD-10042*. Type *my orders* to pick one of yours, or *support* to talk to a person.`,
		});

		describe('order tracking', () => {
			test('an order number in free text gets the status, the latest tracking events and buttons; "Track again" repeats it', async () => {
				const maria = customer('tracking', MARIA);
				const [status, ...more] = await maria.says('Hi, where is my order ORD-10042?');
				expect(more).toEqual([]);
				expect(status).toMatchObject({
					type: 'buttons',
					buttons: [
						{ id: 'track:ORD-10042', title: 'Track again' },
						{ id: 'human', title: 'Talk to support' },
					],
				});
				const body = textOf(status);
				expect(body.split('\n')[0]).toBe('*Order ORD-10042*: Shipped');
				expect(body).toContain('UPS 1Z999AA10123456784');
				const events = rows("SELECT location, description FROM tracking_events WHERE order_number = 'ORD-10042' ORDER BY occurred_at DESC");
				expect(events.length).toBeGreaterThan(3);
				const shownUpdates = body.split('Latest updates:\n')[1].split('\n');
				expect(shownUpdates).toHaveLength(3);
				shownUpdates.forEach((line, index) => expect(line.endsWith(`${events[index].location}: ${events[index].description}`)).toBe(true));
				expect(body).not.toContain(String(events[3].description));

				expect(await maria.taps('Track again')).toEqual([status]);
			});

			test('without a number, a customer with orders picks one of theirs and a new customer is asked for it', async () => {
				const maria = customer('tracking', MARIA);
				const mine = rows('SELECT order_number FROM orders WHERE wa_id = ? ORDER BY placed_at DESC', [MARIA.waId]).map(
					(order) => `track:${order.order_number}`,
				);
				const [choice, ...more] = await maria.says('where is my parcel?');
				expect(more).toEqual([]);
				expect(choice).toMatchObject({
					type: 'list',
					body: 'Which order do you mean? Pick one below, or type its number (it looks like ORD-10042).',
					button: 'Your orders',
				});
				expect((choice as Extract<SeenMessage, { type: 'list' }>).rows.map((orderRow) => orderRow.id)).toEqual(mine);
				const [picked] = await maria.picks('ORD-10044');
				expect(textOf(picked).split('\n')[0]).toBe('*Order ORD-10044*: Being prepared');

				const newcomer = customer('tracking', { waId: '4915112345681', name: 'Nora New' });
				expect(await newcomer.says('where is my parcel?')).toEqual([
					{
						type: 'text',
						text: 'Happy to help you track an order! Please send me the order number: it looks like *ORD-10042* and is in your confirmation email.',
					},
				]);
			});

			test('an order number that does not exist is not found', async () => {
				expect(await customer('tracking', MARIA).says('Status of ORD-99999 please')).toEqual([notFound('ORD-99999')]);
			});

			test("someone else's order is answered exactly like one that does not exist, and nothing of it leaks", async () => {
				const maria = customer('tracking', MARIA);
				const answer = await maria.says(`Status of ${JAMES_ORDER} please`);
				expect(answer).toEqual([notFound(JAMES_ORDER)]);
				const james = row('SELECT c.name, c.city, o.tracking_number FROM orders o JOIN customers c ON c.wa_id = o.wa_id WHERE o.order_number = ?', [
					JAMES_ORDER,
				]);
				const lines = rows('SELECT name FROM order_lines WHERE order_number = ?', [JAMES_ORDER]);
				for (const secret of [james.name, james.city, james.tracking_number, ...lines.map((line) => line.name)]) {
					expect(JSON.stringify(answer)).not.toContain(String(secret));
				}
			});

			test('an order update outside the 24-hour window reaches the customer as the order_update template', async () => {
				const { sandbox, workflowId } = stack.flows.tracking;
				const maria = customer('tracking', MARIA);
				await maria.says('ORD-10044');
				sandbox.advanceClock(25 * 60 * 60 * 1000);
				expect(sandbox.now() - sandbox.customers().find((known) => known.waId === MARIA.waId)!.lastInboundAt!).toBeGreaterThan(24 * 60 * 60 * 1000);

				// The shop's back office ships the order and tells the workflow.
				stack.shopServer.shop.run("UPDATE orders SET status = 'shipped' WHERE order_number = 'ORD-10044'");
				const sentBefore = sandbox.messagesTo(MARIA.waId).length;
				const executionsBefore = (await stack.n8n.executions(workflowId)).length;
				const logsFrom = stack.n8n.logs().length;
				await stack.n8n.waitForWebhook('order-updated');
				const response = await fetch(stack.n8n.webhookUrl('order-updated'), {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify({ orderNumber: 'ORD-10044' }),
				});
				expect(response.status).toBe(200);
				await waitForExecutions(stack.n8n, workflowId, executionsBefore + 1, logsFrom);

				const [update, ...more] = sandbox.messagesTo(MARIA.waId).slice(sentBefore);
				expect(more).toEqual([]);
				expect(customer('tracking', MARIA).inbox().at(-1)).toEqual({
					type: 'template',
					name: 'order_update',
					language: 'en_US',
					parameters: ['Maria', 'ORD-10044', 'shipped'],
				});
				expect(update.rendered).toMatchObject({ body: "Hi Maria, your order *ORD-10044* is now shipped. We'll message you again when it is on its way." });
				await sandbox.waitForMessagesTo(MARIA.waId, sentBefore + 1);
				await waitForStatus(() => sandbox.messagesTo(MARIA.waId).find((message) => message.id === update.id)!.status, 'delivered');
			});
		});

		// Meta 2026: a customer with a username may hide their phone; webhooks then carry only their
		// business-scoped user id (BSUID), and only a send to `recipient` reaches them.
		describe('a customer who hides their phone behind a username', () => {
			const AIKO = { phone: '+15551230003', name: 'Aiko Tanaka', username: 'aiko.t', phoneShared: false }; // seeded: ORD-10045
			const aikoIn = (flow: FlowName) => {
				const created = stack.flows[flow].sandbox.createCustomer(AIKO);
				return { aiko: customer(flow, { waId: created.userId, name: AIKO.name }), userId: created.userId, sandbox: stack.flows[flow].sandbox };
			};
			const sentToBsuidOnly = (messages: Array<{ body: Record<string, unknown>; addressedBy: string }>) =>
				messages.every((message) => message.addressedBy === 'userId' && message.body.to === undefined && typeof message.body.recipient === 'string');

			test('tracking: her order, found by her BSUID, reaches her through recipient', async () => {
				const { aiko, userId, sandbox } = aikoIn('tracking');
				const answer = await aiko.says('Where is ORD-10045?');
				expect(textOf(answer[0]).split('\n')[0]).toBe('*Order ORD-10045*: Confirmed');
				expect(sentToBsuidOnly(sandbox.messagesTo(userId))).toBe(true);
				// Another customer's order stays hidden from her, as for customers known by phone.
				expect(await aiko.says(`Status of ${JAMES_ORDER} please`)).toEqual([notFound(JAMES_ORDER)]);
			});

			test('support: the menu greets her by the name the shop has for her', async () => {
				const { aiko, userId, sandbox } = aikoIn('support');
				const [menu] = await aiko.says('hi');
				expect(menu).toMatchObject({ type: 'list', body: expect.stringMatching(/^Hi Aiko!/) });
				expect(sentToBsuidOnly(sandbox.messagesTo(userId))).toBe(true);
			});

			test('sales: a product search answers her', async () => {
				const { aiko, userId, sandbox } = aikoIn('sales');
				const answer = await aiko.says('lamp');
				expect(answer.length).toBeGreaterThan(0);
				expect(JSON.stringify(answer)).toMatch(/lamp/i);
				expect(sentToBsuidOnly(sandbox.messagesTo(userId))).toBe(true);
			});
		});

		describe('privacy', () => {
			/** The customer's newest marketing choice, as the shop logged it (marketing_consents, demo/server/tools/privacyRecords.ts). */
			const latestConsent = (waId: string) => row('SELECT preference, source FROM marketing_consents WHERE wa_id = ? ORDER BY id DESC LIMIT 1', [waId]);

			/** Everything the shop holds about one customer, to show it is untouched. */
			const everythingAbout = (waId: string) => ({
				customer: row('SELECT * FROM customers WHERE wa_id = ?', [waId]),
				orders: rows('SELECT * FROM orders WHERE wa_id = ? ORDER BY order_number', [waId]),
				orderLines: rows(
					'SELECT l.* FROM order_lines l JOIN orders o ON o.order_number = l.order_number WHERE o.wa_id = ? ORDER BY l.order_number, l.line_no',
					[waId],
				),
				trackingEvents: rows('SELECT e.* FROM tracking_events e JOIN orders o ON o.order_number = e.order_number WHERE o.wa_id = ? ORDER BY e.id', [waId]),
				tickets: rows('SELECT * FROM tickets WHERE wa_id = ? ORDER BY ticket_id', [waId]),
				quotes: rows('SELECT * FROM quotes WHERE wa_id = ? ORDER BY quote_id', [waId]),
				consents: rows('SELECT * FROM marketing_consents WHERE wa_id = ? ORDER BY id', [waId]),
			});

			/** The shop's back office calls one of order tracking's webhooks; resolves once the execution it started has finished. */
			const shopSystemCalls = async (webhookPath: 'promotion' | 'order-updated', body: Record<string, string>) => {
				const { workflowId } = stack.flows.tracking;
				const executionsBefore = (await stack.n8n.executions(workflowId)).length;
				const logsFrom = stack.n8n.logs().length;
				await stack.n8n.waitForWebhook(webhookPath);
				const response = await fetch(stack.n8n.webhookUrl(webhookPath), {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify(body),
				});
				expect(response.status).toBe(200);
				await waitForExecutions(stack.n8n, workflowId, executionsBefore + 1, logsFrom);
			};

			/**
			 * The customer stops or resumes marketing in WhatsApp itself: Meta's user_preferences webhook
			 * (CLOUD-API-2026.md §4.1), signed and delivered by the sandbox as it is.
			 */
			const whatsAppReportsPreference = async (flow: FlowName, who: { waId: string; name: string }, value: 'stop' | 'resume') => {
				const { sandbox, workflowId } = stack.flows[flow];
				const userId = businessScopedUserId(who.waId);
				const body = {
					object: 'whatsapp_business_account',
					entry: [
						{
							id: sandbox.business.wabaId,
							changes: [
								{
									field: 'user_preferences',
									value: {
										messaging_product: 'whatsapp',
										metadata: { display_phone_number: sandbox.business.displayPhoneNumber, phone_number_id: sandbox.business.phoneNumberId },
										contacts: [{ profile: { name: who.name }, wa_id: who.waId, user_id: userId }],
										user_preferences: [
											{
												wa_id: who.waId,
												user_id: userId,
												detail: `User requested to ${value} marketing messages`,
												category: 'marketing_messages',
												value,
												timestamp: String(Math.floor(sandbox.now() / 1000)),
											},
										],
									},
								},
							],
						},
					],
				};
				const executionsBefore = (await stack.n8n.executions(workflowId)).length;
				const logsFrom = stack.n8n.logs().length;
				const outcome = await sandbox.deliverWebhook(body).delivery;
				expect(outcome.state).toBe('delivered');
				await waitForExecutions(stack.n8n, workflowId, executionsBefore + 1, logsFrom);
			};

			test('support: "delete my data" asks first, "No" keeps everything, "Yes, delete" erases her; tracking then finds nothing of hers, and another customer is untouched', async () => {
				const priya = customer('support', PRIYA);
				const jamesBefore = everythingAbout(JAMES.waId);
				const priyaBefore = everythingAbout(PRIYA.waId);
				expect(priyaBefore.orders.map((order) => order.order_number)).toEqual(['ORD-10041']);
				expect(priyaBefore.quotes.map((quote) => quote.quote_id)).toEqual(['QUO-3001']);

				// From the menu's row, then changing her mind: nothing is erased.
				expect(await priya.says('hi')).toEqual([{ ...SUPPORT_MENU, body: "Hi Priya! I'm the Harbor Home Goods assistant. How can I help you today?" }]);
				expect(await priya.picks('Delete my data')).toEqual([ERASE_QUESTION]);
				expect(await priya.taps('No, keep it')).toEqual([{ type: 'text', text: 'Nothing was deleted.' }]);
				expect(everythingAbout(PRIYA.waId)).toEqual(priyaBefore);

				// Written in her own words this time, and confirmed.
				expect(await priya.says('Please DELETE MY DATA')).toEqual([ERASE_QUESTION]);
				expect(await priya.taps('Yes, delete')).toEqual([
					{
						type: 'text',
						text: [
							'*Your data is erased.*',
							'• your profile (name, email, address, city): deleted',
							'• 1 order: kept only for our accounts (date, items, total), no longer linked to you; delivery and tracking details deleted',
							'• 1 quote: deleted',
						].join('\n'),
					},
				]);

				// Her profile and quote are gone; her order stays for the accounts, unlinked and without delivery details.
				expect(everythingAbout(PRIYA.waId)).toEqual({
					customer: undefined,
					orders: [],
					orderLines: [],
					trackingEvents: [],
					tickets: [],
					quotes: [],
					consents: [],
				});
				const kept = row(
					'SELECT o.*, c.name AS customer_name, c.email, c.city, c.address FROM orders o JOIN customers c ON c.wa_id = o.wa_id WHERE o.order_number = ?',
					['ORD-10041'],
				);
				expect(kept).toMatchObject({
					total_cents: priyaBefore.orders[0].total_cents,
					placed_at: priyaBefore.orders[0].placed_at,
					carrier: null,
					tracking_number: null,
					quote_id: null,
					customer_name: 'Erased customer',
					email: null,
					city: null,
					address: null,
				});
				expect(String(kept.wa_id)).toMatch(/^ERASED-[0-9a-f]{32}$/);
				expect(rows('SELECT * FROM order_lines WHERE order_number = ? ORDER BY line_no', ['ORD-10041'])).toEqual(priyaBefore.orderLines);
				expect(rows('SELECT * FROM tracking_events WHERE order_number = ?', ['ORD-10041'])).toEqual([]);
				expect(rows("SELECT quote_id FROM quotes WHERE quote_id = 'QUO-3001'")).toEqual([]);
				expect(rows("SELECT wa_id FROM customers WHERE name LIKE '%Priya%' OR email LIKE '%priya%'")).toEqual([]);

				// Order tracking knows nothing of her any more.
				const priyaTracking = customer('tracking', PRIYA);
				expect(await priyaTracking.says('Where is ORD-10041?')).toEqual([notFound('ORD-10041')]);
				expect(await priyaTracking.says('where is my parcel?')).toEqual([
					{
						type: 'text',
						text: 'Happy to help you track an order! Please send me the order number: it looks like *ORD-10042* and is in your confirmation email.',
					},
				]);

				// Someone else's data is exactly as it was.
				expect(everythingAbout(JAMES.waId)).toEqual(jamesBefore);
			});

			test('sales: STOP records that marketing stopped and "start promotions" that it resumed, each confirmed, with no product search', async () => {
				const tom = customer('sales', TOM);
				expect(await tom.says(' STOP ')).toEqual([MARKETING_STOPPED]);
				expect(latestConsent(TOM.waId)).toEqual({ preference: 'stop', source: 'keyword' });
				expect(await tom.says('Start promotions')).toEqual([MARKETING_RESUMED]);
				expect(latestConsent(TOM.waId)).toEqual({ preference: 'resume', source: 'keyword' });
			});

			test("WhatsApp's own marketing stop and resume (user_preferences) are recorded by every workflow, and nobody is messaged", async () => {
				const reported: Array<[FlowName, 'stop' | 'resume']> = [
					['support', 'stop'],
					['sales', 'resume'],
					['tracking', 'stop'],
				];
				for (const [flow, value] of reported) {
					const { sandbox } = stack.flows[flow];
					await whatsAppReportsPreference(flow, NOAH, value);
					expect({ flow, consent: latestConsent(NOAH.waId) }).toEqual({ flow, consent: { preference: value, source: 'user_preferences' } });
					// No answer: WhatsApp has told the customer already, and no other branch (menu, search, orders) ran.
					expect({ flow, sent: sandbox.messagesTo(NOAH.waId) }).toEqual({ flow, sent: [] });
				}
				expect(rows('SELECT preference FROM marketing_consents WHERE wa_id = ? ORDER BY id', [NOAH.waId]).map((consent) => consent.preference)).toEqual([
					'stop',
					'resume',
					'stop',
				]);
			});

			test('a promotion goes out only with marketing consent: nothing after STOP, while the utility order_update still reaches that customer', async () => {
				const { sandbox } = stack.flows.tracking;
				const sofia = customer('tracking', SOFIA);
				expect(await sofia.says('stop')).toEqual([MARKETING_STOPPED]);
				expect(latestConsent(SOFIA.waId)).toEqual({ preference: 'stop', source: 'keyword' });

				const sentToSofia = sandbox.messagesTo(SOFIA.waId).length;
				await shopSystemCalls('promotion', { waId: SOFIA.waId });
				expect(sandbox.messagesTo(SOFIA.waId)).toHaveLength(sentToSofia);

				// Order updates are utility messages: they go out whatever the marketing choice.
				await shopSystemCalls('order-updated', { orderNumber: 'ORD-10046' });
				expect(sofia.inbox().slice(sentToSofia)).toEqual([
					{ type: 'template', name: 'order_update', language: 'en_US', parameters: ['Sofia', 'ORD-10046', 'delayed'] },
				]);

				// A customer who never said STOP gets the offer (WhatsApp's opt-in: they gave the shop their number).
				const sentToAmara = sandbox.messagesTo(AMARA.waId).length;
				await shopSystemCalls('promotion', { waId: AMARA.waId });
				const [offer, ...more] = sandbox.messagesTo(AMARA.waId).slice(sentToAmara);
				expect(more).toEqual([]);
				expect(customer('tracking', AMARA).inbox().at(-1)).toEqual(WELCOME_BACK_OFFER);
				expect(offer.rendered).toMatchObject({ body: "Hi there! We've missed you. Here is 10% off your next order." });
			});

			test('a promotion addressed by BSUID reaches the customer through recipient; its "Stop promotions" button stops the next one', async () => {
				const { sandbox } = stack.flows.tracking;
				const { userId } = sandbox.createCustomer({ phone: `+${CHEN.waId}`, name: CHEN.name });
				await shopSystemCalls('promotion', { userId });
				const offers = sandbox.messagesTo(userId);
				expect(offers.map((message) => ({ seen: seen(message), addressedBy: message.addressedBy }))).toEqual([
					{ seen: WELCOME_BACK_OFFER, addressedBy: 'userId' },
				]);

				const chen = customer('tracking', CHEN);
				expect(await chen.turn(() => sandbox.customerTapsTemplateButton(CHEN.waId, 'Stop promotions', { name: CHEN.name }))).toEqual([MARKETING_STOPPED]);
				expect(latestConsent(CHEN.waId)).toEqual({ preference: 'stop', source: 'menu' });

				const sent = sandbox.messagesTo(userId).length;
				await shopSystemCalls('promotion', { userId });
				expect(sandbox.messagesTo(userId)).toHaveLength(sent);
			});

			test("n8n's log of all these conversations holds no message text, no full phone number and no BSUID", async () => {
				await new Promise((resolve) => setTimeout(resolve, 200)); // audit lines are written just after each call
				const logs = stack.n8n.logs();
				expect(logs).toMatch(/MCP tool call tool=\w+ outcome=ok/); // the audit lines are there…
				expect(logs).toMatch(/user=\*\*\*\d{4}/); // …with the customer masked
				const customersText = [
					'Where is ORD-10045?',
					'Please DELETE MY DATA',
					'Status of ORD-99999 please',
					'unicorn saddle',
					'How do returns work?',
					'the lamp I ordered flickers',
				];
				const flows = Object.values(stack.flows);
				const numbers = new Set(flows.flatMap((flow) => flow.sandbox.customers().map((known) => known.waId)));
				const userIds = new Set(flows.flatMap((flow) => flow.sandbox.customers().map((known) => known.userId)));
				expect(numbers.size).toBeGreaterThan(5);
				for (const secret of [...customersText, ...numbers, ...userIds]) expect(logs.includes(secret)).toBe(false);
			});
		});
	});
}

/** Waits until a sent message reaches `wanted` (statuses arrive a moment after the send); a failure ends the wait at once. */
async function waitForStatus(current: () => string, wanted: 'delivered'): Promise<void> {
	const order = ['accepted', 'sent', 'delivered', 'read'];
	for (;;) {
		const status = current();
		if (status === 'failed') throw new Error('The message failed (outside the 24-hour window a free-form message fails with 131047)');
		if (order.indexOf(status) >= order.indexOf(wanted)) return;
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
}
