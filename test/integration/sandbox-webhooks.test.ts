import { createHash, createHmac } from 'node:crypto';
import axios from 'axios';
import { businessScopedUserId, startSandbox, Sandbox, SandboxOptions } from '../../sandbox';
import {
	graphClient,
	messagesIn,
	receivedUntil,
	startSubscribedSandbox,
	startWebhookReceiver,
	statusesIn,
	stopSubscribedSandbox,
	WebhookReceiver,
} from './sandboxTestKit';

// Webhooks leave the sandbox as Meta sends them: the same envelope, signed over the raw bytes,
// retried with backoff until answered 200, and followed by sent/delivered/read statuses.

const customer = '4915112345678';
let receiver: WebhookReceiver;
let sandbox: Sandbox;
let api: ReturnType<typeof graphClient>;

async function freshSandbox(options: SandboxOptions = {}) {
	({ sandbox, receiver, api } = await startSubscribedSandbox(options));
}
afterEach(() => stopSubscribedSandbox({ sandbox, receiver }));

const sendText = (body: string, to = customer) =>
	api.post(`${sandbox.credentials.phoneNumberId}/messages`, { messaging_product: 'whatsapp', to, type: 'text', text: { body } });

describe('inbound messages', () => {
	beforeEach(() => freshSandbox());

	test('a customer text arrives in the Cloud API envelope with contact, metadata and message', async () => {
		const action = sandbox.customerSendsText(customer, 'Hello there', { name: 'Ana Souza' });
		expect(await action.delivery).toMatchObject({ state: 'delivered', attempts: 1, lastStatus: 200 });
		const [webhook] = receiver.received;
		expect(webhook.body).toEqual({
			object: 'whatsapp_business_account',
			entry: [
				{
					id: sandbox.credentials.businessAccountId,
					changes: [
						{
							value: {
								messaging_product: 'whatsapp',
								metadata: { display_phone_number: sandbox.business.displayPhoneNumber, phone_number_id: sandbox.credentials.phoneNumberId },
								contacts: [{ profile: { name: 'Ana Souza' }, wa_id: customer, user_id: businessScopedUserId(customer) }],
								messages: [
									{
										from: customer,
										from_user_id: businessScopedUserId(customer),
										id: action.messageId,
										timestamp: expect.stringMatching(/^\d{10}$/),
										type: 'text',
										text: { body: 'Hello there' },
									},
								],
							},
							field: 'messages',
						},
					],
				},
			],
		});
	});

	test('X-Hub-Signature-256 is the HMAC-SHA256 of the raw bytes with the app secret', async () => {
		await sandbox.customerSendsText(customer, 'Olá! Café às 9h? 😀 https://example.com/a').delivery;
		const [webhook] = receiver.received;
		const expected = `sha256=${createHmac('sha256', sandbox.credentials.appSecret).update(webhook.raw).digest('hex')}`;
		expect(webhook.headers['x-hub-signature-256']).toBe(expected);
		expect(webhook.headers['content-type']).toBe('application/json');
		expect(messagesIn([webhook])[0].text.body).toBe('Olá! Café às 9h? 😀 https://example.com/a');
	});

	test('the raw body escapes non-ASCII and slashes like Meta, so re-serialized JSON does not match the signature', async () => {
		await sandbox.customerSendsText(customer, 'Café 😀 a/b').delivery;
		const [webhook] = receiver.received;
		const raw = webhook.raw.toString('utf8');
		expect(raw).toContain('Caf\\u00e9 \\ud83d\\ude00 a\\/b');
		const reserialized = Buffer.from(JSON.stringify(webhook.body));
		const signatureOfReserialized = `sha256=${createHmac('sha256', sandbox.credentials.appSecret).update(reserialized).digest('hex')}`;
		expect(signatureOfReserialized).not.toBe(webhook.headers['x-hub-signature-256']);
	});

	test('a reply quoting a message carries context {from: business number, id}', async () => {
		await sandbox.customerSendsText(customer, 'hi').delivery;
		const { data } = await sendText('How can we help?');
		const reply = sandbox.customerSendsText(customer, 'This one', { contextMessageId: data.messages[0].id });
		await reply.delivery;
		const message = messagesIn(receiver.received).find((m) => m.id === reply.messageId);
		expect(message.context).toEqual({ from: sandbox.business.displayPhoneNumber, id: data.messages[0].id });
	});

	test('tapping a reply button sends interactive.button_reply with the button id and title', async () => {
		await sandbox.customerSendsText(customer, 'menu').delivery;
		const { data } = await api.post(`${sandbox.credentials.phoneNumberId}/messages`, {
			messaging_product: 'whatsapp',
			to: customer,
			type: 'interactive',
			interactive: {
				type: 'button',
				body: { text: 'Track or talk?' },
				action: {
					buttons: [
						{ type: 'reply', reply: { id: 'track', title: 'Track order' } },
						{ type: 'reply', reply: { id: 'human', title: 'Talk to us' } },
					],
				},
			},
		});
		const tap = sandbox.customerTapsButton(customer, 'Talk to us');
		await tap.delivery;
		const message = messagesIn(receiver.received).find((m) => m.id === tap.messageId);
		expect(message).toMatchObject({
			type: 'interactive',
			interactive: { type: 'button_reply', button_reply: { id: 'human', title: 'Talk to us' } },
			context: { id: data.messages[0].id },
		});
	});

	test('picking a list row sends interactive.list_reply with id, title and description', async () => {
		await sandbox.customerSendsText(customer, 'menu').delivery;
		await api.post(`${sandbox.credentials.phoneNumberId}/messages`, {
			messaging_product: 'whatsapp',
			to: customer,
			type: 'interactive',
			interactive: {
				type: 'list',
				body: { text: 'Pick a drink' },
				action: { button: 'Drinks', sections: [{ title: 'Hot', rows: [{ id: 'flat-white', title: 'Flat white', description: 'Double shot, silky milk' }] }] },
			},
		});
		const pick = sandbox.customerPicksListRow(customer, 'flat-white');
		await pick.delivery;
		const message = messagesIn(receiver.received).find((m) => m.id === pick.messageId);
		expect(message.interactive).toEqual({ type: 'list_reply', list_reply: { id: 'flat-white', title: 'Flat white', description: 'Double shot, silky milk' } });
	});

	test('tapping a template quick reply sends type button with the payload set in the send', async () => {
		await api.post(`${sandbox.credentials.phoneNumberId}/messages`, {
			messaging_product: 'whatsapp',
			to: customer,
			type: 'template',
			template: {
				name: 'appointment_reminder',
				language: { code: 'en_US' },
				components: [
					{
						type: 'body',
						parameters: [
							{ type: 'text', text: 'Ana' },
							{ type: 'text', text: 'Friday 10:00' },
						],
					},
					{ type: 'button', sub_type: 'quick_reply', index: '1', parameters: [{ type: 'payload', payload: 'RESCHEDULE_42' }] },
				],
			},
		});
		const tap = sandbox.customerTapsTemplateButton(customer, 'Reschedule');
		await tap.delivery;
		const message = messagesIn(receiver.received).find((m) => m.id === tap.messageId);
		expect(message.type).toBe('button');
		expect(message.button).toEqual({ payload: 'RESCHEDULE_42', text: 'Reschedule' });
	});

	test('tapping a button that was never offered is refused', async () => {
		expect(() => sandbox.customerTapsButton(customer, 'Nope')).toThrow(/no reply button "Nope"/);
	});

	test('a reaction carries message_id and emoji; removing it leaves the emoji out', async () => {
		await sandbox.customerSendsText(customer, 'hi').delivery;
		const { data } = await sendText('Welcome!');
		const added = sandbox.customerReacts(customer, data.messages[0].id, '❤️');
		const removed = sandbox.customerReacts(customer, data.messages[0].id, '');
		await Promise.all([added.delivery, removed.delivery]);
		const messages = messagesIn(receiver.received);
		expect(messages.find((m) => m.id === added.messageId).reaction).toEqual({ message_id: data.messages[0].id, emoji: '❤️' });
		expect(messages.find((m) => m.id === removed.messageId).reaction).toEqual({ message_id: data.messages[0].id });
	});

	test('a shared location carries latitude, longitude, name and address', async () => {
		const shared = sandbox.customerSharesLocation(customer, { latitude: 52.5208, longitude: 13.4094, name: 'Alexanderplatz', address: 'Berlin' });
		await shared.delivery;
		expect(messagesIn(receiver.received)[0].location).toEqual({ latitude: 52.5208, longitude: 13.4094, name: 'Alexanderplatz', address: 'Berlin' });
	});

	test('a customer image can be retrieved and downloaded through the media API', async () => {
		const sent = sandbox.customerSendsImage(customer, { caption: 'My receipt' });
		await sent.delivery;
		const { image } = messagesIn(receiver.received)[0];
		expect(image).toMatchObject({ caption: 'My receipt', mime_type: 'image/png', id: expect.any(String), sha256: expect.any(String) });
		const retrieved = await api.get(image.id);
		expect(retrieved.status).toBe(200);
		const download = await axios.get(retrieved.data.url, {
			headers: { Authorization: `Bearer ${sandbox.credentials.accessToken}` },
			responseType: 'arraybuffer',
		});
		expect(download.headers['content-type']).toBe('image/png');
		const bytes = Buffer.from(download.data);
		expect(createHash('sha256').update(bytes).digest('base64')).toBe(image.sha256);
		expect(bytes.subarray(1, 4).toString('ascii')).toBe('PNG');
	});

	test('deliverWebhook signs and posts a crafted body byte for byte as serialized', async () => {
		const crafted = { object: 'whatsapp_business_account', entry: [{ id: 'x', changes: [{ field: 'account_update', value: { event: 'VERIFIED_ACCOUNT' } }] }] };
		const { delivery } = sandbox.deliverWebhook(crafted);
		await delivery;
		expect(receiver.received[0].body).toEqual(crafted);
		expect(receiver.received[0].headers['x-hub-signature-256']).toBe(
			`sha256=${createHmac('sha256', sandbox.credentials.appSecret).update(receiver.received[0].raw).digest('hex')}`,
		);
	});
});

describe('statuses and the 24-hour window', () => {
	beforeEach(() => freshSandbox());

	test('an accepted message is followed by signed sent, delivered and read statuses', async () => {
		await sandbox.customerSendsText(customer, 'hi').delivery;
		const { data } = await sendText('Hello!');
		const id = data.messages[0].id;
		const all = await receivedUntil(receiver, (r) => statusesIn(r).filter((s) => s.id === id).length === 3);
		const statuses = statusesIn(all).filter((s) => s.id === id);
		expect(statuses.map((s) => s.status).sort()).toEqual(['delivered', 'read', 'sent']);
		for (const status of statuses) {
			expect(status).toMatchObject({ recipient_id: customer, recipient_user_id: businessScopedUserId(customer), timestamp: expect.stringMatching(/^\d{10}$/) });
		}
		// Per-message pricing on sent and on one of delivered/read (CLOUD-API-2026.md §2).
		expect(
			statuses
				.filter((s) => s.pricing)
				.map((s) => s.status)
				.sort(),
		).toEqual(['delivered', 'sent']);
		expect(statuses.find((s) => s.status === 'sent').pricing).toMatchObject({ pricing_model: 'PMP', category: 'service' });
		// The default version, v25.0, has no `conversation` (v23.0 and older: sandbox-2026.test.ts).
		for (const status of statuses) expect(status).not.toHaveProperty('conversation');
		for (const webhook of all) {
			expect(webhook.headers['x-hub-signature-256']).toBe(`sha256=${createHmac('sha256', sandbox.credentials.appSecret).update(webhook.raw).digest('hex')}`);
		}
		expect(sandbox.messagesTo(customer)[0].status).toBe('read');
	});

	test('statuses echo the biz_opaque_callback_data of the send', async () => {
		await sandbox.customerSendsText(customer, 'hi').delivery;
		const { data } = await api.post(`${sandbox.credentials.phoneNumberId}/messages`, {
			messaging_product: 'whatsapp',
			to: customer,
			text: { body: 'Tracked' },
			biz_opaque_callback_data: 'order-1042',
		});
		const all = await receivedUntil(receiver, (r) => statusesIn(r).filter((s) => s.id === data.messages[0].id).length === 3);
		expect(
			statusesIn(all)
				.filter((s) => s.id === data.messages[0].id)
				.map((s) => s.biz_opaque_callback_data),
		).toEqual(['order-1042', 'order-1042', 'order-1042']);
	});

	test('a free-form message to a customer who never wrote is accepted, then fails with 131047', async () => {
		const response = await sendText('Hi, remember us?');
		expect(response.status).toBe(200);
		const id = response.data.messages[0].id;
		const all = await receivedUntil(receiver, (r) => statusesIn(r).some((s) => s.id === id));
		const [failed] = statusesIn(all).filter((s) => s.id === id);
		expect(failed.status).toBe('failed');
		expect(failed.errors[0]).toMatchObject({ code: 131047, title: 'Re-engagement message' });
		expect(failed.errors[0].error_data.details).toContain('24 hours');
	});

	test('a free-form message more than 24 hours after the customer last wrote fails with 131047', async () => {
		await sandbox.customerSendsText(customer, 'hi').delivery;
		sandbox.advanceClock(24 * 60 * 60 * 1000 + 1000);
		const { data } = await sendText('Sorry for the wait');
		const all = await receivedUntil(receiver, (r) => statusesIn(r).some((s) => s.id === data.messages[0].id));
		expect(statusesIn(all).find((s) => s.id === data.messages[0].id).errors[0].code).toBe(131047);
	});

	test('a message to a number that is not on WhatsApp is accepted, then fails with 131026', async () => {
		await sandbox.stop();
		sandbox = await startSandbox({
			callbackUrl: receiver.url,
			verifyToken: receiver.verifyToken,
			statusDelaysMs: [5, 10, 15],
			numbersNotOnWhatsApp: ['+1 555 000 0000'],
		});
		api = graphClient(sandbox);
		const { data, status } = await api.post(`${sandbox.credentials.phoneNumberId}/messages`, {
			messaging_product: 'whatsapp',
			to: '15550000000',
			type: 'template',
			template: { name: 'hello_world', language: { code: 'en_US' } },
		});
		expect(status).toBe(200);
		const all = await receivedUntil(receiver, (r) => statusesIn(r).some((s) => s.id === data.messages[0].id));
		expect(statusesIn(all).find((s) => s.id === data.messages[0].id)).toMatchObject({ status: 'failed', errors: [{ code: 131026 }] });
	});

	test('a template reaches a customer outside the window', async () => {
		const { data } = await api.post(`${sandbox.credentials.phoneNumberId}/messages`, {
			messaging_product: 'whatsapp',
			to: customer,
			type: 'template',
			template: { name: 'hello_world', language: { code: 'en_US' } },
		});
		const id = data.messages[0].id;
		const all = await receivedUntil(receiver, (r) => statusesIn(r).some((s) => s.id === id && s.status === 'read'));
		const statuses = statusesIn(all).filter((s) => s.id === id);
		expect(statuses.some((s) => s.status === 'failed')).toBe(false);
		expect(statuses.find((s) => s.status === 'sent').pricing).toMatchObject({ billable: true, category: 'utility' });
	});

	test('mark-as-read answers success and marks the customer message read', async () => {
		const inbound = sandbox.customerSendsText(customer, 'hi');
		await inbound.delivery;
		const response = await api.post(`${sandbox.credentials.phoneNumberId}/messages`, {
			messaging_product: 'whatsapp',
			status: 'read',
			message_id: inbound.messageId,
			typing_indicator: { type: 'text' },
		});
		expect(response.status).toBe(200);
		expect(response.data).toEqual({ success: true });
		const entry = sandbox.conversation(customer).find((e) => e.id === inbound.messageId);
		expect(entry).toMatchObject({ direction: 'in', readByBusiness: true });
		expect(sandbox.customers()[0].typingUntil).toBeGreaterThan(Date.now());
	});

	test('mark-as-read of an unknown message is a code-100 error', async () => {
		const response = await api.post(`${sandbox.credentials.phoneNumberId}/messages`, {
			messaging_product: 'whatsapp',
			status: 'read',
			message_id: 'wamid.unknown',
		});
		expect(response.status).toBe(400);
		expect(response.data.error.code).toBe(100);
		expect(response.data.error.error_data.details).toContain('message_id');
	});
});

describe('delivery retries', () => {
	test('a webhook not answered 200 is retried with the configured backoff until it is', async () => {
		await freshSandbox({ retryBackoffMs: [50, 100] });
		receiver.answerWith.push(500, 503);
		const action = sandbox.customerSendsText(customer, 'anyone there?');
		const outcome = await action.delivery;
		expect(outcome).toMatchObject({ state: 'delivered', attempts: 3, lastStatus: 200 });
		const record = sandbox.webhooks().find((w) => w.id === action.webhookId)!;
		expect(record.attempts.map((a) => a.status)).toEqual([500, 503, 200]);
		const times = record.attempts.map((a) => Date.parse(a.at) + a.durationMs);
		const starts = record.attempts.map((a) => Date.parse(a.at));
		expect(starts[1] - times[0]).toBeGreaterThanOrEqual(49);
		expect(starts[2] - times[1]).toBeGreaterThanOrEqual(99);
		expect(receiver.received.map((r) => r.raw.toString())).toEqual(Array(3).fill(receiver.received[0].raw.toString()));
	});

	test('after the last attempt the delivery is marked failed when attempts are limited', async () => {
		await freshSandbox({ retryBackoffMs: [10], maxDeliveryAttempts: 2 });
		receiver.answerWith.push(500, 500);
		const outcome = await sandbox.customerSendsText(customer, 'hello?').delivery;
		expect(outcome).toMatchObject({ state: 'failed', attempts: 2, lastStatus: 500 });
	});

	test('a callback that is down keeps the message pending and delivers it once it is back', async () => {
		await freshSandbox({ retryBackoffMs: [20] });
		await receiver.close();
		const action = sandbox.customerSendsText(customer, 'are you open?');
		await new Promise<void>((resolve) => {
			const check = () => (sandbox.webhooks()[0].attempts.length >= 2 ? resolve() : setTimeout(check, 10));
			check();
		});
		expect(sandbox.webhooks()[0]).toMatchObject({ state: 'pending', kind: 'message', messageId: action.messageId });
		expect(sandbox.webhooks()[0].attempts[0].error).toBeDefined();
		expect(sandbox.conversation(customer)[0]).toMatchObject({ delivery: 'pending' });
		receiver = await startWebhookReceiver();
		await sandbox.setCallback(receiver.url, receiver.verifyToken);
		expect(await action.delivery).toMatchObject({ state: 'delivered' });
		expect(messagesIn(receiver.received)[0].text.body).toBe('are you open?');
		expect(sandbox.conversation(customer)[0]).toMatchObject({ delivery: 'delivered' });
	});

	test('without any callback a customer message waits as pending until one is subscribed', async () => {
		receiver = await startWebhookReceiver();
		sandbox = await startSandbox();
		const action = sandbox.customerSendsText(customer, 'first!');
		expect(sandbox.webhooks()[0].state).toBe('pending');
		await sandbox.setCallback(receiver.url, receiver.verifyToken);
		expect((await action.delivery).state).toBe('delivered');
	});
});

describe('subscribing the callback', () => {
	beforeEach(async () => {
		receiver = await startWebhookReceiver();
		sandbox = await startSandbox({ statusDelaysMs: [5, 10, 15] });
		api = graphClient(sandbox);
	});
	const appToken = () => `${sandbox.credentials.appId}|${sandbox.credentials.appSecret}`;

	test('setCallback refuses a callback that fails the verify handshake, naming why', async () => {
		await expect(sandbox.setCallback(receiver.url, 'wrong-token')).rejects.toThrow(/HTTP 403/);
		expect(sandbox.callbackUrl()).toBeUndefined();
	});

	test('the handshake is a GET with hub.mode, hub.verify_token and hub.challenge', async () => {
		await sandbox.setCallback(receiver.url, receiver.verifyToken);
		const [query] = receiver.verifications;
		expect(query.get('hub.mode')).toBe('subscribe');
		expect(query.get('hub.verify_token')).toBe(receiver.verifyToken);
		expect(query.get('hub.challenge')).toMatch(/^\d+$/);
	});

	test('an app subscription routes webhooks to the callback once the handshake passes', async () => {
		const apps = graphClient(sandbox, appToken());
		const subscribe = await apps.post(`${sandbox.credentials.appId}/subscriptions`, {
			object: 'whatsapp_business_account',
			callback_url: receiver.url,
			verify_token: receiver.verifyToken,
			fields: 'messages',
		});
		expect(subscribe.data).toEqual({ success: true });
		expect(sandbox.callbackUrl()).toBe(receiver.url);
		expect((await sandbox.customerSendsText(customer, 'hi').delivery).state).toBe('delivered');
	});

	test('a WABA not subscribed to the app gets webhooks only after POST subscribed_apps', async () => {
		await sandbox.stop();
		sandbox = await startSandbox({ wabaSubscribedToApp: false });
		api = graphClient(sandbox);
		expect((await api.get(`${sandbox.credentials.businessAccountId}/subscribed_apps`)).data.data).toEqual([]);
		const apps = graphClient(sandbox, appToken());
		const subscribe = await apps.post(
			`${sandbox.credentials.appId}/subscriptions`,
			new URLSearchParams({ object: 'whatsapp_business_account', callback_url: receiver.url, verify_token: receiver.verifyToken, fields: 'messages' }),
		);
		expect(subscribe.data).toEqual({ success: true });
		expect(receiver.verifications).toHaveLength(1);
		const listed = await apps.get(`${sandbox.credentials.appId}/subscriptions`);
		expect(listed.data.data).toEqual([
			{ object: 'whatsapp_business_account', callback_url: receiver.url, active: true, fields: [{ name: 'messages', version: sandbox.apiVersion }] },
		]);
		expect(sandbox.callbackUrl()).toBeUndefined();
		const pending = sandbox.customerSendsText(customer, 'waiting for the WABA');
		const subscribedApps = await api.post(`${sandbox.credentials.businessAccountId}/subscribed_apps`);
		expect(subscribedApps.data).toEqual({ success: true });
		expect((await api.get(`${sandbox.credentials.businessAccountId}/subscribed_apps`)).data.data[0].whatsapp_business_api_data.id).toBe(
			sandbox.credentials.appId,
		);
		expect((await pending.delivery).state).toBe('delivered');
	});

	test('the subscriptions API needs the app access token (code 15 with the system token)', async () => {
		const response = await api.post(`${sandbox.credentials.appId}/subscriptions`, {
			object: 'whatsapp_business_account',
			callback_url: receiver.url,
			verify_token: receiver.verifyToken,
		});
		expect(response.status).toBe(400);
		expect(response.data.error.code).toBe(15);
	});

	test('a subscription whose handshake fails is refused with code 2200', async () => {
		const apps = graphClient(sandbox, appToken());
		const response = await apps.post(`${sandbox.credentials.appId}/subscriptions`, {
			object: 'whatsapp_business_account',
			callback_url: receiver.url,
			verify_token: 'not-the-token',
			fields: ['messages'],
		});
		expect(response.status).toBe(400);
		expect(response.data.error.code).toBe(2200);
		expect((await apps.get(`${sandbox.credentials.appId}/subscriptions`)).data.data).toEqual([]);
	});

	test('deleting the subscription stops deliveries', async () => {
		await sandbox.setCallback(receiver.url, receiver.verifyToken);
		const apps = graphClient(sandbox, appToken());
		expect((await apps.delete(`${sandbox.credentials.appId}/subscriptions`, { params: { object: 'whatsapp_business_account' } })).data).toEqual({
			success: true,
		});
		sandbox.customerSendsText(customer, 'hello?');
		expect(sandbox.callbackUrl()).toBeUndefined();
		expect(sandbox.webhooks()[0].state).toBe('pending');
	});
});
