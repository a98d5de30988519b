import { createHash } from 'node:crypto';
import axios from 'axios';
import { startSandbox, Sandbox } from '../../sandbox';
import { graphClient } from './sandboxTestKit';

// Tokens, objects and versions; media; templates; phone numbers; throughput; fault injection;
// and the request record — all over real HTTP.

let sandbox: Sandbox;
let api: ReturnType<typeof graphClient>;
const customer = '4915112345678';

beforeEach(async () => {
	sandbox = await startSandbox({ statusDelaysMs: [5, 10, 15] });
	api = graphClient(sandbox);
});
afterEach(() => sandbox.stop());

const textMessage = { messaging_product: 'whatsapp', to: customer, type: 'text', text: { body: 'hi' } };
const messagesPath = () => `${sandbox.credentials.phoneNumberId}/messages`;

describe('tokens, objects and versions', () => {
	test('a request without a token gets 401 with code 2500', async () => {
		const response = await graphClient(sandbox, null).post(messagesPath(), textMessage);
		expect(response.status).toBe(401);
		expect(response.data.error).toMatchObject({ code: 2500, type: 'OAuthException' });
	});

	test('a wrong token gets 401 with code 190', async () => {
		const response = await graphClient(sandbox, 'EAAexpired').post(messagesPath(), textMessage);
		expect(response.status).toBe(401);
		expect(response.data.error.code).toBe(190);
		expect(response.data.error.message).toMatch(/^\(#190\) /);
	});

	test('the token may also come as the access_token query parameter', async () => {
		const response = await graphClient(sandbox, null).get(sandbox.credentials.phoneNumberId, { params: { access_token: sandbox.credentials.accessToken } });
		expect(response.status).toBe(200);
	});

	test('the app access token cannot send messages (code 10)', async () => {
		const response = await graphClient(sandbox, `${sandbox.credentials.appId}|${sandbox.credentials.appSecret}`).post(messagesPath(), textMessage);
		expect(response.status).toBe(403);
		expect(response.data.error.code).toBe(10);
	});

	test('an unknown phone number id gets GraphMethodException code 100 subcode 33', async () => {
		const response = await api.post('999999999999999/messages', textMessage);
		expect(response.status).toBe(400);
		expect(response.data.error).toMatchObject({ code: 100, error_subcode: 33, type: 'GraphMethodException' });
		expect(response.data.error.message).toContain("Object with ID '999999999999999' does not exist");
	});

	test('a Graph version Meta no longer serves gets code 2635', async () => {
		const response = await axios.get(`${sandbox.baseUrl}/v13.0/${sandbox.credentials.phoneNumberId}`, {
			headers: { Authorization: `Bearer ${sandbox.credentials.accessToken}` },
			validateStatus: () => true,
		});
		expect(response.status).toBe(400);
		expect(response.data.error.code).toBe(2635);
	});

	test("the credential test request (GET phone number with fields) answers the number's name", async () => {
		const response = await api.get(sandbox.credentials.phoneNumberId, { params: { fields: 'display_phone_number,verified_name' } });
		expect(response.data).toEqual({
			display_phone_number: sandbox.business.formattedPhoneNumber,
			verified_name: sandbox.business.verifiedName,
			id: sandbox.credentials.phoneNumberId,
		});
	});
});

describe('media', () => {
	const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108020000009077', 'hex');
	const upload = (data: Buffer, type: string, fields: Record<string, string> = { messaging_product: 'whatsapp' }) => {
		const form = new FormData();
		for (const [k, v] of Object.entries(fields)) form.append(k, v);
		form.append('type', type);
		form.append('file', new Blob([new Uint8Array(data)], { type }), 'photo.png');
		return api.post(`${sandbox.credentials.phoneNumberId}/media`, form);
	};

	test('upload, retrieve, download with the token, and delete', async () => {
		const uploaded = await upload(png, 'image/png');
		expect(uploaded.status).toBe(200);
		const { id } = uploaded.data;
		expect(id).toMatch(/^\d+$/);

		const retrieved = await api.get(id);
		expect(retrieved.data).toMatchObject({
			messaging_product: 'whatsapp',
			id,
			mime_type: 'image/png',
			file_size: png.length,
			sha256: createHash('sha256').update(png).digest('hex'),
		});

		const anonymous = await axios.get(retrieved.data.url, { validateStatus: () => true });
		expect(anonymous.status).toBe(401);
		const download = await axios.get(retrieved.data.url, {
			headers: { Authorization: `Bearer ${sandbox.credentials.accessToken}` },
			responseType: 'arraybuffer',
		});
		expect(Buffer.from(download.data)).toEqual(png);

		expect((await api.delete(id)).data).toEqual({ success: true });
		const gone = await api.get(id);
		expect(gone.status).toBe(400);
		expect(gone.data.error.error_subcode).toBe(33);
	});

	test('the download URL expires after five minutes', async () => {
		const { id } = (await upload(png, 'image/png')).data;
		const { url } = (await api.get(id)).data;
		sandbox.advanceClock(5 * 60_000 + 1000);
		const response = await axios.get(url, { headers: { Authorization: `Bearer ${sandbox.credentials.accessToken}` }, validateStatus: () => true });
		expect(response.status).toBe(404);
		expect(response.data.error.message).toContain('expired');
	});

	test('an uploaded image can be sent by id', async () => {
		sandbox.customerSendsText(customer, 'send me the menu');
		const { id } = (await upload(png, 'image/png')).data;
		const response = await api.post(messagesPath(), { messaging_product: 'whatsapp', to: customer, type: 'image', image: { id, caption: 'Our *menu*' } });
		expect(response.status).toBe(200);
	});

	test('a file type WhatsApp does not take is refused, naming the accepted types', async () => {
		const response = await upload(Buffer.from('GIF89a'), 'image/gif');
		expect(response.status).toBe(400);
		expect(response.data.error.code).toBe(100);
		expect(response.data.error.error_data.details).toContain("Received file of type 'image/gif'");
	});

	test('an image over 5 MB is refused with code 131053', async () => {
		const response = await upload(Buffer.alloc(5 * 1024 * 1024 + 1), 'image/jpeg');
		expect(response.status).toBe(400);
		expect(response.data.error.code).toBe(131053);
	});

	test('an upload without messaging_product is refused with code 131008', async () => {
		const response = await upload(png, 'image/png', {});
		expect(response.status).toBe(400);
		expect(response.data.error.code).toBe(131008);
		expect(response.data.error.error_data.details).toContain('messaging_product');
	});
});

describe('templates and phone numbers', () => {
	test('message templates page with paging.next until every template is loaded', async () => {
		const names: string[] = [];
		let page = await api.get(`${sandbox.credentials.businessAccountId}/message_templates`, { params: { limit: 2 } });
		let pages = 1;
		names.push(...page.data.data.map((t: { name: string; language: string }) => `${t.name}/${t.language}`));
		while (page.data.paging.next) {
			expect(page.data.data).toHaveLength(2);
			page = await axios.get(page.data.paging.next);
			names.push(...page.data.data.map((t: { name: string; language: string }) => `${t.name}/${t.language}`));
			pages += 1;
		}
		expect(pages).toBe(Math.ceil(sandbox.templates.length / 2));
		expect(names).toEqual(sandbox.templates.map((t) => `${t.name}/${t.language}`));
		expect(names).toEqual(expect.arrayContaining(['hello_world/en_US', 'order_update/en_US', 'appointment_reminder/en_US']));
	});

	test('templates are approved and carry their components', async () => {
		const { data } = await api.get(`${sandbox.credentials.businessAccountId}/message_templates`, { params: { name: 'order_update', language: 'en_US' } });
		expect(data.data).toHaveLength(1);
		expect(data.data[0]).toMatchObject({
			name: 'order_update',
			status: 'APPROVED',
			category: 'UTILITY',
			language: 'en_US',
			components: expect.arrayContaining([expect.objectContaining({ type: 'BODY', text: expect.stringContaining('{{3}}') })]),
		});
		expect(data.paging.next).toBeUndefined();
	});

	test('the WABA lists its phone number with id, display number, verified name and quality', async () => {
		const { data } = await api.get(`${sandbox.credentials.businessAccountId}/phone_numbers`);
		expect(data.data).toEqual([
			expect.objectContaining({
				id: sandbox.credentials.phoneNumberId,
				display_phone_number: sandbox.business.formattedPhoneNumber,
				verified_name: sandbox.business.verifiedName,
				quality_rating: 'GREEN',
			}),
		]);
	});
});

describe('throughput and fault injection', () => {
	test('sends beyond the per-number throughput in one second get code 130429', async () => {
		await sandbox.stop();
		sandbox = await startSandbox({ throughputPerSecond: 1, statusDelaysMs: [5, 10, 15] });
		api = graphClient(sandbox);
		const responses = await Promise.all(Array.from({ length: 10 }, () => api.post(messagesPath(), textMessage)));
		const limited = responses.filter((r) => r.status === 400);
		expect(limited.length).toBeGreaterThan(0);
		for (const r of limited) expect(r.data.error).toMatchObject({ code: 130429, message: '(#130429) Rate limit hit' });
		expect(responses.filter((r) => r.status === 200).length).toBeGreaterThanOrEqual(1);
	});

	test('sends to one recipient beyond the pair rate limit get code 131056, others still go', async () => {
		await sandbox.stop();
		sandbox = await startSandbox({ pairRateLimit: { messages: 2, perMs: 60_000 }, statusDelaysMs: [5, 10, 15] });
		api = graphClient(sandbox);
		const statuses = [];
		for (let i = 0; i < 3; i++) statuses.push((await api.post(messagesPath(), textMessage)).status);
		expect(statuses).toEqual([200, 200, 400]);
		const third = await api.post(messagesPath(), textMessage);
		expect(third.data.error).toMatchObject({ code: 131056 });
		expect((await api.post(messagesPath(), { ...textMessage, to: '4915199999999' })).status).toBe(200);
	});

	test('the next N requests fail with the injected status and code, then requests succeed', async () => {
		sandbox.injectFault({ count: 2, status: 503, code: 2 });
		const [first, second, third] = [
			await api.post(messagesPath(), textMessage),
			await api.post(messagesPath(), textMessage),
			await api.post(messagesPath(), textMessage),
		];
		expect([first.status, second.status, third.status]).toEqual([503, 503, 200]);
		expect(first.data.error.code).toBe(2);
	});

	test('a fault limited to a path leaves other paths alone', async () => {
		sandbox.injectFault({ status: 500, path: '/message_templates' });
		expect((await api.post(messagesPath(), textMessage)).status).toBe(200);
		expect((await api.get(`${sandbox.credentials.businessAccountId}/message_templates`)).status).toBe(500);
	});

	test('a delay-only fault delays the request and then answers normally', async () => {
		sandbox.injectFault({ delayMs: 200 });
		const started = Date.now();
		const response = await api.post(messagesPath(), textMessage);
		expect(response.status).toBe(200);
		expect(Date.now() - started).toBeGreaterThanOrEqual(200);
	});
});

describe('the request record', () => {
	test('every API request is recorded with its body, status and response, never the token', async () => {
		await api.post(messagesPath(), textMessage);
		await graphClient(sandbox, null).get(sandbox.credentials.phoneNumberId, { params: { access_token: sandbox.credentials.accessToken } });
		const [send, get] = sandbox.requests();
		expect(send).toMatchObject({ method: 'POST', path: `/${sandbox.apiVersion}/${messagesPath()}`, auth: 'system', body: textMessage, status: 200 });
		expect(get.query.access_token).toBe('<redacted>');
		expect(JSON.stringify(sandbox.requests())).not.toContain(sandbox.credentials.accessToken);
	});

	test('the record is readable over HTTP', async () => {
		await api.post(messagesPath(), { ...textMessage, text: {} });
		const { data } = await axios.get(`${sandbox.baseUrl}/_sandbox/requests`);
		expect(data).toHaveLength(1);
		expect(data[0]).toMatchObject({ status: 400, response: { error: { code: 131008 } } });
	});
});
