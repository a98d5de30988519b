import { startSandbox, type Sandbox } from '../../sandbox';
import { startSandboxProcess } from './sandboxProcess';
import { CloudApiClient, type CloudApiClientOptions } from '../../nodes/shared/whatsapp/CloudApiClient';
import { GraphApiError } from '../../nodes/shared/whatsapp/GraphApiError';
import { InProcessSendRateLimiter } from '../../nodes/shared/whatsapp/SendRateLimiter';
import {
	buildContactsMessage,
	buildCtaUrl,
	buildInteractiveList,
	buildLocationMessage,
	buildMediaMessage,
	buildReactionMessage,
	buildReplyButtons,
	buildTemplateMessage,
	buildTextMessages,
	MessageLimitError,
} from '../../nodes/shared/whatsapp/messages';

// The Cloud API client and the message builders against the project's Cloud API sandbox over
// real HTTP: what the sandbox accepts, Meta accepts; what it rejects comes back as Meta does.

let sandbox: Sandbox;
const customer = '4915112345678';

beforeAll(async () => {
	sandbox = await startSandbox({ statusDelaysMs: [5, 10, 15], autoRead: false });
});
afterAll(() => sandbox.stop());
beforeEach(() => sandbox.reset());

const clientFor = (overrides: Partial<CloudApiClientOptions> = {}) =>
	new CloudApiClient({ ...sandbox.credentials, retry: { retries: 3, baseDelayMs: 20, maxDelayMs: 2000 }, ...overrides });
const sends = () => sandbox.requests().filter((r) => r.method === 'POST' && r.path.endsWith('/messages'));
const caught = async (promise: Promise<unknown>): Promise<GraphApiError> => {
	const outcome = await promise.then(
		() => undefined,
		(error: unknown) => error,
	);
	expect(outcome).toBeInstanceOf(GraphApiError);
	return outcome as GraphApiError;
};

describe('every message type the builders make is accepted', () => {
	const to = { to: `+${customer}` };

	it('sends a text and reports the message id and the wa_id', async () => {
		const [body] = buildTextMessages(to, { body: '**Hello** there', markdown: true });
		const result = await clientFor().sendMessage(body);
		expect(result.messageId).toMatch(/^wamid\./);
		expect(result.waId).toBe(customer);
		expect(sandbox.messagesTo(customer)[0].body).toMatchObject({ type: 'text', text: { body: '*Hello* there' } });
	});

	it('sends a 9000-character text as three messages, each within 4096', async () => {
		const paragraph = 'This sentence is part of a long answer. '.repeat(50).trim();
		const bodies = buildTextMessages(to, { body: Array.from({ length: 4 }, () => paragraph).join('\n\n') + '\n\n' + 'x'.repeat(1000) });
		for (const body of bodies) await clientFor().sendMessage(body);
		const texts = sandbox.messagesTo(customer).map((m) => (m.body.text as { body: string }).body);
		expect(texts.length).toBe(bodies.length);
		expect(texts.every((t) => t.length <= 4096)).toBe(true);
	});

	it.each([
		['image', { mediaType: 'image' as const, link: 'https://example.com/a.png', caption: 'c'.repeat(1024) }],
		['video', { mediaType: 'video' as const, link: 'https://example.com/a.mp4' }],
		['audio', { mediaType: 'audio' as const, link: 'https://example.com/a.ogg' }],
		['document', { mediaType: 'document' as const, link: 'https://example.com/a.pdf', filename: 'a.pdf', caption: 'Invoice' }],
		['sticker', { mediaType: 'sticker' as const, link: 'https://example.com/a.webp' }],
	])('sends %s by link', async (_name, media) => {
		await clientFor().sendMessage(buildMediaMessage(to, media));
		expect(sandbox.messagesTo(customer)).toHaveLength(1);
	});

	it('uploads a file and sends it by media id', async () => {
		const client = clientFor();
		const { id } = await client.uploadMedia({ data: Buffer.from('%PDF-1.4 test'), mimeType: 'application/pdf', fileName: 'terms.pdf' });
		await client.sendMessage(buildMediaMessage(to, { mediaType: 'document', id, filename: 'terms.pdf' }));
		expect(sandbox.messagesTo(customer)[0].body).toMatchObject({ document: { id } });
	});

	it('sends a location and contacts', async () => {
		await clientFor().sendMessage(buildLocationMessage(to, { latitude: 52.52, longitude: 13.405, name: 'Shop', address: 'Main St 1' }));
		await clientFor().sendMessage(buildContactsMessage(to, [{ name: 'Support Team', phones: ['+49 30 1234567'], emails: ['help@example.com'] }]));
		expect(sandbox.messagesTo(customer).map((m) => m.body.type)).toEqual(['location', 'contacts']);
	});

	it('sends three buttons with titles of exactly 20 characters', async () => {
		const buttons = ['a', 'b', 'c'].map((c) => c.repeat(20));
		await clientFor().sendMessage(buildReplyButtons(to, { body: 'Pick', footer: 'f'.repeat(60), header: { type: 'text', text: 'h'.repeat(60) }, buttons }));
		expect(sandbox.messagesTo(customer)).toHaveLength(1);
	});

	it('sends a list of ten rows in two sections at every length limit', async () => {
		const row = (s: string, i: number) => ({ id: `${s}${i}`.padEnd(200, 'x'), title: `${s}${i}`.padEnd(24, '.'), description: 'd'.repeat(72) });
		const sections = ['A', 'B'].map((s) => ({ title: s.repeat(24), rows: Array.from({ length: 5 }, (_, i) => row(s, i)) }));
		await clientFor().sendMessage(buildInteractiveList(to, { body: 'b'.repeat(4096), buttonText: 'o'.repeat(20), sections }));
		expect(sandbox.messagesTo(customer)).toHaveLength(1);
	});

	it('sends a CTA URL button', async () => {
		await clientFor().sendMessage(buildCtaUrl(to, { body: 'Track your order', displayText: 'Track order', url: 'https://example.com/t/1' }));
		expect(sandbox.messagesTo(customer)[0].body).toMatchObject({ interactive: { type: 'cta_url' } });
	});

	it('sends an approved template with body parameters', async () => {
		await clientFor().sendMessage(buildTemplateMessage(to, { name: 'order_update', languageCode: 'en_US', body: ['Ana', '#1042', 'packed'] }));
		expect(sandbox.messagesTo(customer)[0].body).toMatchObject({ type: 'template' });
	});

	it('sends a template with header and URL button parameters', async () => {
		await clientFor().sendMessage(
			buildTemplateMessage(to, { name: 'delivery_tracking', languageCode: 'en_US', header: ['#1042'], buttons: [{ subType: 'url', index: 0, value: '1042' }] }),
		);
		expect(sandbox.messagesTo(customer)).toHaveLength(1);
	});

	it('reacts to a customer message, removes the reaction, marks it read and shows typing', async () => {
		const { messageId } = sandbox.customerSendsText(customer, 'Hi!');
		const client = clientFor();
		await client.sendMessage(buildReactionMessage(to, { messageId, emoji: '👍' }));
		await client.sendMessage(buildReactionMessage(to, { messageId, emoji: '' }));
		expect(await client.markAsRead(messageId)).toEqual({ success: true });
		expect(await client.markAsRead(messageId, { typing: true })).toEqual({ success: true });
		const readRequests = sends().filter((r) => (r.body as { status?: string }).status === 'read');
		expect(readRequests.map((r) => (r.body as { typing_indicator?: unknown }).typing_indicator)).toEqual([undefined, { type: 'text' }]);
	});
});

describe('limits are checked before any request', () => {
	it.each([
		['a button title of 21 characters', () => buildReplyButtons({ to: customer }, { body: 'b', buttons: ['x'.repeat(21)] })],
		['four buttons', () => buildReplyButtons({ to: customer }, { body: 'b', buttons: ['a', 'b', 'c', 'd'] })],
		['eleven list rows', () => buildInteractiveList({ to: customer }, { body: 'b', buttonText: 'Open', rows: Array.from({ length: 11 }, (_, i) => `r${i}`) })],
		['a caption of 1025 characters', () => buildMediaMessage({ to: customer }, { mediaType: 'image', link: 'https://e.com/a.png', caption: 'c'.repeat(1025) })],
	])('%s throws a MessageLimitError and sends nothing', (_name, build) => {
		expect(build).toThrow(MessageLimitError);
		expect(sends()).toHaveLength(0);
	});

	it('agrees with the sandbox: a body the builder refuses is refused by the Graph API too, naming the field', async () => {
		const body = {
			messaging_product: 'whatsapp',
			to: customer,
			type: 'interactive',
			interactive: { type: 'button', body: { text: 'b' }, action: { buttons: [{ type: 'reply', reply: { id: 'a', title: 'x'.repeat(21) } }] } },
		};
		const error = await caught(clientFor().sendMessage(body));
		expect(error.code).toBe(131009);
		expect(error.hint).toContain("interactive['action']['buttons'][0]['reply']['title']");
	});
});

describe('Graph errors', () => {
	it('an invalid token gives code 190, HTTP 401 and a hint to renew it, without the token anywhere', async () => {
		const token = 'EAAGwrongTokenValue123';
		const error = await caught(clientFor({ accessToken: token }).sendMessage(buildTextMessages({ to: customer }, { body: 'hi' })[0]));
		expect(error).toMatchObject({ code: 190, httpStatus: 401, attempts: 1 });
		expect(error.hint).toMatch(/new system-user token/);
		expect(JSON.stringify(error)).not.toContain(token);
		expect(String(error.stack)).not.toContain(token);
	});

	it('an unknown template gives code 132001 and a hint to check the template', async () => {
		const error = await caught(clientFor().sendMessage(buildTemplateMessage({ to: customer }, { name: 'no_such_template', languageCode: 'en_US' })));
		expect(error.code).toBe(132001);
		expect(error.hint).toMatch(/template/);
		expect(error.fbtraceId).toBeTruthy();
	});

	it('a wrong template parameter count gives code 132000', async () => {
		const error = await caught(clientFor().sendMessage(buildTemplateMessage({ to: customer }, { name: 'order_update', languageCode: 'en_US', body: ['Ana'] })));
		expect(error.code).toBe(132000);
	});

	it('an unreachable server names the base URL and leaks no token', async () => {
		const error = await caught(
			new CloudApiClient({ ...sandbox.credentials, baseUrl: 'http://127.0.0.1:9', retry: false }).sendMessage({
				to: customer,
				type: 'text',
				text: { body: 'x' },
			}),
		);
		expect(error.networkCode).toBe('ECONNREFUSED');
		expect(error.hint).toContain('http://127.0.0.1:9');
		expect(JSON.stringify(error)).not.toContain(sandbox.credentials.accessToken);
	});
});

describe('retries never send a message twice', () => {
	const text = () => buildTextMessages({ to: customer }, { body: 'once' })[0];

	it.each([
		['HTTP 429 (130429)', { status: 429 }],
		['HTTP 400 with code 131056', { status: 400, code: 131056 }],
		['HTTP 400 with code 80007', { status: 400, code: 80007 }],
		['HTTP 400 with code 4', { status: 400, code: 4 }],
		['HTTP 500 with a Graph error body', { status: 500 }],
		['HTTP 503', { status: 503 }],
	])('retries after %s and the message arrives exactly once', async (_name, fault) => {
		sandbox.injectFault({ ...fault, count: 2, path: '/messages' });
		const result = await clientFor().sendMessage(text());
		expect(sends()).toHaveLength(3);
		expect(sandbox.messagesTo(customer).map((m) => m.id)).toEqual([result.messageId]);
	});

	it('gives up after the configured retries with the last error and the attempt count', async () => {
		sandbox.injectFault({ status: 429, count: 10, path: '/messages' });
		const error = await caught(clientFor({ retry: { retries: 2, baseDelayMs: 10, maxDelayMs: 100 } }).sendMessage(text()));
		expect(error).toMatchObject({ code: 130429, attempts: 3 });
		expect(sandbox.messagesTo(customer)).toHaveLength(0);
	});

	it('does not retry a final error', async () => {
		sandbox.injectFault({ status: 400, code: 131026, count: 1, path: '/messages' });
		const error = await caught(clientFor().sendMessage(text()));
		expect(error).toMatchObject({ code: 131026, attempts: 1 });
		expect(sends()).toHaveLength(1);
	});

	it('does not retry a send that timed out, because Meta may have accepted it', async () => {
		sandbox.injectFault({ delayMs: 600, count: 1, path: '/messages' });
		const error = await caught(clientFor({ timeoutMs: 150 }).sendMessage(text()));
		expect(error.networkCode).toBe('ECONNABORTED');
		expect(error.hint).toMatch(/may still have been sent/);
		await sandbox.waitForMessagesTo(customer, 1, 5000);
		await new Promise((resolve) => setTimeout(resolve, 300));
		expect(sandbox.messagesTo(customer)).toHaveLength(1);
		expect(sends()).toHaveLength(1);
	});

	it('does retry a read (idempotent) that timed out', async () => {
		sandbox.injectFault({ delayMs: 600, count: 1, path: '/message_templates' });
		const templates = await clientFor({ timeoutMs: 150 }).listTemplates();
		expect(templates.length).toBeGreaterThan(0);
	});
});

describe('media', () => {
	it('uploads, describes, downloads and deletes a file', async () => {
		const client = clientFor();
		const data = Buffer.from('a small but real file body');
		const { id } = await client.uploadMedia({ data, mimeType: 'text/plain', fileName: 'note.txt' });
		const info = await client.getMediaInfo(id);
		expect(info).toMatchObject({ id, mime_type: 'text/plain', file_size: data.length });
		const downloaded = await client.downloadMedia(id);
		expect(downloaded.data.equals(data)).toBe(true);
		expect(downloaded.mimeType).toBe('text/plain');
		expect(await client.deleteMedia(id)).toEqual({ success: true });
		expect((await caught(client.getMediaInfo(id))).httpStatus).toBeGreaterThanOrEqual(400);
	});

	it('downloads the image a customer sent', async () => {
		sandbox.customerSendsImage(customer, { caption: 'my receipt' });
		const inbound = sandbox.conversation(customer).find((entry) => entry.direction === 'in');
		const mediaId = inbound?.direction === 'in' ? (inbound.message.image as { id: string }).id : '';
		const media = await clientFor().downloadMedia(mediaId);
		expect(media.mimeType).toBe('image/png');
		expect(media.data.subarray(1, 4).toString()).toBe('PNG');
	});

	it('refuses a download over the maximum size before fetching it', async () => {
		const client = clientFor();
		const { id } = await client.uploadMedia({ data: Buffer.alloc(2048, 1), mimeType: 'application/pdf', fileName: 'big.pdf' });
		const error = await caught(client.downloadMedia(id, { maxBytes: 1024 }));
		expect(error.message).toContain('more than the maximum of 1024 bytes');
		expect(sandbox.requests().some((r) => r.path.startsWith('/whatsapp_business/attachments'))).toBe(false);
	});
});

describe('templates, numbers and subscriptions', () => {
	it('loads every page of templates', async () => {
		const many = await startSandbox({
			templates: Array.from({ length: 230 }, (_, i) => ({
				name: `template_${i}`,
				language: 'en_US',
				category: 'UTILITY' as const,
				status: 'APPROVED' as const,
				parameter_format: 'POSITIONAL' as const,
				id: String(9000 + i),
				components: [{ type: 'BODY' as const, text: `Template ${i}` }],
			})),
		});
		try {
			const templates = await new CloudApiClient(many.credentials).listTemplates();
			expect(templates.map((t) => t.name)).toEqual(Array.from({ length: 230 }, (_, i) => `template_${i}`));
			expect(many.requests().filter((r) => r.path.endsWith('/message_templates')).length).toBeGreaterThan(1);
		} finally {
			await many.stop();
		}
	});

	it('lists the business phone numbers', async () => {
		const numbers = await clientFor().listPhoneNumbers();
		expect(numbers[0]).toMatchObject({ id: sandbox.credentials.phoneNumberId });
	});

	it('subscribes the app and the WABA, lists and removes the subscription with the app token', async () => {
		const client = clientFor();
		const { startWebhookReceiver } = await import('./sandboxTestKit');
		const receiver = await startWebhookReceiver(sandbox.credentials.verifyToken);
		try {
			expect(await client.subscribeApp({ callbackUrl: receiver.url, verifyToken: sandbox.credentials.verifyToken, fields: ['messages'] })).toEqual({
				success: true,
			});
			expect(await client.subscribeWabaToApp()).toEqual({ success: true });
			expect((await client.listAppSubscriptions())[0]).toMatchObject({ object: 'whatsapp_business_account', callback_url: receiver.url });
			expect(await client.listWabaSubscribedApps()).toHaveLength(1);
			expect(await client.unsubscribeApp()).toEqual({ success: true });
			expect(await client.listAppSubscriptions()).toEqual([]);
			const appCalls = sandbox.requests().filter((r) => r.path.includes(`/${sandbox.credentials.appId}/subscriptions`));
			expect(appCalls.every((r) => r.auth === 'app')).toBe(true);
		} finally {
			await receiver.close();
			sandbox.clearCallback();
		}
	});
});

describe('rate limiter', () => {
	it('sends 1000 messages concurrently at the sandbox limit without one 130429', async () => {
		const remote = await startSandboxProcess({ throughputPerSecond: 80, statusDelaysMs: [5, 10, 15], autoRead: false });
		try {
			const credentials = remote.credentials as CloudApiClientOptions;
			const client = new CloudApiClient({ ...credentials, rateLimiter: new InProcessSendRateLimiter({ messagesPerSecond: 80 }), retry: false });
			const recipients = Array.from({ length: 1000 }, (_, i) => `1555${String(i).padStart(7, '0')}`);
			let next = 0;
			const worker = async () => {
				while (next < recipients.length) {
					const to = recipients[next++];
					await client.sendMessage(buildTextMessages({ to }, { body: `Message to ${to}` })[0]);
				}
			};
			await Promise.all(Array.from({ length: 50 }, worker));
			const statuses = (await remote.sends()).map((r) => r.status);
			expect(statuses).toHaveLength(1000);
			expect(statuses.filter((s) => s !== 200)).toEqual([]);
		} finally {
			remote.stop();
		}
	}, 90_000);
});

describe('secrets an API echoes back', () => {
	it('leaves the access token and app secret out of every field of the error (message, details, hint)', async () => {
		const http = await import('node:http');
		const accessToken = 'EAAG-echoed-token-123456';
		const appSecret = 'echoed-app-secret-654321';
		// A Graph API that quotes the caller's bearer token in each text of its error, as a proxy or a
		// misbehaving emulator might.
		const server = http.createServer((req, res) => {
			const token = String(req.headers.authorization ?? '').replace(/^Bearer /, '');
			res.writeHead(400, { 'content-type': 'application/json' });
			res.end(
				JSON.stringify({
					error: {
						message: `Invalid parameter for token ${token} (app secret ${appSecret})`,
						type: `OAuthException ${token}`,
						code: 100,
						error_data: { messaging_product: 'whatsapp', details: `token ${token} is not allowed here` },
						fbtrace_id: 'trace',
					},
				}),
			);
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		try {
			const { port } = server.address() as { port: number };
			const client = new CloudApiClient({ baseUrl: `http://127.0.0.1:${port}`, accessToken, appSecret, phoneNumberId: '1', retry: false });
			const error = await caught(client.sendMessage(buildTextMessages({ to: customer }, { body: 'hi' })[0]));
			const everything = JSON.stringify({ ...error.toJSON(), stack: error.stack });
			expect(everything).not.toContain(accessToken);
			expect(everything).not.toContain(appSecret);
			expect(error.details).toBe('token *** is not allowed here');
			expect(error.hint).toMatch(/token \*\*\* is not allowed here/);
			expect(error.code).toBe(100);
		} finally {
			server.close();
		}
	});
});
