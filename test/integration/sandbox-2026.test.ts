import axios from 'axios';
import { authenticationTemplate, authenticationTemplateSend, businessScopedUserId, seedTemplates, Sandbox, SandboxOptions } from '../../sandbox';
import {
	graphClient,
	messagesIn,
	receivedUntil,
	ReceivedWebhook,
	startSubscribedSandbox,
	statusesIn,
	stopSubscribedSandbox,
	valueOf,
	WebhookReceiver,
} from './sandboxTestKit';

// Meta's 2026 contract (CLOUD-API-2026.md §1, §2, §6): business-scoped user ids on every webhook,
// username customers whose phone is withheld, sends to `recipient`, the '+' rule for `to`,
// per-message pricing without `conversation` from v24.0 on, and identity-change system messages.

const german = '4915112345678';
let receiver: WebhookReceiver;
let sandbox: Sandbox;
let api: ReturnType<typeof graphClient>;

let running: { sandbox: Sandbox; receiver: WebhookReceiver } | undefined;

async function freshSandbox(options: SandboxOptions = {}) {
	// A test that needs other options replaces its describe's sandbox: stop that one first.
	await stopRunning();
	({ sandbox, receiver, api } = await startSubscribedSandbox(options));
	running = { sandbox, receiver };
}
async function stopRunning() {
	if (running) await stopSubscribedSandbox(running);
	running = undefined;
}
afterEach(stopRunning);

const messagesPath = () => `${sandbox.credentials.phoneNumberId}/messages`;
const post = (body: Record<string, unknown>, client = api) => client.post(messagesPath(), { messaging_product: 'whatsapp', ...body });
const text = (body: string) => ({ type: 'text', text: { body } });
const helloWorld = { type: 'template', template: { name: 'hello_world', language: { code: 'en_US' } } };
const versionClient = (version: string) =>
	axios.create({
		baseURL: `${sandbox.baseUrl}/${version}/`,
		headers: { Authorization: `Bearer ${sandbox.credentials.accessToken}` },
		validateStatus: () => true,
	});

/** Every status webhook of one message, once `count` of them arrived. */
async function statusWebhooksOf(id: string, count: number): Promise<ReceivedWebhook[]> {
	const all = await receivedUntil(receiver, (r) => statusesIn(r).filter((s) => s.id === id).length >= count);
	return all.filter((w) => (valueOf(w).statuses ?? []).some((s: { id: string }) => s.id === id));
}
const messageWebhook = async (messageId: string) => {
	const all = await receivedUntil(receiver, (r) => messagesIn(r).some((m) => m.id === messageId));
	return all.find((w) => (valueOf(w).messages ?? []).some((m: { id: string }) => m.id === messageId))!;
};

describe('business-scoped user ids (BSUIDs)', () => {
	beforeEach(() => freshSandbox());

	test('businessScopedUserId is deterministic: the country of the number, a dot, 20 digits', () => {
		expect(businessScopedUserId(german)).toMatch(/^DE\.\d{20}$/);
		expect(businessScopedUserId('15551230001')).toMatch(/^US\.\d{20}$/);
		expect(businessScopedUserId('+55 16 3155 5118')).toMatch(/^BR\.\d{20}$/);
		expect(businessScopedUserId(german)).toBe(businessScopedUserId(`+${german}`));
		expect(businessScopedUserId('15551230001')).not.toBe(businessScopedUserId('15551230002'));
		expect(sandbox.createCustomer('+1 555 123 0001', 'Sam').userId).toBe(businessScopedUserId('15551230001'));
	});

	test('an inbound message carries contacts[].user_id and messages[].from_user_id besides the phone', async () => {
		const sent = sandbox.customerSendsText(german, 'Hallo', { name: 'Jonas' });
		await sent.delivery;
		const value = valueOf(await messageWebhook(sent.messageId));
		const userId = businessScopedUserId(german);
		expect(value.contacts).toEqual([{ profile: { name: 'Jonas' }, wa_id: german, user_id: userId }]);
		expect(value.messages[0]).toMatchObject({ from: german, from_user_id: userId, type: 'text' });
	});

	test('statuses carry recipient_user_id and a value.contacts[]; a failed one carries neither', async () => {
		await sandbox.customerSendsText(german, 'hi', { name: 'Jonas' }).delivery;
		const { data } = await post({ to: german, ...text('Hello!') });
		const webhooks = await statusWebhooksOf(data.messages[0].id, 3);
		const userId = businessScopedUserId(german);
		for (const webhook of webhooks) {
			const value = valueOf(webhook);
			expect(value.statuses[0]).toMatchObject({ recipient_id: german, recipient_user_id: userId });
			expect(value.contacts).toEqual([{ profile: { name: 'Jonas' }, wa_id: german, user_id: userId }]);
		}

		const late = await post({ to: '+44 7700 900123', ...text('Never wrote to us') });
		const [failedWebhook] = await statusWebhooksOf(late.data.messages[0].id, 1);
		const value = valueOf(failedWebhook);
		expect(value.statuses[0]).toMatchObject({ status: 'failed', recipient_id: '447700900123', errors: [{ code: 131047 }] });
		expect(value.statuses[0]).not.toHaveProperty('recipient_user_id');
		expect(value).not.toHaveProperty('contacts');
	});
});

describe('username customers whose phone is withheld', () => {
	beforeEach(() => freshSandbox());

	test('their webhooks have no from and no wa_id (not even empty), but user_id and profile.username', async () => {
		const ana = sandbox.createCustomer({ username: 'Ana.G', name: 'Ana' });
		expect(ana).toMatchObject({ username: 'ana.g', phoneShared: false, userId: expect.stringMatching(/^[A-Z]{2}\.\d{20}$/) });
		const sent = sandbox.customerSendsText(ana.userId, 'Oi, tudo bem?');
		await sent.delivery;
		const webhook = await messageWebhook(sent.messageId);
		const value = valueOf(webhook);
		expect(value.contacts).toEqual([{ profile: { name: 'Ana', username: 'ana.g' }, user_id: ana.userId }]);
		expect(value.messages[0]).toEqual({
			from_user_id: ana.userId,
			id: sent.messageId,
			timestamp: expect.stringMatching(/^\d{10}$/),
			type: 'text',
			text: { body: 'Oi, tudo bem?' },
		});
		const raw = webhook.raw.toString('utf8');
		expect(raw).not.toContain('"from"');
		expect(raw).not.toContain('"wa_id"');
		expect(raw).not.toContain(ana.waId);
	});

	test('they are addressed by BSUID or @username in every customer action', async () => {
		const bea = sandbox.createCustomer({ username: 'bea_92', name: 'Bea' });
		await sandbox.customerSendsText('@bea_92', 'menu?').delivery;
		const { data } = await post({
			recipient: bea.userId,
			type: 'interactive',
			interactive: {
				type: 'button',
				body: { text: 'Coffee or tea?' },
				action: {
					buttons: [
						{ type: 'reply', reply: { id: 'coffee', title: 'Coffee' } },
						{ type: 'reply', reply: { id: 'tea', title: 'Tea' } },
					],
				},
			},
		});
		const tap = sandbox.customerTapsButton(bea.userId, 'Tea');
		await tap.delivery;
		const tapped = messagesIn(receiver.received).find((m) => m.id === tap.messageId);
		expect(tapped).toMatchObject({ from_user_id: bea.userId, context: { id: data.messages[0].id }, interactive: { button_reply: { id: 'tea' } } });
		expect(tapped).not.toHaveProperty('from');
		expect(sandbox.messagesTo(bea.userId)).toHaveLength(1);
		expect(sandbox.messagesTo('@bea_92')).toHaveLength(1);
		expect(sandbox.conversation(bea.userId).map((e) => e.direction)).toEqual(['in', 'out', 'in']);
		expect(() => sandbox.customerSendsText('US.99999999999999999999', 'who am I?')).toThrow(/no customer "US\.9+"/);
	});

	test('a send to `recipient` reaches them; the answer has user_id, not wa_id; statuses have no phone', async () => {
		const ana = sandbox.createCustomer({ username: 'ana.g', name: 'Ana' });
		await sandbox.customerSendsText(ana.userId, 'hi').delivery;
		const response = await post({ recipient_type: 'individual', recipient: ana.userId, ...text('Hi Ana') });
		expect(response.status).toBe(200);
		expect(response.data).toEqual({
			messaging_product: 'whatsapp',
			contacts: [{ input: ana.userId, user_id: ana.userId }],
			messages: [{ id: expect.stringMatching(/^wamid\./), message_status: 'accepted' }],
		});
		const id = response.data.messages[0].id;
		expect(sandbox.messagesTo(ana.userId).map((m) => m.id)).toEqual([id]);
		expect(sandbox.messagesTo(ana.userId)[0]).toMatchObject({ addressedBy: 'userId' });

		const webhooks = await statusWebhooksOf(id, 3);
		const byStatus: Record<string, any> = Object.fromEntries(webhooks.map((w) => [valueOf(w).statuses[0].status, valueOf(w)])); // eslint-disable-line @typescript-eslint/no-explicit-any -- webhook values, read by path in assertions
		for (const value of Object.values(byStatus)) {
			expect(value.statuses[0].recipient_user_id).toBe(ana.userId);
			expect(value.statuses[0]).not.toHaveProperty('recipient_id');
			expect(value.contacts[0]).not.toHaveProperty('wa_id');
		}
		expect(byStatus.sent.contacts).toEqual([{ profile: { name: 'Ana' }, user_id: ana.userId }]);
		expect(byStatus.delivered.contacts).toEqual([{ profile: { name: 'Ana', username: 'ana.g' }, user_id: ana.userId }]);
		expect(byStatus.read.contacts).toEqual([{ profile: { name: 'Ana', username: 'ana.g' }, user_id: ana.userId }]);
	});

	test('once the phone is shared, their webhooks carry it again', async () => {
		const ana = sandbox.createCustomer({ username: 'ana.g', name: 'Ana', phone: '+55 16 99123 4567' });
		expect(ana.phoneShared).toBe(true);
		const hidden = sandbox.createCustomer({ username: 'ana.g', phoneShared: false });
		expect(hidden).toMatchObject({ waId: '5516991234567', phoneShared: false });
		const before = sandbox.customerSendsText('@ana.g', 'one');
		await before.delivery;
		expect(valueOf(await messageWebhook(before.messageId)).messages[0]).not.toHaveProperty('from');
		sandbox.customerSharesPhone(ana.userId);
		const after = sandbox.customerSendsText('@ana.g', 'two');
		await after.delivery;
		const value = valueOf(await messageWebhook(after.messageId));
		expect(value.messages[0]).toMatchObject({ from: '5516991234567', from_user_id: ana.userId });
		expect(value.contacts[0]).toEqual({ profile: { name: 'Ana', username: 'ana.g' }, wa_id: '5516991234567', user_id: ana.userId });
	});

	test("only a customer with a username can withhold the phone; usernames follow Meta's rules", () => {
		expect(() => sandbox.createCustomer({ phone: german, phoneShared: false })).toThrow(/username/);
		expect(() => sandbox.createCustomer({ username: 'ab' })).toThrow(/3 to 35/);
		expect(() => sandbox.createCustomer({ username: '1234' })).toThrow(/letter/);
		expect(() => sandbox.createCustomer({ username: 'ana..g' })).toThrow(/double/);
		expect(() => sandbox.createCustomer({ username: 'www.ana' })).toThrow(/www/);
		expect(() => sandbox.createCustomer({ username: 'ana.com' })).toThrow(/domain/);
	});
});

describe('sending to `to`, `recipient` or both', () => {
	beforeEach(() => freshSandbox());

	test('when both are given `to` wins, and the answer has wa_id, not user_id', async () => {
		const ana = sandbox.createCustomer({ username: 'ana.g', name: 'Ana' });
		const response = await post({ to: german, recipient: ana.userId, ...helloWorld });
		expect(response.status).toBe(200);
		expect(response.data.contacts).toEqual([{ input: german, wa_id: german }]);
		expect(sandbox.messagesTo(german)).toHaveLength(1);
		expect(sandbox.messagesTo(ana.userId)).toHaveLength(0);
	});

	test('neither `to` nor `recipient` is error 131008; a malformed recipient is 131009', async () => {
		const none = await post(text('to nobody'));
		expect(none.status).toBe(400);
		expect(none.data.error).toMatchObject({ code: 131008, type: 'OAuthException' });
		expect(none.data.error.error_data.details).toContain('to');
		for (const recipient of [
			'us.10000000000000000001',
			'XX.10000000000000000001',
			'US10000000000000000001',
			'US.ENT.',
			'US.1000-0001',
			`US.${'1'.repeat(129)}`,
		]) {
			const response = await post({ recipient, ...text('hi') });
			expect([recipient, response.status, response.data.error.code]).toEqual([recipient, 400, 131009]);
			expect(response.data.error.error_data.details).toContain('recipient');
		}
	});

	test('a well-formed BSUID nobody has is refused, naming recipient', async () => {
		const response = await post({ recipient: 'US.10000000000000000001', ...text('hi') });
		expect(response.status).toBe(400);
		expect(response.data.error.code).toBe(131009);
		expect(response.data.error.error_data.details).toContain('US.10000000000000000001');
	});

	test('a copy-code authentication template cannot go to a BSUID (131062), but can go to the phone, with a code of at most 15 characters', async () => {
		await sandbox.stop();
		await receiver.close();
		await freshSandbox({ templates: [...seedTemplates(), authenticationTemplate()] });
		const ana = sandbox.createCustomer({ username: 'ana.g', name: 'Ana', phone: german, phoneShared: false });
		const otp = { type: 'template', template: authenticationTemplateSend('482913') };
		const refused = await post({ recipient: ana.userId, ...otp });
		expect(refused.status).toBe(400);
		expect(refused.data.error).toMatchObject({
			code: 131062,
			type: 'OAuthException',
			error_data: { messaging_product: 'whatsapp' },
			fbtrace_id: expect.any(String),
		});
		expect(refused.data.error.message).toMatch(/^\(#131062\) /);
		const accepted = await post({ to: `+${german}`, ...otp });
		expect(accepted.status).toBe(200);
		expect(accepted.data.contacts).toEqual([{ input: `+${german}`, wa_id: german }]);
		const withCode = (code: string) => ({ type: 'template', template: authenticationTemplateSend(code) });
		expect((await post({ to: `+${german}`, ...withCode('A'.repeat(15)) })).status).toBe(200);
		const tooLong = await post({ to: `+${german}`, ...withCode('A'.repeat(16)) });
		expect([tooLong.status, tooLong.data.error.code]).toEqual([400, 131009]);
		expect(tooLong.data.error.error_data.details).toContain('at most 15');
		const other = await post({ recipient: ana.userId, type: 'template', template: { name: 'hello_world', language: { code: 'en_US' } } });
		expect(other.status).toBe(200);
		expect(other.data.contacts).toEqual([{ input: ana.userId, user_id: ana.userId }]);
	});

	test('with parent BSUIDs enabled, customers have one, webhooks carry it and sends may use it', async () => {
		await sandbox.stop();
		await receiver.close();
		await freshSandbox({ parentUserIds: true });
		const jonas = sandbox.createCustomer(german, 'Jonas');
		expect(jonas.parentUserId).toMatch(/^DE\.ENT\.\d{20}$/);
		const sent = sandbox.customerSendsText(jonas.parentUserId!, 'hi');
		await sent.delivery;
		const value = valueOf(await messageWebhook(sent.messageId));
		expect(value.contacts[0]).toMatchObject({ user_id: jonas.userId, parent_user_id: jonas.parentUserId });
		expect(value.messages[0]).toMatchObject({ from_user_id: jonas.userId, from_parent_user_id: jonas.parentUserId });
		const response = await post({ recipient: jonas.parentUserId, ...text('Hallo') });
		expect(response.data.contacts).toEqual([{ input: jonas.parentUserId, user_id: jonas.userId, parent_user_id: jonas.parentUserId }]);
		const [sentStatus] = await statusWebhooksOf(response.data.messages[0].id, 1);
		expect(valueOf(sentStatus).statuses[0]).toMatchObject({ recipient_user_id: jonas.userId, recipient_parent_user_id: jonas.parentUserId });
	});

	test('without parent BSUIDs a parent BSUID recipient is refused', async () => {
		sandbox.createCustomer(german, 'Jonas');
		const response = await post({ recipient: 'DE.ENT.20000000000000000002', ...text('hi') });
		expect(response.status).toBe(400);
		expect(response.data.error.error_data.details).toContain('parent');
	});
});

describe("the '+' rule: a `to` without '+' is a number of the business's country", () => {
	test('a +55 business sending "16315551181" reaches +55 16 3155-5118 1, not the US number', async () => {
		await freshSandbox({ displayPhoneNumber: '+55 11 3456 7890' });
		const usCustomer = sandbox.createCustomer('+1 631 555 1181', 'Pat');
		const response = await post({ to: '16315551181', ...helloWorld });
		expect(response.status).toBe(200);
		expect(response.data.contacts).toEqual([{ input: '16315551181', wa_id: '5516315551181' }]);
		expect(sandbox.messagesTo('5516315551181')).toHaveLength(1);
		expect(sandbox.messagesTo(usCustomer.waId)).toHaveLength(0);
		// The phantom customer shows on the page, so the mistake is visible.
		expect(sandbox.customers().map((c) => c.waId)).toContain('5516315551181');

		const withPlus = await post({ to: '+16315551181', ...helloWorld });
		expect(withPlus.data.contacts).toEqual([{ input: '+16315551181', wa_id: '16315551181' }]);
		expect(sandbox.messagesTo(usCustomer.waId)).toHaveLength(1);
	});

	test('a US business sending "15551230001" (or "(555) 123-0001") reaches +1 555 123 0001', async () => {
		await freshSandbox();
		for (const to of ['15551230001', '(555) 123-0001', '+1 555 123 0001']) {
			const response = await post({ to, ...helloWorld });
			expect(response.data.contacts).toEqual([{ input: to, wa_id: '15551230001' }]);
		}
		expect(sandbox.messagesTo('15551230001')).toHaveLength(3);
	});

	test('digits that are no number of the business country are read as a wa_id, unless strictPlusRule', async () => {
		await freshSandbox();
		const lenient = await post({ to: german, ...helloWorld });
		expect(lenient.data.contacts).toEqual([{ input: german, wa_id: german }]);
		const nonsense = await post({ to: '12345678', ...helloWorld });
		expect(nonsense.status).toBe(400);
		expect(nonsense.data.error.code).toBe(131009);
		expect(nonsense.data.error.error_data.details).toContain('to');

		await sandbox.stop();
		await receiver.close();
		await freshSandbox({ strictPlusRule: true });
		const strict = await post({ to: german, ...helloWorld });
		expect(strict.status).toBe(400);
		expect(strict.data.error).toMatchObject({ code: 131009, message: '(#131009) Parameter value is not valid' });
		expect(strict.data.error.error_data.details).toContain("business phone number's country (US)");
		expect((await post({ to: `+${german}`, ...helloWorld })).status).toBe(200);
		expect((await post({ to: '15551230001', ...helloWorld })).data.contacts[0].wa_id).toBe('15551230001');
	});
});

describe('statuses by Graph API version: pricing always, conversation only up to v23.0', () => {
	beforeEach(() => freshSandbox());

	test('v24.0 and later: PMP pricing on sent and delivered, no conversation', async () => {
		await sandbox.customerSendsText(german, 'hi').delivery;
		for (const version of ['v24.0', 'v25.0', 'v27.0']) {
			const { data, status } = await post({ to: german, ...text(`via ${version}`) }, versionClient(version));
			expect(status).toBe(200);
			const statuses = (await statusWebhooksOf(data.messages[0].id, 3)).map((w) => valueOf(w).statuses[0]);
			for (const s of statuses) expect(s).not.toHaveProperty('conversation');
			const priced = statuses.filter((s) => s.pricing);
			expect(priced.map((s) => s.status).sort()).toEqual(['delivered', 'sent']);
			for (const s of priced) expect(s.pricing).toEqual({ billable: true, pricing_model: 'PMP', type: 'regular', category: 'service' });
		}
	});

	test('v23.0 and lower: a conversation per message, expiration only on sent, plus pricing', async () => {
		const ids: string[] = [];
		for (const version of ['v23.0', 'v22.0']) {
			const { data } = await post({ to: german, ...helloWorld }, versionClient(version));
			ids.push(data.messages[0].id);
		}
		const conversationIds = [];
		for (const id of ids) {
			const statuses = (await statusWebhooksOf(id, 3)).map((w) => valueOf(w).statuses[0]);
			for (const s of statuses) expect(s.conversation).toMatchObject({ id: expect.any(String), origin: { type: 'utility' } });
			expect(statuses.find((s) => s.status === 'sent').conversation.expiration_timestamp).toMatch(/^\d{10}$/);
			expect(statuses.filter((s) => s.status !== 'sent').every((s) => s.conversation.expiration_timestamp === undefined)).toBe(true);
			expect(new Set(statuses.map((s) => s.conversation.id)).size).toBe(1);
			conversationIds.push(statuses[0].conversation.id);
			expect(statuses.find((s) => s.status === 'sent').pricing).toEqual({ billable: true, pricing_model: 'PMP', type: 'regular', category: 'utility' });
		}
		expect(conversationIds[0]).not.toBe(conversationIds[1]);
	});

	test('v20.0 and older get error 2635; v21.0 to v27.0 are served', async () => {
		for (const version of ['v13.0', 'v19.0', 'v20.0']) {
			const response = await versionClient(version).get(sandbox.credentials.phoneNumberId);
			expect([version, response.status, response.data.error?.code]).toEqual([version, 400, 2635]);
			expect(response.data.error.message).toContain('v27.0');
		}
		for (const version of ['v21.0', 'v22.0', 'v23.0', 'v24.0', 'v25.0', 'v26.0', 'v27.0'])
			expect([version, (await versionClient(version).get(sandbox.credentials.phoneNumberId)).status]).toEqual([version, 200]);
	});
});

describe('identity changes: system messages', () => {
	beforeEach(() => freshSandbox());

	test('customerChangesNumber sends user_changed_number with the new wa_id and BSUID and no contacts', async () => {
		const jonas = sandbox.createCustomer(german, 'Jonas');
		await sandbox.customerSendsText(german, 'hi').delivery;
		const newNumber = '4915187654321';
		const change = sandbox.customerChangesNumber(jonas.userId, `+${newNumber}`);
		await change.delivery;
		const value = valueOf(await messageWebhook(change.messageId));
		expect(value).not.toHaveProperty('contacts');
		expect(value.messages[0]).toEqual({
			from: german,
			from_user_id: jonas.userId,
			id: change.messageId,
			timestamp: expect.stringMatching(/^\d{10}$/),
			type: 'system',
			system: {
				body: `User Jonas changed from ${german} to ${newNumber}`,
				wa_id: newNumber,
				type: 'user_changed_number',
				user_id: businessScopedUserId(newNumber),
				previous_user_id: jonas.userId,
			},
		});
		expect(sandbox.findCustomer(businessScopedUserId(newNumber))).toMatchObject({ waId: newNumber, previousUserIds: [jonas.userId] });
		expect(sandbox.conversation(newNumber).map((e) => e.type)).toEqual(['text', 'system']);
		const toOld = await post({ recipient: jonas.userId, ...text('still there?') });
		expect(toOld.status).toBe(400);
		const toNew = await post({ recipient: businessScopedUserId(newNumber), ...text('welcome back') });
		expect(toNew.data.contacts).toEqual([{ input: businessScopedUserId(newNumber), user_id: businessScopedUserId(newNumber) }]);
	});

	test('customerChangesUserId sends user_changed_user_id with no phone anywhere', async () => {
		const ana = sandbox.createCustomer({ username: 'ana.g', name: 'Ana' });
		const change = sandbox.customerChangesUserId('@ana.g');
		await change.delivery;
		const webhook = await messageWebhook(change.messageId);
		const value = valueOf(webhook);
		expect(value).not.toHaveProperty('contacts');
		const { system } = value.messages[0];
		expect(value.messages[0]).toMatchObject({ from_user_id: ana.userId, type: 'system' });
		expect(value.messages[0]).not.toHaveProperty('from');
		expect(system).toEqual({
			body: expect.stringContaining('User Ana changed'),
			type: 'user_changed_user_id',
			user_id: expect.stringMatching(/^[A-Z]{2}\.\d{20}$/),
			previous_user_id: ana.userId,
		});
		expect(system.user_id).not.toBe(ana.userId);
		expect(webhook.raw.toString('utf8')).not.toContain(ana.waId);
		expect(sandbox.findCustomer(system.user_id)).toMatchObject({ username: 'ana.g', previousUserIds: [ana.userId] });

		const chosen = sandbox.customerChangesUserId(system.user_id, { newUserId: 'BR.777' });
		await chosen.delivery;
		expect(valueOf(await messageWebhook(chosen.messageId)).messages[0].system).toMatchObject({ user_id: 'BR.777', previous_user_id: system.user_id });
	});

	test('a customer whose phone is withheld who changes number produces user_changed_user_id', async () => {
		const ana = sandbox.createCustomer({ username: 'ana.g', name: 'Ana' });
		const change = sandbox.customerChangesNumber(ana.userId, '+55 21 99876 5432');
		await change.delivery;
		const webhook = await messageWebhook(change.messageId);
		expect(valueOf(webhook).messages[0].system).toMatchObject({ type: 'user_changed_user_id', previous_user_id: ana.userId });
		expect(webhook.raw.toString('utf8')).not.toContain('5521998765432');
		expect(sandbox.findCustomer('@ana.g')).toMatchObject({ waId: '5521998765432', phoneShared: false });
	});
});

describe('the HTTP controls', () => {
	beforeEach(() => freshSandbox());
	const control = () => axios.create({ baseURL: `${sandbox.baseUrl}/_sandbox/`, validateStatus: () => true });

	test('POST /customers takes {username, phoneShared?}; actions, messages and changes take the BSUID', async () => {
		const created = await control().post('customers', { username: 'carla.m', name: 'Carla' });
		expect(created.status).toBe(200);
		expect(created.data).toMatchObject({ username: 'carla.m', phoneShared: false, name: 'Carla', userId: expect.stringMatching(/^[A-Z]{2}\.\d{20}$/) });
		const { userId } = created.data;
		const wrote = await control().post(`customers/${encodeURIComponent(userId)}/text`, { text: 'Olá', waitForDelivery: true });
		expect(wrote.data.delivery.state).toBe('delivered');
		const message = messagesIn(receiver.received).find((m) => m.id === wrote.data.messageId);
		expect(message).toMatchObject({ from_user_id: userId, text: { body: 'Olá' } });
		expect(message).not.toHaveProperty('from');

		await post({ recipient: userId, ...text('Oi Carla') });
		expect((await control().get('messages', { params: { to: userId } })).data).toHaveLength(1);
		expect((await control().get(`conversations/${encodeURIComponent(userId)}`)).data.customer).toMatchObject({ username: 'carla.m', windowOpen: true });
		expect((await control().get(`customers/${encodeURIComponent('@carla.m')}`)).data.userId).toBe(userId);

		const changed = await control().post(`customers/${encodeURIComponent('@carla.m')}/change-user-id`, { waitForDelivery: true });
		expect(messagesIn(receiver.received).find((m) => m.id === changed.data.messageId).system.previous_user_id).toBe(userId);
		const shared = await control().post(`customers/${encodeURIComponent('@carla.m')}/share-phone`);
		expect(shared.data.phoneShared).toBe(true);
		const renumbered = await control().post(`customers/${encodeURIComponent('@carla.m')}/change-number`, { phone: '+55 11 91234 5678', waitForDelivery: true });
		expect(messagesIn(receiver.received).find((m) => m.id === renumbered.data.messageId).system).toMatchObject({
			type: 'user_changed_number',
			wa_id: '5511912345678',
		});
	});

	test('POST /customers refuses a hidden phone without a username, and neither phone nor username', async () => {
		const hidden = await control().post('customers', { phone: german, phoneShared: false });
		expect(hidden.status).toBe(400);
		expect(hidden.data.error.message).toContain('username');
		const nothing = await control().post('customers', { name: 'Nobody' });
		expect(nothing.status).toBe(400);
		expect(nothing.data.error.message).toContain('"username"');
		const unknown = await control().post('customers/US.10000000000000000001/text', { text: 'hi' });
		expect(unknown.status).toBe(400);
		expect(unknown.data.error.message).toContain('no customer');
	});
});

describe('2026 interactive messages', () => {
	const flow = (parameters: Record<string, unknown>) => ({
		type: 'interactive',
		interactive: {
			type: 'flow',
			body: { text: 'Book a delivery' },
			action: { name: 'flow', parameters: { flow_message_version: '3', flow_cta: 'Book', ...parameters } },
		},
	});

	test('Request Contact Info and a Flow are accepted; a Flow naming both flow_id and flow_name is refused', async () => {
		await freshSandbox();
		sandbox.createCustomer(german, 'Lena');
		const contactInfo = {
			type: 'interactive',
			interactive: { type: 'request_contact_info', body: { text: 'May we have your number?' }, action: { name: 'request_contact_info' } },
		};
		expect((await post({ to: `+${german}`, ...contactInfo })).status).toBe(200);
		expect((await post({ to: `+${german}`, ...flow({ flow_id: '1234' }) })).status).toBe(200);
		const both = await post({ to: `+${german}`, ...flow({ flow_id: '1234', flow_name: 'booking' }) });
		expect(both.status).toBe(400);
		expect(JSON.stringify(both.data)).toMatch(/flow_id|flow_name/);
		const longCta = await post({ to: `+${german}`, ...flow({ flow_id: '1234', flow_cta: 'x'.repeat(31) }) });
		expect(longCta.status).toBe(400);
	});
});
