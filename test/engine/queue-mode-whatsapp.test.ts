// The package on n8n's distributed engine: main, two webhook processes and two workers over Postgres
// and Redis. The trigger's duplicate memory and the Reply node's send rate are shared through n8n's
// own Redis credential; deliveries are made the way Meta makes them (signed, concurrent, redelivered
// until answered 2xx), and each execution reports the message it ran for to a collector.
import * as path from 'path';

import { PHONE_NUMBER_ID, envelope, inboundMessage, messagesValue, customerContact } from '../fixtures/metaWebhookExamples';
import { serializeLikeMeta, signatureHeader } from '../../sandbox';
import { sleep, waitUntil, type N8nWorkflow } from '../../n8n-harness/n8nInstance';
import { startN8nQueue, type N8nQueue } from '../../n8n-harness/n8nQueue';
import { startRedis, type RedisHandle } from '../../n8n-harness/queueServices';
import { chain, webhookNode } from '../../n8n-harness/workflowNodes';
import { processesWithMarker } from '../integration/mcp-support/servers';
import { achievedRate, maxInWindow, startSandboxProcess, type SandboxProcess } from '../integration/sandboxProcess';
import {
	accepted,
	deliverAll,
	deliverOnce,
	exactlyOnce,
	redeliverUntilAccepted,
	reportToCollector,
	startCollector,
	textDelivery,
	type Collector,
	type Delivery,
} from '../../n8n-harness/metaDelivery';
import { WHATSAPP_CREDENTIAL_TYPE } from '../../nodes/shared/whatsapp/cloudApiCredential';

const APP_SECRET = 'queue-test-app-secret';
const TRIGGER_TYPE = 'n8n-nodes-whatsapp-mcp.whatsAppTrigger';
const REPLY_TYPE = 'n8n-nodes-whatsapp-mcp.whatsAppReply';
const WA_CREDENTIAL = { [WHATSAPP_CREDENTIAL_TYPE]: { id: 'waQueueCred00001', name: 'WhatsApp (sandbox)' } };
const REDIS_CREDENTIAL = { redis: { id: 'redisQueueCred01', name: 'Redis (queue)' } };
const MCP_FLOW = 'mcpQueueStdio001';
const EVERYTHING_BIN = path.resolve(__dirname, '../../node_modules/@modelcontextprotocol/server-everything/dist/index.js');
const MCP_MARKER = `queue-everything-${process.pid}`;
const MCP_CREDENTIAL = {
	id: 'mcpQueueStdio001',
	name: 'server-everything (stdio)',
	type: 'mcpServerApi',
	data: { transport: 'stdio', command: process.execPath, args: { arg: [{ value: EVERYTHING_BIN }, { value: 'stdio' }, { value: MCP_MARKER }] } },
};
const MEDIA_FLOW = 'waQueueMedia0001';
const DEDUPE_FLOW = 'waQueueDedupe001';
const REPLY_FLOW = 'waQueueReplies01';
const RATE = 80;

function triggerNode(hook: string, options: Record<string, unknown> = {}) {
	return {
		id: `trigger-${hook}`,
		name: 'WhatsApp Trigger',
		type: TRIGGER_TYPE,
		typeVersion: 1.1,
		position: [0, 0],
		webhookId: hook,
		parameters: { duplicateMemory: 'redis', events: ['message'], options },
		credentials: { ...WA_CREDENTIAL, ...REDIS_CREDENTIAL },
	};
}

function workflows(collectorUrl: string): N8nWorkflow[] {
	return [
		{
			// A stdio MCP server on the workers: each worker keeps its own, and ends it when it stops.
			id: MCP_FLOW,
			name: 'Queue: MCP over stdio',
			nodes: [
				webhookNode({ path: 'queue-mcp-sum' }),
				{
					id: 'queue-mcp',
					name: 'Sum',
					type: 'n8n-nodes-whatsapp-mcp.mcpClient',
					typeVersion: 1,
					position: [220, 0],
					credentials: { mcpServerApi: { id: MCP_CREDENTIAL.id, name: MCP_CREDENTIAL.name } },
					parameters: {
						operation: 'callTool',
						tool: { __rl: true, mode: 'name', value: 'get-sum' },
						argumentsInput: 'json',
						argumentsJson: '={{ JSON.stringify({ a: $json.body.a, b: $json.body.b }) }}',
						options: {},
					},
				},
			],
			connections: chain('Webhook', 'Sum'),
		},
		{
			// Media downloaded by the webhook process into n8n's binary data, read on a worker.
			id: MEDIA_FLOW,
			name: 'Queue: media',
			nodes: [
				triggerNode('wa-queue-media', { downloadMedia: true }),
				{
					id: 'queue-media-read',
					name: 'Read',
					type: 'n8n-nodes-base.code',
					typeVersion: 2,
					position: [220, 0],
					parameters: {
						jsCode:
							"const bytes = await this.helpers.getBinaryDataBuffer(0, 'data');\nreturn [{ json: { messageId: $input.first().json.messageId + ':' + bytes.toString('base64') } }];",
					},
				},
				{ ...reportToCollector(collectorUrl), position: [440, 0] },
			],
			connections: chain('WhatsApp Trigger', 'Read', 'Report'),
		},
		{
			id: DEDUPE_FLOW,
			name: 'Queue: duplicates',
			nodes: [triggerNode('wa-queue-dedupe'), reportToCollector(collectorUrl)],
			connections: { 'WhatsApp Trigger': { main: [[{ node: 'Report', type: 'main', index: 0 }]] } },
		},
		{
			id: REPLY_FLOW,
			name: 'Queue: replies',
			nodes: [
				triggerNode('wa-queue-replies'),
				{
					id: 'queue-reply',
					name: 'WhatsApp Reply',
					type: REPLY_TYPE,
					typeVersion: 1,
					position: [220, 0],
					parameters: {
						resource: 'message',
						operation: 'sendText',
						text: '={{ "Thanks for " + $json.messageId }}',
						rateLimitStore: 'redis',
						sendingSettings: { messagesPerSecond: RATE },
					},
					credentials: { ...WA_CREDENTIAL, ...REDIS_CREDENTIAL },
				},
			],
			connections: { 'WhatsApp Trigger': { main: [[{ node: 'WhatsApp Reply', type: 'main', index: 0 }]] } },
		},
	];
}

/** Arrivals in each whole second from the first one: how the rate held from start to end. */
function perSecond(times: number[]): number[] {
	const first = Math.min(...times);
	const counts: number[] = [];
	for (const time of times) {
		const second = Math.floor((time - first) / 1000);
		counts[second] = (counts[second] ?? 0) + 1;
	}
	return Array.from(counts, (count) => count ?? 0);
}

describe('WhatsApp nodes on n8n in queue mode (2 webhook processes, 2 workers, Redis shared state)', () => {
	let queue: N8nQueue;
	let collector: Collector;
	let sandbox: SandboxProcess;
	/** The Redis of the redis credential (the nodes' shared state); n8n's queue has its own (queue.redis). */
	let appRedis: RedisHandle;
	const hookUrl = (hook: string, index: number) => queue.webhookUrl(`${hook}/webhook`, index % 2);

	beforeAll(async () => {
		collector = await startCollector();
		// Statuses a minute later: the sandbox then does no status work while it measures the send rate.
		sandbox = await startSandboxProcess({
			throughputPerSecond: RATE,
			phoneNumberId: PHONE_NUMBER_ID,
			statusDelaysMs: [60_000, 60_000, 60_000],
			autoRead: false,
			appSecret: APP_SECRET,
		});
		appRedis = await startRedis();
		queue = await startN8nQueue({
			credentials: [
				{
					id: WA_CREDENTIAL[WHATSAPP_CREDENTIAL_TYPE].id,
					name: WA_CREDENTIAL[WHATSAPP_CREDENTIAL_TYPE].name,
					type: WHATSAPP_CREDENTIAL_TYPE,
					data: { ...sandbox.credentials },
				},
				{
					id: REDIS_CREDENTIAL.redis.id,
					name: REDIS_CREDENTIAL.redis.name,
					type: 'redis',
					data: { host: appRedis.host, port: appRedis.port, database: 0, password: '' },
				},
				MCP_CREDENTIAL,
			],
			workflows: workflows(collector.url),
			// n8n's processes exit after Redis has been away this long (default 10 s): the outage below is shorter.
			env: { QUEUE_BULL_REDIS_TIMEOUT_THRESHOLD: '60000' },
		});
		await queue.waitForWebhook('wa-queue-dedupe/webhook');
		await queue.waitForWebhook('wa-queue-replies/webhook');
		await queue.waitForWebhook('queue-mcp-sum');
		await queue.waitForWebhook('wa-queue-media/webhook', 'GET');
	}, 300_000);

	afterAll(async () => {
		await queue?.stop();
		sandbox?.stop();
		await appRedis?.stop();
		await collector?.close();
	}, 120_000);

	it('runs each of 1000 messages once when 10% arrive twice, copies at the same moment on both webhook processes included', async () => {
		const messages = Array.from({ length: 1000 }, (_, i) => textDelivery(`wamid.queue-${i}`, APP_SECRET));
		// Every 10th message is also sent to the other webhook process at the same moment.
		const racing = messages.filter((_, i) => i % 10 === 0);
		const results = await Promise.all([
			deliverAll(messages, (i) => hookUrl('wa-queue-dedupe', i), 8),
			deliverAll(racing, (i) => hookUrl('wa-queue-dedupe', i * 10 + 1), 2),
		]);
		const failed = results.flat().filter((r) => !accepted(r));
		expect(
			await redeliverUntilAccepted(
				failed.map((r) => r.delivery),
				(i) => hookUrl('wa-queue-dedupe', i),
			),
		).toEqual([]);
		await collector.waitFor(messages.length, 240_000);
		await sleep(3000);
		expect(
			exactlyOnce(
				collector,
				messages.map((m) => m.messageId),
			),
		).toEqual({ doubled: [], missing: [] });
		expect(collector.total()).toBe(1000);

		// After every n8n process restarted, Meta's redeliveries of handled messages start nothing.
		await queue.restartAll();
		await queue.waitForWebhook('wa-queue-dedupe/webhook');
		const repeats = await deliverAll(messages.slice(0, 100), (i) => hookUrl('wa-queue-dedupe', i), 4);
		expect(repeats.filter((r) => !accepted(r))).toEqual([]);
		await sleep(5000);
		expect(collector.total()).toBe(1000);
	}, 600_000);

	it('keeps 1000 replies from executions on both workers under the rate at the sandbox (no 130429) and near it, each delivered once', async () => {
		// 4 deliveries of 250 messages each, from 250 different customers: 4 executions, 1000 sends.
		const deliveries: Delivery[] = Array.from({ length: 4 }, (_, d) => {
			const customers = Array.from({ length: 250 }, (_, c) => `1555${String(d * 250 + c).padStart(7, '0')}`);
			const body = envelope([
				{
					value: messagesValue(
						customers.map((waId, c) => ({ ...inboundMessage('text', { text: { body: 'hello' } }, `wamid.reply-${d}-${c}`), from: waId })),
						customers.map((waId) => customerContact(waId, `Customer ${waId}`)),
					),
				},
			]);
			const raw = serializeLikeMeta(body);
			return { messageId: `delivery-${d}`, raw, signature: signatureHeader(Buffer.from(raw), APP_SECRET) };
		});
		const results = await deliverAll(deliveries, (i) => hookUrl('wa-queue-replies', i), 4);
		expect(
			await redeliverUntilAccepted(
				results.filter((r) => !accepted(r)).map((r) => r.delivery),
				(i) => hookUrl('wa-queue-replies', i),
			),
		).toEqual([]);

		await waitUntil(async () => (await sandbox.sends()).length >= 1000, 120_000, '1000 sends at the sandbox');
		await sleep(2000);
		const all = await sandbox.sends();
		const workersUsed = ['worker-1', 'worker-2'].filter((worker) => /Worker started execution/.test(queue.logs(worker)));
		const arrivals = all.map((r) => Date.parse(r.at));
		const achieved = achievedRate(arrivals);
		console.log(
			`replies: ${all.length} sends from ${workersUsed.join(' and ')}, ${all.filter((r) => r.status !== 200).length} refused, ` +
				`at most ${maxInWindow(arrivals, 1000)} in any second, ${achieved.toFixed(1)}/s overall (limit ${RATE}/s); per second: ${perSecond(arrivals).join(' ')}`,
		);
		// Every reply reached the customer exactly once (a 130429 is retried, never lost or doubled).
		const delivered = all.filter((r) => r.status === 200).map((r) => (r.body as { to: string }).to);
		expect(new Set(delivered).size).toBe(1000);
		expect(delivered).toHaveLength(1000);
		expect(workersUsed).toEqual(['worker-1', 'worker-2']);
		expect(achieved).toBeGreaterThanOrEqual(0.9 * RATE);
		// The two workers keep one schedule (without it each would send at the full rate, about 150/s
		// here, hundreds refused), and a send counts from its release until a second after its answer,
		// so no stall of a worker, the network or the sandbox can crowd a second at the sandbox.
		expect(all.length - 1000).toBe(0);
		expect(maxInWindow(arrivals, 1000)).toBeLessThanOrEqual(RATE);
	}, 300_000);

	it('answers 5xx while the shared-state Redis is down, and runs those messages once after it is back', async () => {
		const before = collector.total();
		const early = Array.from({ length: 20 }, (_, i) => textDelivery(`wamid.outage-before-${i}`, APP_SECRET));
		const during = Array.from({ length: 20 }, (_, i) => textDelivery(`wamid.outage-during-${i}`, APP_SECRET));
		const earlyResults = await deliverAll(early, (i) => hookUrl('wa-queue-dedupe', i), 4);
		expect(earlyResults.filter((r) => !accepted(r))).toEqual([]);
		await collector.waitFor(before + early.length, 60_000);

		await appRedis.stop();
		let duringResults;
		try {
			duringResults = await deliverAll(during, (i) => hookUrl('wa-queue-dedupe', i), 4);
			// Meta's redelivery of handled messages while Redis is down is refused too (not run twice).
			duringResults.push(...(await deliverAll(early.slice(0, 5), (i) => hookUrl('wa-queue-dedupe', i), 4)));
		} finally {
			await appRedis.start();
		}
		const statuses = duringResults.map((r) => r.status);
		console.log(
			`shared-state Redis down: answers ${JSON.stringify(statuses.reduce<Record<number, number>>((all, s) => ({ ...all, [s]: (all[s] ?? 0) + 1 }), {}))}`,
		);
		expect(statuses.every((status) => status === 503)).toBe(true);
		expect(queue.logs()).toMatch(/the duplicate memory cannot be reached \(.*\); Meta will redeliver/);

		// Meta redelivers what was refused; the nodes reconnect to Redis by themselves.
		const left = await redeliverUntilAccepted(during, (i) => hookUrl('wa-queue-dedupe', i), { rounds: 40, pauseMs: 1500 });
		expect(left).toEqual([]);
		await collector.waitFor(before + early.length + during.length, 120_000);
		await sleep(3000);
		expect(
			exactlyOnce(
				collector,
				[...early, ...during].map((m) => m.messageId),
			),
		).toEqual({ doubled: [], missing: [] });
		expect(collector.total()).toBe(before + early.length + during.length);
	}, 300_000);

	it("downloads a customer's photo on a webhook process into n8n's binary data, and a worker reads the same bytes", async () => {
		const before = collector.total();
		const photo = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');
		const control = (route: string, body: unknown) =>
			fetch(`${sandbox.baseUrl}/_sandbox/${route}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
		// Forget the replies of the tests before: subscribing would deliver their thousands of statuses first.
		expect((await control('reset', {})).status).toBeLessThan(300);
		const subscribed = await control('callback', { url: queue.webhookUrl('wa-queue-media/webhook', 1), verifyToken: sandbox.credentials.verifyToken });
		expect(subscribed.status).toBe(200);
		const sent = await control('customers/4915112399999/image', { caption: 'my broken lamp', mimeType: 'image/png', dataBase64: photo.toString('base64') });
		expect(sent.status).toBeLessThan(300);
		await collector.waitFor(before + 1, 60_000).catch((error: Error) => {
			throw new Error(
				`${error.message}\n${['webhook-1', 'webhook-2', 'worker-1', 'worker-2'].map((name) => `--- ${name}\n${queue.logs(name).slice(-2500)}`).join('\n')}`,
			);
		});
		// Unsubscribed again: late statuses of earlier sends must not reach the tests after this one.
		await fetch(`${sandbox.baseUrl}/_sandbox/callback`, { method: 'DELETE' });
		const [reported] = [...collector.counts.keys()].filter((key) => key.includes(':'));
		expect(reported.split(':')[1]).toBe(photo.toString('base64'));
	}, 120_000);

	// It stops the workers: the queue-Redis test after it starts them again.
	it('keeps one stdio MCP server per worker, and a worker that stops ends its server', async () => {
		const sums = await Promise.all(
			Array.from({ length: 12 }, async (_, i) => {
				const response = await fetch(queue.webhookUrl('queue-mcp-sum', i % 2), {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify({ a: i, b: 100 }),
				});
				return (await response.json()) as { text?: string };
			}),
		);
		expect(sums.map((sum) => sum.text)).toEqual(Array.from({ length: 12 }, (_, i) => `The sum of ${i} and 100 is ${i + 100}.`));
		const servers = processesWithMarker(MCP_MARKER);
		console.log(`stdio MCP servers after 12 executions on 2 workers: ${servers.length}`);
		expect(servers.length).toBeGreaterThanOrEqual(1);
		expect(servers.length).toBeLessThanOrEqual(2);

		// SIGTERM to each worker's own process only (not its group): what it leaves is its own doing.
		for (const worker of queue.processes().filter((proc) => proc.role === 'worker')) process.kill(worker.pid!, 'SIGTERM');
		await waitUntil(async () => queue.processes().every((proc) => proc.role !== 'worker' || !proc.running), 60_000, 'both workers to exit');
		await waitUntil(async () => processesWithMarker(MCP_MARKER).length === 0, 10_000, 'the stdio servers to end').catch(() => undefined);
		expect(processesWithMarker(MCP_MARKER)).toEqual([]);
	}, 180_000);

	it("loses nothing while n8n's own queue Redis is down: n8n refuses or holds the deliveries, Meta redelivers, each runs once", async () => {
		// The previous test stopped the workers: start every process again first.
		await queue.restartAll();
		await queue.waitForWebhook('wa-queue-dedupe/webhook');
		const before = collector.total();
		const during = Array.from({ length: 10 }, (_, i) => textDelivery(`wamid.queue-outage-${i}`, APP_SECRET));
		await queue.redis.stop();
		let results;
		try {
			// Meta gives up on an answer after a while; 5 s here, so the outage stays short.
			results = await Promise.all(during.map((delivery, i) => deliverOnce(hookUrl('wa-queue-dedupe', i), delivery, 5_000)));
		} finally {
			await queue.redis.start();
		}
		console.log(`queue Redis down: answers ${JSON.stringify(results.map((r) => r.status))}`);
		expect(results.filter(accepted)).toEqual([]);
		const left = await redeliverUntilAccepted(during, (i) => hookUrl('wa-queue-dedupe', i), { rounds: 40, pauseMs: 1500 });
		expect(left).toEqual([]);
		await collector.waitFor(before + during.length, 120_000);
		await sleep(3000);
		expect(
			exactlyOnce(
				collector,
				during.map((m) => m.messageId),
			),
		).toEqual({ doubled: [], missing: [] });
		expect(collector.total()).toBe(before + during.length);
	}, 400_000);
});
