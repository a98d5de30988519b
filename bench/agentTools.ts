// AI agent tools bench (issue: AI agent on WhatsApp). One n8n, n8n's own AI Agent (v3.1) and OpenAI
// Chat Model pointed at a scripted model that asks for three tool calls per turn, then answers:
//  - ours:   MCP Tools on the demo shop over Streamable HTTP (pooled connection, kept tool list);
//  - theirs: n8n's built-in MCP Client Tool on the same server and transport;
//  - floor:  n8n's Think tool (no I/O), so that turn − floor is the time the MCP tools add.
// Prints the MCP time each adds per turn, their ratio (goal: ours at most 1/10 of theirs), and the
// MCP sessions opened and tool listings per 100 turns, counted at a proxy in front of the server.
// Run: npm run bench:agent   (builds first; BENCH_TURNS=100 by default)
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'http';
import type { AddressInfo } from 'net';
import * as path from 'path';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

import { demoModelFromEnv } from '../demo/demoSetup';
import { startDemoServer } from '../demo/server/startDemoServer';
import { startScriptedModel, type ScriptHelpers, type ScriptedTurn } from '../test/support/scriptedModel';
import { startN8n, type N8nInstance } from '../n8n-harness/n8nInstance';
import { webhookNode } from '../n8n-harness/workflowNodes';
import { median, ms, printTable, ratio } from './lib/measure';
import type { IRunExecutionData } from 'n8n-workflow';

const TURNS = Number(process.env.BENCH_TURNS ?? 100);
const WARM_UP = 5;
const API_KEY = 'sk-bench-scripted';

const THREE_CALLS = [
	{ tool: 'check_stock', arguments: { sku: 'KIT-ESP-01' } },
	{ tool: 'search_products', arguments: { query: 'lamp' } },
	{ tool: 'get_order_status', arguments: { orderNumber: 'ORD-10042' } },
];

/** Three calls per turn on whichever tools the agent was given, then an answer. */
function threeCalls(request: { tools?: Array<{ function: { name: string } }> }, h: ScriptHelpers): ScriptedTurn {
	if (h.toolResultsSinceLastUser().length > 0) return { content: 'done' };
	// The floor's Think tool reaches the model under its node's name.
	const think = h.toolNamed('check_stock') ? undefined : request.tools?.[0]?.function.name;
	if (think) return { toolCalls: [1, 2, 3].map((n) => ({ name: think, arguments: { input: `step ${n}` } })) };
	const name = (tool: string) => {
		const found = h.toolNamed(tool);
		if (!found) throw new Error(`no ${tool} among ${request.tools?.map((t) => t.function.name).join(', ')}`);
		return found;
	};
	return { toolCalls: THREE_CALLS.map((call) => ({ name: name(call.tool), arguments: call.arguments })) };
}

/** Forwards to the MCP server and counts the JSON-RPC methods clients send (sessions, listings). */
async function countingProxy(target: string): Promise<{ url: string; counts: Map<string, number>; close(): Promise<void> }> {
	const upstream = new URL(target);
	const counts = new Map<string, number>();
	const server: Server = createServer((req: IncomingMessage, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const body = Buffer.concat(chunks);
			try {
				const parsed = JSON.parse(body.toString('utf8')) as unknown;
				for (const message of Array.isArray(parsed) ? parsed : [parsed]) {
					const method = (message as { method?: string }).method;
					if (method) counts.set(method, (counts.get(method) ?? 0) + 1);
				}
			} catch {
				// GET (event stream) and DELETE carry no JSON
			}
			const forward = httpRequest(
				{ host: upstream.hostname, port: upstream.port, path: upstream.pathname, method: req.method, headers: { ...req.headers, host: upstream.host } },
				(answer) => {
					res.writeHead(answer.statusCode ?? 502, answer.headers);
					answer.pipe(res);
				},
			);
			forward.on('error', () => res.destroy());
			forward.end(body);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}${upstream.pathname}`,
		counts,
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}

/** Webhook → AI Agent (scripted model, no memory) with one tool sub-node. */
function agentWorkflow(id: string, hookPath: string, tool: Record<string, unknown>) {
	return {
		id,
		name: `bench agent ${hookPath}`,
		nodes: [
			webhookNode({ path: hookPath }),
			{
				id: 'agent',
				name: 'AI Agent',
				type: '@n8n/n8n-nodes-langchain.agent',
				typeVersion: 3.1,
				position: [220, 0],
				parameters: { promptType: 'define', text: '={{ $json.body.text }}', options: {} },
			},
			{
				id: 'model',
				name: 'Chat Model',
				type: '@n8n/n8n-nodes-langchain.lmChatOpenAi',
				typeVersion: 1.3,
				position: [220, 200],
				parameters: { model: { __rl: true, mode: 'id', value: 'scripted' }, responsesApiEnabled: false, options: { maxRetries: 0 } },
				credentials: { openAiApi: { id: 'benchOpenAi00001', name: 'scripted model' } },
			},
			{ id: 'tool', name: 'Tools', position: [420, 200], ...tool },
			// A node after the agent: with the agent last, n8n's "last node" answer finds the tool's run instead.
			{ id: 'done', name: 'Done', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [440, 0], parameters: {} },
		],
		connections: {
			Webhook: { main: [[{ node: 'AI Agent', type: 'main', index: 0 }]] },
			'AI Agent': { main: [[{ node: 'Done', type: 'main', index: 0 }]] },
			'Chat Model': { ai_languageModel: [[{ node: 'AI Agent', type: 'ai_languageModel', index: 0 }]] },
			Tools: { ai_tool: [[{ node: 'AI Agent', type: 'ai_tool', index: 0 }]] },
		},
	};
}

// n8n stores run data in the "flatted" format; the runtime ships the library.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- n8n's own flatted, from the pinned runtime in .cache, found at run time
const flatted = require(path.join(__dirname, '..', '.cache', 'n8n-runtime', 'node_modules', 'flatted', 'cjs', 'index.js')) as {
	parse(text: string): IRunExecutionData;
};

/** n8n's own executionTime of each run of a node in the workflow's latest `count` executions. */
async function nodeRunTimes(n8n: N8nInstance, workflowId: string, nodeName: string, count: number): Promise<number[]> {
	const times: number[] = [];
	for (const execution of (await n8n.executions(workflowId)).slice(0, count)) {
		const detail = await n8n.rest<{ data: string }>('GET', `/executions/${execution.id}`);
		for (const run of flatted.parse(detail.data).resultData.runData[nodeName] ?? []) times.push(run.executionTime);
	}
	return times;
}

async function turn(n8n: N8nInstance, hook: string): Promise<number> {
	const started = process.hrtime.bigint();
	const response = await fetch(n8n.webhookUrl(hook), {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ text: 'three calls please' }),
	});
	const text = await response.text();
	const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
	if (response.status !== 200 || !text.includes('done')) throw new Error(`${hook}: HTTP ${response.status} ${text.slice(0, 300)}`);
	return elapsed;
}

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

async function main(): Promise<void> {
	if (demoModelFromEnv(process.env)) console.error('(OPENAI_API_KEY is ignored: the bench uses its scripted model)');
	const model = await startScriptedModel(threeCalls, { apiKey: API_KEY });
	const shop = await startDemoServer({ transport: 'http', port: 0, log: () => undefined });
	const oursProxy = await countingProxy(shop.url!);
	const theirsProxy = await countingProxy(shop.url!);
	// The server's own share: the same three calls from a plain SDK client on one open session.
	const rawProxy = await countingProxy(shop.url!);
	const raw = new Client({ name: 'bench-raw', version: '1.0.0' });
	await raw.connect(new StreamableHTTPClientTransport(new URL(rawProxy.url)));
	const rawTurn = async () => {
		const started = process.hrtime.bigint();
		for (const call of THREE_CALLS) await raw.callTool({ name: call.tool, arguments: call.arguments });
		return Number(process.hrtime.bigint() - started) / 1e6;
	};
	const workflows = [
		agentWorkflow('benchAgentFloor1', 'agent-floor', { type: '@n8n/n8n-nodes-langchain.toolThink', typeVersion: 1.1, parameters: {} }),
		agentWorkflow('benchAgentOurs01', 'agent-ours', {
			type: 'n8n-nodes-whatsapp-mcp.mcpTools',
			typeVersion: 1,
			parameters: { toolSelection: 'all', options: {} },
			credentials: { mcpServerApi: { id: 'benchShopHttp001', name: 'demo shop (ours)' } },
		}),
		agentWorkflow('benchAgentTheirs', 'agent-theirs', {
			type: '@n8n/n8n-nodes-langchain.mcpClientTool',
			typeVersion: 1.4,
			parameters: { endpointUrl: theirsProxy.url, serverTransport: 'httpStreamable', authentication: 'none', include: 'all', options: {} },
		}),
	];
	const credentials = [
		{ id: 'benchOpenAi00001', name: 'scripted model', type: 'openAiApi', data: { apiKey: API_KEY, url: model.baseUrl } },
		{ id: 'benchShopHttp001', name: 'demo shop (ours)', type: 'mcpServerApi', data: { transport: 'streamableHttp', url: oursProxy.url } },
	];
	console.error('starting n8n…');
	const n8n = await startN8n({ workflows, credentials, onProgress: (line) => console.error(`  ${line}`) });
	try {
		for (const hook of ['agent-floor', 'agent-ours', 'agent-theirs']) await n8n.waitForWebhook(hook);
		for (let i = 0; i < WARM_UP; i++) for (const hook of ['agent-floor', 'agent-ours', 'agent-theirs']) await turn(n8n, hook); // warm up
		const latency = { floor: [] as number[], ours: [] as number[], theirs: [] as number[], raw: [] as number[] };
		// Interleaved, so that drift in the machine's load falls on all three alike.
		for (let i = 0; i < TURNS; i++) {
			for (const [key, hook] of [
				['floor', 'agent-floor'],
				['ours', 'agent-ours'],
				['theirs', 'agent-theirs'],
			] as const) {
				await sleep(100);
				latency[key].push(await turn(n8n, hook));
			}
			latency.raw.push(await rawTurn());
		}
		const callTimes = {
			floor: await nodeRunTimes(n8n, 'benchAgentFloor1', 'Tools', 20),
			ours: await nodeRunTimes(n8n, 'benchAgentOurs01', 'Tools', 20),
			theirs: await nodeRunTimes(n8n, 'benchAgentTheirs', 'Tools', 20),
		};
		const floor = median(latency.floor);
		const server = median(latency.raw);
		const oursAdded = median(latency.ours) - floor - server;
		const theirsAdded = median(latency.theirs) - floor - server;
		// Counted from n8n's first turn (warm-up included), so that ours shows the one session it opens.
		const allTurns = TURNS + WARM_UP;
		const per100 = (counts: Map<string, number>, method: string) => (((counts.get(method) ?? 0) * 100) / allTurns).toFixed(allTurns === 100 ? 0 : 1);

		console.log(
			`\nAI agent tools bench (n8n 2.40.7, AI Agent 3.1, scripted model, 3 tool calls per turn on the demo shop over Streamable HTTP, ${TURNS} turns each; ${new Date().toISOString()})\n`,
		);
		printTable(
			['per agent turn', 'ours (MCP Tools)', "n8n's MCP Client Tool", 'ratio'],
			[
				['turn, median', ms(median(latency.ours)), ms(median(latency.theirs)), ratio(median(latency.ours), median(latency.theirs))],
				[
					`MCP time added (turn − Think-tool floor ${ms(floor)} − the server's 3 calls ${ms(server)})`,
					ms(oursAdded),
					ms(theirsAdded),
					ratio(oursAdded, theirsAdded),
				],
				[
					`one tool call as n8n times the tool node (Think: ${ms(median(callTimes.floor))})`,
					ms(median(callTimes.ours)),
					ms(median(callTimes.theirs)),
					ratio(median(callTimes.ours), median(callTimes.theirs)),
				],
				['MCP sessions opened per 100 turns', per100(oursProxy.counts, 'initialize'), per100(theirsProxy.counts, 'initialize'), ''],
				['tools/list per 100 turns', per100(oursProxy.counts, 'tools/list'), per100(theirsProxy.counts, 'tools/list'), ''],
				['tools/call per 100 turns', per100(oursProxy.counts, 'tools/call'), per100(theirsProxy.counts, 'tools/call'), ''],
			],
		);
	} catch (error) {
		console.error(n8n.logs().split('\n').slice(-30).join('\n'));
		throw error;
	} finally {
		await n8n.stop();
		await oursProxy.close();
		await theirsProxy.close();
		await raw.close();
		await rawProxy.close();
		await shop.close();
		await model.stop();
	}
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
