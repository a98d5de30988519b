// WhatsApp Reply benchmarks (issue: WhatsApp Reply node), each figure measured in the same run:
//  (a) one execution sending 1000 reply-button messages through our node — Meta's limits checked,
//      retries and the per-number rate limiter on, the limit set to the sandbox's (1000/s, Meta's
//      upgraded tier) — against n8n's HTTP Request node posting the same bodies to the same
//      sandbox (what users do today for messages the built-in node lacks), batched to the same
//      limit. Goal: ours ≥ 0.9× its throughput.
//  (b) rate-limiter accuracy: 1000 texts at the default 80 messages/s against a sandbox enforcing
//      80/s — the achieved rate against the configured one, and how many 130429 came back.
// Run: npx tsx bench/reply-throughput.ts   (needs `npm run build`)
import * as path from 'path';

import { startSandbox, type Sandbox } from '../sandbox';
import { projectRoot } from '../n8n-harness/installPackage';
import { startN8n, type N8nInstance } from '../n8n-harness/n8nInstance';
import { printTable } from './lib/measure';
import { WHATSAPP_CREDENTIAL_TYPE } from '../nodes/shared/whatsapp/cloudApiCredential';
import type { IRunExecutionData } from 'n8n-workflow';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- n8n's own flatted, from the pinned runtime in .cache, found at run time
const flatted = require(path.join(projectRoot, '.cache', 'n8n-runtime', 'node_modules', 'flatted')) as { parse(text: string): IRunExecutionData };

const ITEMS = Number(process.env.BENCH_ITEMS ?? 1000);
const FAST_LIMIT = 1000;
const DEFAULT_LIMIT = 80;

const webhook = (hook: string) => ({
	id: `hook-${hook}`,
	name: 'Webhook',
	type: 'n8n-nodes-base.webhook',
	typeVersion: 2,
	webhookId: hook,
	parameters: { httpMethod: 'POST', path: hook, responseMode: 'lastNode', responseData: 'allEntries', options: {} },
});
const splitItems = { id: 'split', name: 'Items', type: 'n8n-nodes-base.splitOut', typeVersion: 1, parameters: { fieldToSplitOut: 'body.items', options: {} } };

const chain = (id: string, nodes: Array<Record<string, unknown>>) => ({
	id,
	name: id,
	nodes: nodes.map((node, index) => ({ position: [index * 220, 0], ...node })),
	connections: Object.fromEntries(nodes.slice(0, -1).map((node, index) => [node.name, { main: [[{ node: nodes[index + 1].name, type: 'main', index: 0 }]] }])),
});

const credential = (id: string, sandbox: Sandbox) => ({ id, name: id, type: WHATSAPP_CREDENTIAL_TYPE, data: { ...sandbox.credentials } });

const oursNode = (credentialId: string, parameters: Record<string, unknown>) => ({
	id: 'reply',
	name: 'Reply',
	type: 'n8n-nodes-whatsapp-mcp.whatsAppReply',
	typeVersion: 1,
	credentials: { [WHATSAPP_CREDENTIAL_TYPE]: { id: credentialId, name: credentialId } },
	parameters,
});

const buttonsBody =
	'={{ JSON.stringify({ messaging_product: "whatsapp", recipient_type: "individual", to: $json.from, type: "interactive", interactive: { type: "button", body: { text: $json.question }, action: { buttons: $json.options.map(o => ({ type: "reply", reply: { id: o, title: o } })) } } }) }}';

function theirsNode(sandbox: Sandbox) {
	const { baseUrl, apiVersion, phoneNumberId, accessToken } = sandbox.credentials;
	return {
		id: 'http',
		name: 'Reply',
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		parameters: {
			method: 'POST',
			url: `${baseUrl}/${apiVersion}/${phoneNumberId}/messages`,
			sendHeaders: true,
			headerParameters: { parameters: [{ name: 'Authorization', value: `Bearer ${accessToken}` }] },
			sendBody: true,
			specifyBody: 'json',
			jsonBody: buttonsBody,
			// Batched to the sandbox's limit, as a user must, or the batch earns 130429.
			options: { batching: { batch: { batchSize: 50, batchInterval: 50 } } },
		},
	};
}

async function run(n8n: N8nInstance, hook: string, workflowId: string, items: unknown[]) {
	const started = process.hrtime.bigint();
	const response = await fetch(n8n.webhookUrl(hook), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ items }) });
	const text = await response.text();
	const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
	if (response.status !== 200) throw new Error(`${hook}: HTTP ${response.status} ${text.slice(0, 300)}`);
	const output = JSON.parse(text) as Array<Record<string, unknown>>;
	const execution = await retried(async () => {
		const [latest] = await n8n.executions(workflowId);
		return await n8n.rest<{ data: string }>('GET', `/executions/${latest.id}`);
	});
	const nodeMs = flatted.parse(execution.data).resultData.runData.Reply[0].executionTime as number;
	return { wallMs, nodeMs, output };
}

/** n8n's REST API answers 503 "Database is not ready" now and then while it saves a large execution. */
async function retried<T>(call: () => Promise<T>, attempts = 20): Promise<T> {
	for (let attempt = 1; ; attempt++) {
		try {
			return await call();
		} catch (error) {
			if (attempt >= attempts) throw error;
			await new Promise((resolve) => setTimeout(resolve, 1000));
		}
	}
}

const sendsOf = (sandbox: Sandbox) => sandbox.requests().filter((r) => r.method === 'POST' && r.path.endsWith('/messages'));

async function main(): Promise<void> {
	const fast = await startSandbox({ throughputPerSecond: FAST_LIMIT, statusDelaysMs: [50, 100, 150], autoRead: false });
	const standard = await startSandbox({ throughputPerSecond: DEFAULT_LIMIT, statusDelaysMs: [50, 100, 150], autoRead: false });
	const buttonItems = Array.from({ length: ITEMS }, (_, i) => ({
		from: `1555${String(i).padStart(7, '0')}`,
		question: `Order ${i}: deliver when?`,
		options: ['Today', 'Tomorrow', 'Pick up'],
	}));
	const textItems = buttonItems.map(({ from }, i) => ({ from, code: i }));
	const n8n = await startN8n({
		credentials: [credential('benchReplyFast01', fast), credential('benchReplyStd001', standard)],
		workflows: [
			chain('benchReplyOurs01', [
				webhook('reply-ours'),
				splitItems,
				oursNode('benchReplyFast01', {
					resource: 'message',
					operation: 'sendButtons',
					body: '={{ $json.question }}',
					choicesSource: 'input',
					choicesArray: '={{ $json.options }}',
					sendingSettings: { messagesPerSecond: FAST_LIMIT, concurrency: 20 },
				}),
			]),
			chain('benchReplyHttp01', [webhook('reply-http'), splitItems, theirsNode(fast)]),
			chain('benchReplyRate01', [
				webhook('reply-rate'),
				splitItems,
				oursNode('benchReplyStd001', {
					resource: 'message',
					operation: 'sendText',
					text: '={{ "Your code is " + $json.code }}',
					sendingSettings: { concurrency: 20 },
				}),
			]),
		],
	});
	try {
		for (const hook of ['reply-ours', 'reply-http', 'reply-rate']) await n8n.waitForWebhook(hook);
		// Warm both paths once (connections, code loading), then measure.
		await run(n8n, 'reply-ours', 'benchReplyOurs01', buttonItems.slice(0, 10));
		await run(n8n, 'reply-http', 'benchReplyHttp01', buttonItems.slice(0, 10));
		fast.reset();

		const ours = await run(n8n, 'reply-ours', 'benchReplyOurs01', buttonItems);
		const oursStatuses = sendsOf(fast).map((r) => r.status);
		fast.reset();
		const theirs = await run(n8n, 'reply-http', 'benchReplyHttp01', buttonItems);
		const theirsStatuses = sendsOf(fast).map((r) => r.status);

		const rate = await run(n8n, 'reply-rate', 'benchReplyRate01', textItems);
		const rateNodeMs = rate.nodeMs;
		const times = sendsOf(standard).map((r) => Date.parse(r.at));
		const spanS = (Math.max(...times) - Math.min(...times)) / 1000;
		const achieved = (times.length - 1) / spanS;
		const rejected = sendsOf(standard).filter((r) => r.status !== 200).length;

		const perSecond = (count: number, ms: number) => (count / (ms / 1000)).toFixed(0);
		const okOf = (statuses: number[]) => statuses.filter((s) => s === 200).length;
		printTable(
			['measure', 'ours (WhatsApp Reply)', 'reference', 'ratio', 'goal'],
			[
				[
					`(a) ${ITEMS} reply-button messages, one execution, node time`,
					`${perSecond(okOf(oursStatuses), ours.nodeMs)} msg/s (${ours.nodeMs} ms; ${okOf(oursStatuses)} accepted, ${oursStatuses.length - okOf(oursStatuses)} rejected)`,
					`${perSecond(okOf(theirsStatuses), theirs.nodeMs)} msg/s (HTTP Request, ${theirs.nodeMs} ms; ${okOf(theirsStatuses)} accepted, ${theirsStatuses.length - okOf(theirsStatuses)} rejected)`,
					`${(Number(perSecond(okOf(oursStatuses), ours.nodeMs)) / Number(perSecond(okOf(theirsStatuses), theirs.nodeMs))).toFixed(2)}×`,
					'≥ 0.9×',
				],
				[
					`(a) same, whole webhook round trip`,
					`${ours.wallMs.toFixed(0)} ms`,
					`${theirs.wallMs.toFixed(0)} ms`,
					`${(theirs.wallMs / ours.wallMs).toFixed(2)}× (speed)`,
					'',
				],
				[
					`(b) ${ITEMS} texts at ${DEFAULT_LIMIT}/s against a sandbox enforcing ${DEFAULT_LIMIT}/s`,
					`${achieved.toFixed(1)} msg/s achieved (node ${rateNodeMs} ms); ${rejected} rejected (130429)`,
					`${DEFAULT_LIMIT} msg/s configured`,
					`${(achieved / DEFAULT_LIMIT).toFixed(3)}`,
					'≤ 1.0 and 0 rejected (10 % margin kept)',
				],
			],
		);
	} finally {
		await n8n.stop();
		await fast.stop();
		await standard.stop();
	}
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
