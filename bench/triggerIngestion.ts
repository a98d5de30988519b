// Webhook ingestion inside a real n8n 2.40.7: the WhatsApp Trigger (signature check, validation,
// normalization, dedupe) against n8n's own Webhook node (no checks at all, and with header auth)
// receiving the same signed Cloud API payloads, in the same run, in rotating rounds so that all
// see the same machine.
// Measures HTTP latency and end-to-end throughput (until every execution has finished).
// Runs under n8n's default settings and with lazy isolate acquisition (see `settings`).
// Needs `npm run build` first. Run: npx tsx bench/triggerIngestion.ts [perRound=100] [rounds=3] [concurrency=4] [default|lazy]
import { signWebhookBody } from '../nodes/shared/whatsapp/webhookSignature';
import { envelope, messageExamples, messagesValue } from '../test/fixtures/metaWebhookExamples';
import { startN8n, waitUntil, type N8nInstance } from '../n8n-harness/n8nInstance';
import { webhookNode } from '../n8n-harness/workflowNodes';
import { median, ms, percentile, printTable, ratio, timeConcurrently } from './lib/measure';
import { WHATSAPP_CREDENTIAL_TYPE } from '../nodes/shared/whatsapp/cloudApiCredential';

const [perRound, rounds, concurrency] = [Number(process.argv[2] ?? 100), Number(process.argv[3] ?? 3), Number(process.argv[4] ?? 4)];
const APP_SECRET = 'bench-app-secret';

const noOp = { id: 'done', name: 'Done', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [220, 0], parameters: {} };
const oursWorkflow = {
	id: 'benchTriggerOurs',
	name: 'Bench: WhatsApp Trigger',
	nodes: [
		{
			id: 'trigger',
			name: 'WhatsApp Trigger',
			type: 'n8n-nodes-whatsapp-mcp.whatsAppTrigger',
			typeVersion: 1.1,
			position: [0, 0],
			webhookId: 'bench-ours',
			parameters: {},
			credentials: { [WHATSAPP_CREDENTIAL_TYPE]: { id: 'benchCredential01', name: 'bench' } },
		},
		noOp,
	],
	connections: { 'WhatsApp Trigger': { main: [[{ node: 'Done', type: 'main', index: 0 }]] } },
};
const n8nWorkflow = {
	id: 'benchTriggerN8n0',
	name: 'Bench: n8n Webhook',
	nodes: [webhookNode({ path: 'bench-n8n', responseMode: 'onReceived' }), noOp],
	connections: { Webhook: { main: [[{ node: 'Done', type: 'main', index: 0 }]] } },
};

// n8n's Webhook node with header auth: like our trigger, it loads a credential on every request and
// its workflow pays n8n's per-execution credential permission check. The floor for any node that
// needs a secret, shown beside the bare Webhook node.
const n8nAuthWorkflow = {
	id: 'benchTriggerAuth',
	name: 'Bench: n8n Webhook with header auth',
	nodes: [
		webhookNode({
			path: 'bench-n8n-auth',
			responseMode: 'onReceived',
			parameters: { authentication: 'headerAuth' },
			credentials: { httpHeaderAuth: { id: 'benchHeaderAuth01', name: 'bench header' } },
		}),
		noOp,
	],
	connections: { Webhook: { main: [[{ node: 'Done', type: 'main', index: 0 }]] } },
};
const HEADER_AUTH = { name: 'x-bench-key', value: 'bench-header-secret' };

let sequence = 0;
/** A fresh signed text-message webhook (a new message id each time, so dedupe never drops one). */
function signedDelivery() {
	const body = envelope([{ value: messagesValue([{ ...messageExamples.text, id: `wamid.bench${++sequence}` }]) }]);
	const raw = JSON.stringify(body);
	return { raw, signature: signWebhookBody(Buffer.from(raw), APP_SECRET) };
}

async function finishedExecutions(n8n: N8nInstance, workflowId: string): Promise<number> {
	const filter = encodeURIComponent(JSON.stringify({ workflowId }));
	const result = await n8n.rest<{ count: number; results: Array<{ status: string }> }>('GET', `/executions?filter=${filter}&limit=1`);
	return result.count;
}

interface RoundResult {
	latencies: number[];
	seconds: number;
}

async function round(n8n: N8nInstance, url: string, workflowId: string, expectedBefore: number): Promise<RoundResult> {
	const started = process.hrtime.bigint();
	const latencies = await timeConcurrently(perRound, concurrency, async () => {
		const { raw, signature } = signedDelivery();
		const response = await fetch(url, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature, [HEADER_AUTH.name]: HEADER_AUTH.value },
			body: raw,
		});
		await response.arrayBuffer();
		if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
	});
	await waitUntil(async () => (await finishedExecutions(n8n, workflowId)) >= expectedBefore + perRound, 300_000, 'executions');
	return { latencies, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

/**
 * n8n settings the bench runs under, each in its own n8n. Profiling showed where the gap to the bare
 * Webhook node comes from: n8n 2.40's default expression engine ("vm") takes an isolate for the
 * webhook phase of every start node except its own Webhook node (live-webhooks.js,
 * webhookPhaseNeedsIsolate), ~7 ms of CPU per request here. With lazy acquisition n8n creates an isolate only
 * when an expression is evaluated, and that special case stops mattering.
 */
const settings: Array<{ key: string; label: string; env: Record<string, string> }> = [
	{ key: 'default', label: 'n8n defaults (expression engine "vm", isolate taken per webhook)', env: {} },
	{ key: 'lazy', label: 'N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true', env: { N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: 'true' } },
];

async function measureUnder(setting: (typeof settings)[number]) {
	console.log(`\n## ${setting.label}\nstarting n8n (${rounds} rounds × ${perRound} webhooks per node, concurrency ${concurrency})`);
	const n8n = await startN8n({
		workflows: [oursWorkflow, n8nWorkflow, n8nAuthWorkflow],
		credentials: [
			{
				id: 'benchCredential01',
				name: 'bench',
				type: WHATSAPP_CREDENTIAL_TYPE,
				data: {
					accessToken: 'bench-token',
					phoneNumberId: '106540352242922',
					appSecret: APP_SECRET,
					verifyToken: 'bench-verify',
					baseUrl: 'http://127.0.0.1:9',
					apiVersion: 'v23.0',
				},
			},
			{ id: 'benchHeaderAuth01', name: 'bench header', type: 'httpHeaderAuth', data: HEADER_AUTH },
		],
		env: { N8N_LOG_LEVEL: 'warn', ...setting.env },
	});
	try {
		const ours = { url: n8n.webhookUrl('bench-ours/webhook'), id: oursWorkflow.id, latencies: [] as number[], seconds: 0 };
		const theirs = { url: n8n.webhookUrl('bench-n8n'), id: n8nWorkflow.id, latencies: [] as number[], seconds: 0 };
		const theirsAuth = { url: n8n.webhookUrl('bench-n8n-auth'), id: n8nAuthWorkflow.id, latencies: [] as number[], seconds: 0 };
		const sides = [ours, theirs, theirsAuth];
		await n8n.waitForWebhook('bench-ours/webhook', 'GET');
		await n8n.waitForWebhook('bench-n8n');
		await n8n.waitForWebhook('bench-n8n-auth');
		// Warm-up: JIT, DB statements, module loading.
		for (const side of sides) await round(n8n, side.url, side.id, 0);
		for (let r = 0; r < rounds; r++) {
			// Rotate who goes first, so that no one always runs on a fresher machine.
			const order = sides.map((_, i) => sides[(i + r) % sides.length]);
			for (const side of order) {
				const before = await finishedExecutions(n8n, side.id);
				const result = await round(n8n, side.url, side.id, before);
				side.latencies.push(...result.latencies);
				side.seconds += result.seconds;
			}
		}
		const total = perRound * rounds;
		const throughput = (side: typeof ours) => total / side.seconds;
		console.log(`\n${total} signed webhooks per node, concurrency ${concurrency}; throughput counts until every execution finished\n`);
		printTable(
			['receiver', 'executions/s', 'HTTP p50', 'HTTP p95', 'HTTP p99'],
			[
				[
					'WhatsApp Trigger (signature + normalize + dedupe)',
					throughput(ours).toFixed(1),
					ms(median(ours.latencies)),
					ms(percentile(ours.latencies, 95)),
					ms(percentile(ours.latencies, 99)),
				],
				[
					"n8n's Webhook node (no checks)",
					throughput(theirs).toFixed(1),
					ms(median(theirs.latencies)),
					ms(percentile(theirs.latencies, 95)),
					ms(percentile(theirs.latencies, 99)),
				],
				[
					"n8n's Webhook node with header auth (loads a credential)",
					throughput(theirsAuth).toFixed(1),
					ms(median(theirsAuth.latencies)),
					ms(percentile(theirsAuth.latencies, 95)),
					ms(percentile(theirsAuth.latencies, 99)),
				],
			],
		);
		console.log(`\nthroughput ratio (ours / n8n Webhook): ${ratio(throughput(ours), throughput(theirs))} (target ≥ 0.90×)`);
		console.log(`HTTP p50 ratio (ours / n8n Webhook): ${ratio(median(ours.latencies), median(theirs.latencies))}`);
		console.log(`throughput ratio (ours / n8n Webhook with header auth): ${ratio(throughput(ours), throughput(theirsAuth))}`);
	} finally {
		await n8n.stop();
	}
}

async function main() {
	const only = process.argv[5]; // a setting's key, to run that one alone
	for (const setting of settings) if (!only || only === setting.key) await measureUnder(setting);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
