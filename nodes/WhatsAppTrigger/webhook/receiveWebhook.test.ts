// The trigger's webhook handling with a mocked n8n webhook context: every refusal path, what each
// one costs (credential reads, body reads), and what a good delivery hands to n8n.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { EventEmitter } from 'events';
import type { IWebhookFunctions } from 'n8n-workflow';

import { examples2026 } from '../../../test/fixtures/meta2026Examples';
import { messageWebhooks } from '../../../test/fixtures/metaWebhookExamples';
import { signWebhookBody } from '../../shared/whatsapp/webhookSignature';
import { WHATSAPP_CREDENTIAL_TYPE } from '../../shared/whatsapp/cloudApiCredential';
import { receiveWebhook } from './receiveWebhook';

// The process's stop signal, as the trigger sees it.
let mockShuttingDown = false;
jest.mock('../../shared/n8n/processShutdown', () => ({ watchProcessShutdown: () => undefined, isShuttingDown: () => mockShuttingDown }));

const APP_SECRET = 'unit-app-secret';

class FakeResponse extends EventEmitter {
	statusCode = 200;
	body: unknown;
	writableFinished = false;
	status(code: number) {
		this.statusCode = code;
		return this;
	}
	json(body: unknown) {
		return this.send(body);
	}
	type() {
		return this;
	}
	send(body: unknown) {
		this.body = body;
		this.writableFinished = true;
		this.emit('finish');
		return this;
	}
}

interface Post {
	raw?: Buffer;
	headers?: Record<string, string>;
	readRawBody?: () => Promise<void>;
	/** The node's version (default 1.1) and parameters (default: events ["message"]). */
	typeVersion?: number;
	parameters?: Record<string, unknown>;
	/** The credential n8n decrypts on each read (default: APP_SECRET, verify token "verify"); change it to rotate. */
	credential?: Record<string, string>;
	/** 'setup' for Meta's GET handshake, with its query. */
	webhookName?: 'default' | 'setup';
	query?: Record<string, string>;
}

const credentialData = () => ({ appSecret: APP_SECRET, verifyToken: 'verify', accessToken: 'token', phoneNumberId: '1' });

let workflowCounter = 0;

/** A webhook context for one POST; `credentialReads` counts n8n credential reads (each a DB read and an isolate in n8n). */
function webhookContext(post: Post, workflowId = `wf-${++workflowCounter}`) {
	const res = new FakeResponse();
	const logs: string[] = [];
	const counters = { credentialReads: 0, bodyReads: 0 };
	const headers = { 'content-type': 'application/json', ...post.headers };
	const req = {
		rawBody: post.readRawBody ? undefined : post.raw,
		headers,
		ip: '203.0.113.9',
		readRawBody: post.readRawBody
			? async () => {
					counters.bodyReads++;
					await post.readRawBody!();
				}
			: undefined,
	};
	const ctx = {
		getRequestObject: () => req,
		getResponseObject: () => res,
		getHeaderData: () => headers,
		getBodyData: () => (post.raw ? JSON.parse(post.raw.toString()) : {}),
		getQueryData: () => post.query ?? {},
		getWebhookName: () => post.webhookName ?? 'default',
		getMode: () => 'webhook',
		getWorkflow: () => ({ id: workflowId }),
		getNode: () => ({
			id: 'node-1',
			name: 'WhatsApp Trigger',
			typeVersion: post.typeVersion ?? 1.1,
			credentials: { [WHATSAPP_CREDENTIAL_TYPE]: { id: 'cred-1' } },
		}),
		getNodeParameter: (name: string, fallback: unknown) => ({ events: ['message'], ...post.parameters })[name] ?? fallback,
		getCredentials: async () => {
			counters.credentialReads++;
			return { ...(post.credential ?? credentialData()) };
		},
		logger: { info: (m: string) => logs.push(m), warn: (m: string) => logs.push(m), error: (m: string) => logs.push(m), debug: () => undefined },
		helpers: {},
	};
	return { ctx: ctx as unknown as IWebhookFunctions, res, logs, counters };
}

const body = Buffer.from(JSON.stringify(messageWebhooks.text));
const signed = (raw = body, secret = APP_SECRET) => ({ 'x-hub-signature-256': signWebhookBody(raw, secret) });

beforeAll(() => {
	process.env.N8N_USER_FOLDER = fs.mkdtempSync(path.join(os.tmpdir(), 'trigger-unit-'));
});

describe('receiveWebhook (POST)', () => {
	it('hands a signed delivery to n8n without answering it itself: n8n answers once the execution exists', async () => {
		const { ctx, res, counters } = webhookContext({ raw: body, headers: signed() });
		const result = await receiveWebhook(ctx);
		expect(result.noWebhookResponse).toBeUndefined();
		expect(result.webhookResponse).toEqual({ received: 1, ignored: 0, duplicates: 0, accepted: 1 });
		expect(result.workflowData?.[0].map((item) => item.json.messageId)).toEqual(['wamid.text1']);
		expect(result.workflowData?.[0][0].pairedItem).toEqual({ item: 0 });
		expect(res.body).toBeUndefined();
		expect(counters.credentialReads).toBe(1);
	});

	it('version 1.1 hands over v1 items; version 1.2 items of the 2026 shape, history expanded when asked', async () => {
		const v1 = await receiveWebhook(webhookContext({ raw: body, headers: signed() }).ctx);
		expect(v1.workflowData?.[0][0].json).not.toHaveProperty('userId');
		const current = await receiveWebhook(webhookContext({ raw: body, headers: signed(), typeVersion: 1.2 }).ctx);
		expect(current.workflowData?.[0][0].json).toMatchObject({ messageId: 'wamid.text1', userId: null, direction: 'inbound', standby: false });
		const history = Buffer.from(JSON.stringify(examples2026.history));
		for (const [expandHistory, count] of [
			[false, 1],
			[true, 6],
		] as const) {
			const { ctx } = webhookContext({ raw: history, headers: signed(history), typeVersion: 1.2, parameters: { events: ['history'], expandHistory } });
			expect((await receiveWebhook(ctx)).workflowData?.[0]).toHaveLength(count);
		}
	});

	it('releases the claim when n8n answers 5xx (the hand-over failed), so the redelivery is accepted', async () => {
		const first = webhookContext({ raw: body, headers: signed() }, 'wf-handover');
		expect((await receiveWebhook(first.ctx)).workflowData).toBeDefined();
		first.res.status(500).json({ message: 'There was a problem executing the workflow' });
		await new Promise((resolve) => setImmediate(resolve));
		const redelivery = webhookContext({ raw: body, headers: signed() }, 'wf-handover');
		expect((await receiveWebhook(redelivery.ctx)).workflowData?.[0]).toHaveLength(1);
		// Once n8n answered 200, the same message is a duplicate.
		redelivery.res.status(200).json({});
		await new Promise((resolve) => setImmediate(resolve));
		const again = webhookContext({ raw: body, headers: signed() }, 'wf-handover');
		const result = await receiveWebhook(again.ctx);
		expect(result.workflowData).toBeUndefined();
		expect(again.res.body).toEqual({ received: 1, ignored: 0, duplicates: 1, accepted: 0 });
	});

	it.each([
		['no signature header', {}, /no x-hub-signature-256 header/],
		['a malformed signature header', { 'x-hub-signature-256': 'sha1=abc' }, /not of the form/],
	])('answers 401 at once for %s, reading neither the body nor the credential', async (_, headers, reason) => {
		const { ctx, res, counters, logs } = webhookContext({ readRawBody: async () => undefined, headers });
		const result = await receiveWebhook(ctx);
		expect(result).toEqual({ noWebhookResponse: true });
		expect(res.statusCode).toBe(401);
		expect(counters).toEqual({ credentialReads: 0, bodyReads: 0 });
		expect(logs.join('\n')).toMatch(reason);
	});

	it('re-reads the credential for a mismatching signature (a rotated secret), at most once per few seconds', async () => {
		const forged = { raw: body, headers: signed(body, 'another-secret') };
		const warm = webhookContext({ raw: body, headers: signed() }, 'wf-forged');
		await receiveWebhook(warm.ctx);
		const reads: number[] = [];
		for (let i = 0; i < 5; i++) {
			const { ctx, res, counters } = webhookContext(forged, 'wf-forged');
			await receiveWebhook(ctx);
			expect(res.statusCode).toBe(401);
			reads.push(counters.credentialReads);
		}
		expect(reads).toEqual([1, 0, 0, 0, 0]);
	});

	it('answers 413 from Content-Length before reading a body over the limit', async () => {
		const { ctx, res, counters } = webhookContext({ readRawBody: async () => undefined, headers: { ...signed(), 'content-length': String(5 * 1024 * 1024) } });
		await receiveWebhook(ctx);
		expect(res.statusCode).toBe(413);
		expect(counters.bodyReads).toBe(0);
	});

	it('answers 415 to a multipart body', async () => {
		const { ctx, res } = webhookContext({ readRawBody: async () => undefined, headers: { ...signed(), 'content-type': 'multipart/form-data; boundary=x' } });
		await receiveWebhook(ctx);
		expect(res.statusCode).toBe(415);
	});

	it.each([
		['413 when n8n refuses the body as too large', Object.assign(new Error('request entity too large'), { type: 'entity.too.large', status: 413 }), 413],
		['400 when the body cannot be read', new Error('stream is not readable'), 400],
	])('answers %s, instead of failing the webhook (a 500 and an error execution)', async (_, error, status) => {
		const { ctx, res } = webhookContext({
			readRawBody: async () => {
				throw error;
			},
			headers: { ...signed(), 'content-type': 'application/octet-stream' },
		});
		const result = await receiveWebhook(ctx);
		expect(result).toEqual({ noWebhookResponse: true });
		expect(res.statusCode).toBe(status);
		expect(res.body).toEqual({ error: expect.stringMatching(/the body could not be read/) });
	});
});

describe('receiveWebhook: the kept credential', () => {
	afterEach(() => jest.restoreAllMocks());

	it('reads the credential once a minute per node, not once per delivery', async () => {
		const reads = async () => {
			const { ctx, counters } = webhookContext({ raw: body, headers: signed() }, 'wf-kept');
			await receiveWebhook(ctx);
			return counters.credentialReads;
		};
		expect([await reads(), await reads(), await reads()]).toEqual([1, 0, 0]);
		const now = Date.now();
		jest.spyOn(Date, 'now').mockReturnValue(now + 61_000);
		expect(await reads()).toBe(1);
	});

	it('picks up a rotated app secret with the delivery that is signed with it', async () => {
		const credential = credentialData();
		await receiveWebhook(webhookContext({ raw: body, headers: signed(), credential }, 'wf-rotated').ctx);
		credential.appSecret = 'rotated-app-secret';
		const rotated = Buffer.from(JSON.stringify(messageWebhooks.image));
		const { ctx, counters } = webhookContext({ raw: rotated, headers: signed(rotated, 'rotated-app-secret'), credential }, 'wf-rotated');
		const result = await receiveWebhook(ctx);
		expect(result.workflowData?.[0]).toHaveLength(1);
		expect(counters.credentialReads).toBe(1);
	});

	it('answers 401 to a signature made with another secret', async () => {
		const { ctx, res, logs } = webhookContext({ raw: body, headers: signed(body, 'another-secret') });
		const result = await receiveWebhook(ctx);
		expect(result).toEqual({ noWebhookResponse: true });
		expect(res.statusCode).toBe(401);
		expect(logs.join('\n')).toMatch(/signature check failed/);
	});
});

describe('receiveWebhook: more refusals', () => {
	afterEach(() => {
		mockShuttingDown = false;
	});

	it('answers 503 while n8n is stopping, before reading anything: Meta redelivers later', async () => {
		mockShuttingDown = true;
		const { ctx, res, counters } = webhookContext({ readRawBody: async () => undefined, headers: signed() });
		expect(await receiveWebhook(ctx)).toEqual({ noWebhookResponse: true });
		expect(res.statusCode).toBe(503);
		expect(res.body).toEqual({ error: expect.stringMatching(/shutting down/) });
		expect(counters).toEqual({ credentialReads: 0, bodyReads: 0 });
	});

	it('answers 503 when "Max Waiting Deliveries" deliveries wait for n8n, and accepts again once one is handed over', async () => {
		const parameters = { events: ['message'], options: { maxWaitingDeliveries: 1 } };
		const first = webhookContext({ raw: body, headers: signed(), parameters }, 'wf-waiting');
		expect((await receiveWebhook(first.ctx)).workflowData).toBeDefined();
		const image = Buffer.from(JSON.stringify(messageWebhooks.image));
		const second = webhookContext({ raw: image, headers: signed(image), parameters }, 'wf-waiting');
		await receiveWebhook(second.ctx);
		expect(second.res.statusCode).toBe(503);
		expect(second.res.body).toEqual({ error: expect.stringMatching(/1 deliveries are already waiting/) });
		first.res.status(200).json({});
		const third = webhookContext({ raw: image, headers: signed(image), parameters }, 'wf-waiting');
		expect((await receiveWebhook(third.ctx)).workflowData?.[0]).toHaveLength(1);
	});

	it('answers 413 to a body over "Max Body Size" that declared no length', async () => {
		const big = Buffer.from(JSON.stringify({ ...messageWebhooks.text, padding: 'x'.repeat(2048) }));
		const { ctx, res } = webhookContext({ raw: big, headers: signed(big), parameters: { events: ['message'], options: { maxBodySizeKb: 1 } } });
		await receiveWebhook(ctx);
		expect(res.statusCode).toBe(413);
	});

	it('answers 400 to a signed body that is not a WhatsApp webhook (another object)', async () => {
		const page = Buffer.from(JSON.stringify({ ...messageWebhooks.text, object: 'page' }));
		const { ctx, res } = webhookContext({ raw: page, headers: signed(page) });
		await receiveWebhook(ctx);
		expect(res.statusCode).toBe(400);
		expect(res.body).toEqual({ error: expect.stringMatching(/"object" is "page"/) });
	});

	it('answers 200 with the counts and starts nothing when no item is selected', async () => {
		const { ctx, res } = webhookContext({ raw: body, headers: signed(), parameters: { events: ['status'] } });
		const result = await receiveWebhook(ctx);
		expect(result).toEqual({ noWebhookResponse: true });
		expect(res.statusCode).toBe(200);
		expect(res.body).toMatchObject({ received: 1, accepted: 0 });
	});
});

describe("receiveWebhook (GET, Meta's verification handshake)", () => {
	const handshake = (verifyToken: string) => ({ 'hub.mode': 'subscribe', 'hub.verify_token': verifyToken, 'hub.challenge': '1158201444' });

	it('answers the challenge for the verify token of the credential', async () => {
		const { ctx, res } = webhookContext({ webhookName: 'setup', query: handshake('verify') });
		expect(await receiveWebhook(ctx)).toEqual({ noWebhookResponse: true });
		expect(res.statusCode).toBe(200);
		expect(res.body).toBe('1158201444');
	});

	it('answers 403 to another token, after reading the credential afresh', async () => {
		const warm = webhookContext({ webhookName: 'setup', query: handshake('verify') }, 'wf-handshake');
		await receiveWebhook(warm.ctx);
		const { ctx, res, counters } = webhookContext({ webhookName: 'setup', query: handshake('guessed') }, 'wf-handshake');
		await receiveWebhook(ctx);
		expect(res.statusCode).toBe(403);
		expect(counters.credentialReads).toBe(1);
	});

	it('picks up a changed verify token at once', async () => {
		const credential = credentialData();
		await receiveWebhook(webhookContext({ webhookName: 'setup', query: handshake('verify'), credential }, 'wf-new-token').ctx);
		credential.verifyToken = 'new-verify-token';
		const { ctx, res } = webhookContext({ webhookName: 'setup', query: handshake('new-verify-token'), credential }, 'wf-new-token');
		await receiveWebhook(ctx);
		expect(res.statusCode).toBe(200);
	});
});
