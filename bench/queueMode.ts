// The package on n8n's queue mode against the same package on one n8n process, in one run:
// (1) trigger ingestion: signed deliveries at a fixed concurrency until every execution has reported
//     back; (2) reply throughput: four deliveries of many messages whose replies are sent by the Reply
//     node (the sandbox's limit set far above what the machine can send, so the engine is measured,
//     not the limiter). Queue mode: main, 2 webhook processes, 2 workers, Postgres, Redis; the trigger's
//     duplicate memory and the reply's rate limit in Redis. Regular mode: one n8n, SQLite, process
//     memory, N8N_CONCURRENCY_PRODUCTION_LIMIT=10 and lazy isolates (what README recommends).
// From the CPU each kind of process used per message it also works out how many processes a number
// sending Meta's maximum of 1,000 messages per second would need. Needs `npm run build` first.
// Run: npx tsx bench/queueMode.ts [deliveries=300] [replies=500] [concurrency=8]
import * as fs from 'fs';

import { PHONE_NUMBER_ID, customerContact, envelope, inboundMessage, messagesValue } from '../test/fixtures/metaWebhookExamples';
import { serializeLikeMeta, signatureHeader } from '../sandbox';
import { processGroupMembers, startN8n, type N8nWorkflow } from '../n8n-harness/n8nInstance';
import { startN8nQueue } from '../n8n-harness/n8nQueue';
import { startRedis } from '../n8n-harness/queueServices';
import { startSandboxProcess } from '../test/integration/sandboxProcess';
import { accepted, deliverAll, reportToCollector, startCollector, textDelivery, type Collector } from '../n8n-harness/metaDelivery';
import { printTable, ratio } from './lib/measure';
import { WHATSAPP_CREDENTIAL_TYPE } from '../nodes/shared/whatsapp/cloudApiCredential';

const [DELIVERIES, REPLIES, CONCURRENCY] = [Number(process.argv[2] ?? 300), Number(process.argv[3] ?? 500), Number(process.argv[4] ?? 8)];
const APP_SECRET = 'bench-queue-app-secret';
const SANDBOX_RATE = 5000;

function workflows(collectorUrl: string, shared: boolean): N8nWorkflow[] {
	const credentials = {
		[WHATSAPP_CREDENTIAL_TYPE]: { id: 'benchQueueWa0001', name: 'wa' },
		...(shared ? { redis: { id: 'benchQueueRedis1', name: 'redis' } } : {}),
	};
	const trigger = (hook: string) => ({
		id: `trigger-${hook}`,
		name: 'WhatsApp Trigger',
		type: 'n8n-nodes-whatsapp-mcp.whatsAppTrigger',
		typeVersion: 1.1,
		position: [0, 0],
		webhookId: hook,
		parameters: { events: ['message'], ...(shared ? { duplicateMemory: 'redis' } : {}) },
		credentials,
	});
	return [
		{
			id: 'benchQueueIngest',
			name: 'Bench: ingestion',
			nodes: [trigger('bench-ingest'), reportToCollector(collectorUrl)],
			connections: { 'WhatsApp Trigger': { main: [[{ node: 'Report', type: 'main', index: 0 }]] } },
		},
		{
			id: 'benchQueueReply0',
			name: 'Bench: replies',
			nodes: [
				trigger('bench-reply'),
				{
					id: 'reply',
					name: 'WhatsApp Reply',
					type: 'n8n-nodes-whatsapp-mcp.whatsAppReply',
					typeVersion: 1,
					position: [220, 0],
					parameters: {
						resource: 'message',
						operation: 'sendText',
						text: 'Thanks!',
						...(shared ? { rateLimitStore: 'redis' } : {}),
						sendingSettings: { messagesPerSecond: SANDBOX_RATE, concurrency: 20 },
					},
					credentials,
				},
			],
			connections: { 'WhatsApp Trigger': { main: [[{ node: 'WhatsApp Reply', type: 'main', index: 0 }]] } },
		},
	];
}

/** One delivery carrying `count` messages from different customers. */
function batchDelivery(count: number, tag: string) {
	const customers = Array.from({ length: count }, (_, c) => `1666${String(c).padStart(7, '0')}`);
	const raw = serializeLikeMeta(
		envelope([
			{
				value: messagesValue(
					customers.map((waId, c) => ({ ...inboundMessage('text', { text: { body: 'hi' } }, `wamid.${tag}-${c}`), from: waId })),
					customers.map((waId) => customerContact(waId, 'Bench')),
				),
			},
		]),
	);
	return { messageId: tag, raw, signature: signatureHeader(Buffer.from(raw), APP_SECRET) };
}

interface Figures {
	ingestionPerSecond: number;
	repliesPerSecond: number;
	/** CPU seconds the given processes used per delivery taken in, and per reply sent. */
	cpuPerDelivery?: number;
	cpuPerReply?: number;
}

/** CPU seconds (user + system) used so far by every member of these process groups. */
function cpuSeconds(groupIds: number[]): number {
	const ticksPerSecond = 100; // Linux USER_HZ
	let ticks = 0;
	for (const pid of groupIds.flatMap((group) => processGroupMembers(group))) {
		try {
			const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
			const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			ticks += Number(fields[11]) + Number(fields[12]);
		} catch {
			// ended meanwhile
		}
	}
	return ticks / ticksPerSecond;
}

async function measure(
	label: string,
	hookUrl: (hook: string, index: number) => string,
	collector: Collector,
	sendCount: () => Promise<number>,
	cpu?: { webhookProcesses: () => number; workers: () => number },
): Promise<Figures> {
	const sends = sendCount;
	// Warm-up: a few deliveries and replies, untimed.
	const warmFrom = collector.total();
	const warmSendsFrom = await sends();
	await deliverAll(
		Array.from({ length: 10 }, (_, i) => textDelivery(`wamid.${label}-warm-${i}`, APP_SECRET)),
		(i) => hookUrl('bench-ingest', i),
		4,
	);
	await deliverAll([batchDelivery(20, `${label}-warm`)], (i) => hookUrl('bench-reply', i), 1);
	await collector.waitFor(warmFrom + 10, 120_000);
	while ((await sends()) < warmSendsFrom + 20) await new Promise((resolve) => setTimeout(resolve, 100));

	const deliveries = Array.from({ length: DELIVERIES }, (_, i) => textDelivery(`wamid.${label}-${i}`, APP_SECRET));
	const before = collector.total();
	const webhookCpuBefore = cpu?.webhookProcesses() ?? 0;
	let started = performance.now();
	const results = await deliverAll(deliveries, (i) => hookUrl('bench-ingest', i), CONCURRENCY);
	const refused = results.filter((r) => !accepted(r)).length;
	await collector.waitFor(before + DELIVERIES - refused, 600_000);
	const ingestionPerSecond = (DELIVERIES - refused) / ((performance.now() - started) / 1000);
	const cpuPerDelivery = cpu ? (cpu.webhookProcesses() - webhookCpuBefore) / (DELIVERIES - refused) : undefined;

	const sentBefore = await sends();
	const workerCpuBefore = cpu?.workers() ?? 0;
	started = performance.now();
	// Four executions at once, so that both workers send.
	await deliverAll(
		Array.from({ length: 4 }, (_, i) => batchDelivery(REPLIES / 4, `${label}-replies-${i}`)),
		(i) => hookUrl('bench-reply', i),
		4,
	);
	while ((await sends()) < sentBefore + REPLIES) await new Promise((resolve) => setTimeout(resolve, 100));
	const repliesPerSecond = REPLIES / ((performance.now() - started) / 1000);
	const cpuPerReply = cpu ? (cpu.workers() - workerCpuBefore) / REPLIES : undefined;
	console.log(`${label}: ${ingestionPerSecond.toFixed(1)} executions/s (${refused} refused), ${repliesPerSecond.toFixed(1)} replies/s`);
	return { ingestionPerSecond, repliesPerSecond, cpuPerDelivery, cpuPerReply };
}

async function main() {
	const sandbox = await startSandboxProcess({
		throughputPerSecond: SANDBOX_RATE,
		phoneNumberId: PHONE_NUMBER_ID,
		appSecret: APP_SECRET,
		statusDelaysMs: [5, 10, 15],
		autoRead: false,
	});
	const sandboxCredentials = sandbox.credentials;
	const collector = await startCollector();
	const waCredential = { id: 'benchQueueWa0001', name: 'wa', type: WHATSAPP_CREDENTIAL_TYPE, data: { ...sandboxCredentials, appSecret: APP_SECRET } };
	try {
		console.log(`${DELIVERIES} deliveries at concurrency ${CONCURRENCY}; ${REPLIES} replies from four deliveries`);
		const regular = await startN8n({
			credentials: [waCredential],
			workflows: workflows(collector.url, false),
			env: { N8N_CONCURRENCY_PRODUCTION_LIMIT: '10', N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: 'true' },
		});
		let regularFigures: Figures;
		try {
			await regular.waitForWebhook('bench-ingest/webhook');
			await regular.waitForWebhook('bench-reply/webhook');
			regularFigures = await measure(
				'regular',
				(hook) => regular.webhookUrl(`${hook}/webhook`),
				collector,
				async () => (await sandbox.sends()).length,
			);
		} finally {
			await regular.stop();
		}

		const appRedis = await startRedis();
		const queue = await startN8nQueue({
			credentials: [
				waCredential,
				{ id: 'benchQueueRedis1', name: 'redis', type: 'redis', data: { host: appRedis.host, port: appRedis.port, database: 0, password: '' } },
			],
			workflows: workflows(collector.url, true),
			env: { N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: 'true' },
		});
		let queueFigures: Figures;
		try {
			await queue.waitForWebhook('bench-ingest/webhook');
			await queue.waitForWebhook('bench-reply/webhook');
			const groups = (role: string) =>
				queue
					.processes()
					.filter((proc) => proc.role === role && proc.pid)
					.map((proc) => proc.pid!);
			queueFigures = await measure(
				'queue',
				(hook, index) => queue.webhookUrl(`${hook}/webhook`, index % 2),
				collector,
				async () => (await sandbox.sends()).length,
				{
					webhookProcesses: () => cpuSeconds(groups('webhook')),
					workers: () => cpuSeconds(groups('worker')),
				},
			);
		} finally {
			await queue.stop();
			await appRedis.stop();
		}

		printTable(
			['measure', 'queue mode (2 webhook processes, 2 workers)', 'regular mode (1 process)', 'queue / regular'],
			[
				[
					'trigger ingestion, executions/s',
					queueFigures.ingestionPerSecond.toFixed(1),
					regularFigures.ingestionPerSecond.toFixed(1),
					ratio(queueFigures.ingestionPerSecond, regularFigures.ingestionPerSecond),
				],
				[
					'replies sent, messages/s',
					queueFigures.repliesPerSecond.toFixed(1),
					regularFigures.repliesPerSecond.toFixed(1),
					ratio(queueFigures.repliesPerSecond, regularFigures.repliesPerSecond),
				],
			],
		);
		// On paper: CPU per delivery in the webhook processes and per reply in the workers, from this
		// run. A process is one Node event loop, so it uses at most one core.
		const deliveriesPerCore = 1 / queueFigures.cpuPerDelivery!;
		const repliesPerCore = 1 / queueFigures.cpuPerReply!;
		console.log(
			`webhook processes: ${(queueFigures.cpuPerDelivery! * 1000).toFixed(1)} ms CPU per delivery (${deliveriesPerCore.toFixed(0)} deliveries/s per busy core); ` +
				`workers: ${(queueFigures.cpuPerReply! * 1000).toFixed(2)} ms CPU per reply, execution included (${repliesPerCore.toFixed(0)} replies/s per busy core). ` +
				`1,000 messages/s in and 1,000 replies/s out would need about ${Math.ceil(1000 / deliveriesPerCore)} webhook processes and ${Math.ceil(1000 / repliesPerCore)} workers ` +
				'on a core each (before headroom), plus what the workflow itself does per message',
		);
	} finally {
		await collector.close();
		sandbox.stop();
	}
}

void main().catch((error) => {
	console.error(error);
	process.exit(1);
});
