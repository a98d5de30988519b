import { spawn } from 'node:child_process';
import http from 'node:http';
import { resolve } from 'node:path';
import axios from 'axios';
import { startSandbox, Sandbox } from '../../sandbox';
import { graphClient, messagesIn, startWebhookReceiver, statusesIn, WebhookReceiver } from './sandboxTestKit';
import { DEFAULT_API_VERSION } from '../../nodes/shared/whatsapp/graphApiVersion';

// The /_sandbox controls let another process (n8n engine tests, the demo, the phone page) do
// everything the library API does; `npm run sandbox` starts and stops cleanly.

const customer = '4915112345678';
let sandbox: Sandbox;
let receiver: WebhookReceiver;
let control: ReturnType<typeof axios.create>;

beforeEach(async () => {
	receiver = await startWebhookReceiver();
	sandbox = await startSandbox({ statusDelaysMs: [5, 10, 15], retryBackoffMs: [20] });
	control = axios.create({ baseURL: `${sandbox.baseUrl}/_sandbox/`, validateStatus: () => true });
});
afterEach(async () => {
	await sandbox.stop();
	await receiver.close();
});

test('state tells the credentials, the page, the callback and the pending count', async () => {
	const { data } = await control.get('state');
	expect(data).toMatchObject({
		credentials: sandbox.credentials,
		baseUrl: sandbox.baseUrl,
		pageUrl: sandbox.pageUrl,
		apiVersion: DEFAULT_API_VERSION,
		callbackUrl: null,
		pendingWebhooks: 0,
		customers: [],
	});
	expect((await control.get('credentials')).data).toEqual(sandbox.credentials);
});

test('a callback set over HTTP is verified first; a failing one is refused with the reason', async () => {
	const refused = await control.post('callback', { url: receiver.url, verifyToken: 'wrong' });
	expect(refused.status).toBe(400);
	expect(refused.data.error.message).toContain('HTTP 403');
	const accepted = await control.post('callback', { url: receiver.url, verifyToken: receiver.verifyToken });
	expect(accepted.data).toEqual({ callbackUrl: receiver.url });
});

test('customer actions over HTTP produce the same webhooks, and can wait for the delivery outcome', async () => {
	await control.post('callback', { url: receiver.url, verifyToken: receiver.verifyToken });
	expect((await control.post('customers', { phone: '+49 151 12345678', name: 'Ana' })).data).toMatchObject({ waId: customer, name: 'Ana' });
	const text = await control.post(`customers/${customer}/text`, { text: 'Hi there', waitForDelivery: true });
	expect(text.data).toMatchObject({ messageId: expect.stringMatching(/^wamid\./), delivery: { state: 'delivered', attempts: 1 } });
	expect(messagesIn(receiver.received)[0]).toMatchObject({ id: text.data.messageId, text: { body: 'Hi there' } });

	const api = graphClient(sandbox);
	await api.post(`${sandbox.credentials.phoneNumberId}/messages`, {
		messaging_product: 'whatsapp',
		to: customer,
		type: 'interactive',
		interactive: { type: 'button', body: { text: 'Yes?' }, action: { buttons: [{ type: 'reply', reply: { id: 'yes', title: 'Yes' } }] } },
	});
	const tap = await control.post(`customers/${customer}/button`, { button: 'yes', waitForDelivery: true });
	expect(messagesIn(receiver.received).find((m) => m.id === tap.data.messageId).interactive.button_reply).toEqual({ id: 'yes', title: 'Yes' });

	const location = await control.post(`customers/${customer}/location`, { latitude: 1.5, longitude: 2.5, waitForDelivery: true });
	expect(messagesIn(receiver.received).find((m) => m.id === location.data.messageId).location).toEqual({ latitude: 1.5, longitude: 2.5 });

	const image = await control.post(`customers/${customer}/image`, { caption: 'receipt', waitForDelivery: true });
	expect(messagesIn(receiver.received).find((m) => m.id === image.data.messageId).image.caption).toBe('receipt');
});

test('a customer action the customer cannot do answers 400 with the reason', async () => {
	const response = await control.post(`customers/${customer}/list-row`, { row: 'nothing' });
	expect(response.status).toBe(400);
	expect(response.data.error.message).toContain('no list row "nothing"');
	expect((await control.post(`customers/${customer}/dance`, {})).status).toBe(404);
	const nameless = await control.post('customers', { phone: 'ana', name: 'Ana' });
	expect(nameless.status).toBe(400);
	expect(nameless.data.error.message).toContain('is not a phone number');
	const nowhere = await control.post(`customers/${customer}/location`, { latitude: 'north', longitude: 2 });
	expect(nowhere.status).toBe(400);
	expect(nowhere.data.error.message).toContain('latitude between -90 and 90');
	expect((await control.post(`customers/${customer}/text`, { text: '' })).data.error.message).toContain('"text" is required');
});

test('messages waits for the business to send the wanted count', async () => {
	const api = graphClient(sandbox);
	const waiting = control.get('messages', { params: { to: customer, waitForCount: 2, timeoutMs: 5000 } });
	await api.post(`${sandbox.credentials.phoneNumberId}/messages`, { messaging_product: 'whatsapp', to: customer, text: { body: 'one' } });
	await api.post(`${sandbox.credentials.phoneNumberId}/messages`, { messaging_product: 'whatsapp', to: customer, text: { body: 'two' } });
	const { data } = await waiting;
	expect(data.map((m: { body: { text: { body: string } } }) => m.body.text.body)).toEqual(['one', 'two']);
	const timedOut = await control.get('messages', { params: { to: customer, waitForCount: 3, timeoutMs: 50 } });
	expect(timedOut.status).toBe(408);
});

test('faults, the clock and a raw webhook can be driven over HTTP', async () => {
	await control.post('callback', { url: receiver.url, verifyToken: receiver.verifyToken });
	await control.post('faults', { count: 1, status: 500, code: 1 });
	const api = graphClient(sandbox);
	expect((await api.get(sandbox.credentials.phoneNumberId)).status).toBe(500);
	expect((await api.get(sandbox.credentials.phoneNumberId)).status).toBe(200);

	await control.post(`customers/${customer}/text`, { text: 'hi', waitForDelivery: true });
	await control.post('clock/advance', { ms: 25 * 3600 * 1000 });
	const { data } = await api.post(`${sandbox.credentials.phoneNumberId}/messages`, { messaging_product: 'whatsapp', to: customer, text: { body: 'late' } });
	await new Promise<void>((done) => {
		const check = () => (statusesIn(receiver.received).some((s) => s.id === data.messages[0].id) ? done() : setTimeout(check, 10));
		check();
	});
	expect(statusesIn(receiver.received).find((s) => s.id === data.messages[0].id).errors[0].code).toBe(131047);

	const raw = await control.post('webhooks', { body: { object: 'whatsapp_business_account', entry: [] }, waitForDelivery: true });
	expect(raw.data.delivery.state).toBe('delivered');
	expect((await control.get('webhooks')).data.some((w: { id: string }) => w.id === raw.data.webhookId)).toBe(true);
});

test('reset forgets conversations and records but keeps the callback', async () => {
	await control.post('callback', { url: receiver.url, verifyToken: receiver.verifyToken });
	await control.post(`customers/${customer}/text`, { text: 'hi', waitForDelivery: true });
	await control.post('reset');
	const { data } = await control.get('state');
	expect(data).toMatchObject({ customers: [], callbackUrl: receiver.url });
	expect((await control.get('webhooks')).data).toEqual([]);
});

test('events stream a conversation change when a customer writes', async () => {
	const firstEvent = new Promise<string>((resolveEvent, reject) => {
		const request = http.get(`${sandbox.baseUrl}/_sandbox/events`, (response) => {
			expect(response.headers['content-type']).toBe('text/event-stream');
			let text = '';
			response.on('data', (chunk: Buffer) => {
				text += chunk.toString();
				const conversationEvent = [...text.matchAll(/event: change\ndata: (.*)\n\n/g)].map((m) => m[1]).find((d) => d.includes('"conversation"'));
				if (conversationEvent) {
					request.destroy();
					resolveEvent(conversationEvent);
				}
			});
		});
		request.on('error', reject);
		request.on('response', () => sandbox.customerSendsText(customer, 'ping'));
	});
	expect(JSON.parse(await firstEvent)).toEqual({ type: 'conversation', waId: customer });
});

test('npm run sandbox prints the API URL, page URL and credentials, and stops on Ctrl-C', async () => {
	const child = spawn(resolve('node_modules/.bin/tsx'), ['sandbox/cli.ts', '--port', '0'], {
		cwd: resolve(__dirname, '../..'),
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
	try {
		let output = '';
		await new Promise<void>((ready, failed) => {
			child.stdout.on('data', (chunk: Buffer) => {
				output += chunk.toString();
				if (output.includes('Press Ctrl-C')) ready();
			});
			child.on('exit', (code) => failed(new Error(`exited early with ${code}: ${output}`)));
		});
		const baseUrl = /Graph API Base URL:\s+(\S+)/.exec(output)![1];
		// The sandbox reports the version the nodes call by default.
		expect(output).toContain(`Graph API base URL: ${baseUrl}/${DEFAULT_API_VERSION}/`);
		expect(output).toContain(`Phone page:         ${baseUrl}/`);
		for (const label of [
			'Access Token',
			'Phone Number ID',
			'WhatsApp Business Account ID',
			'App ID',
			'App Secret',
			'Webhook Verify Token',
			'Graph API Version',
		])
			expect(output).toContain(`${label}:`);
		const { data } = await axios.get(`${baseUrl}/_sandbox/credentials`);
		expect(output).toContain(data.accessToken);
		child.kill('SIGINT');
		expect(await exited).toBe(0);
	} finally {
		// A failed expectation must not leave the sandbox running: jest would wait for it forever.
		if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
	}
}, 30_000);
