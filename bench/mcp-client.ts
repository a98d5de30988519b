// MCP Client benchmarks, each figure a ratio measured in the same run (issue: MCP Client node).
//  (a) one execution with 1000 items through our node's Call Tool, against a raw SDK client
//      calling the same tool 1000 times on one connection (goal: at most 1.25×);
//  (b) median latency each execution adds above the engine's floor (webhook → Set) over 100
//      executions, ours against the community node n8n-nodes-mcp in the same n8n, same tool,
//      same stdio server (goal: ours at most 1/50 of theirs);
//  (c) stdio server processes started per 100 executions, ours against theirs.
// Run: npx tsx bench/mcp-client.ts   (needs `npm run build`; installs n8n-nodes-mcp into .cache once;
//      BENCH_EXECUTIONS=100, BENCH_ITEMS=1000 and BENCH_RUNS=9 are the defaults)
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { n8nNodeBinary, startN8n, type N8nInstance } from '../n8n-harness/n8nInstance';
import { median, ms, printTable, ratio } from './lib/measure';
import type { IRunExecutionData } from 'n8n-workflow';

const ROOT = path.resolve(__dirname, '..');
const LAUNCHER = path.join(__dirname, 'mcp-counting-server.mjs');
const THEIRS_VERSION = '0.1.37';
const THEIRS_CACHE = path.join(ROOT, '.cache', 'bench-n8n-nodes-mcp');
const EXECUTIONS = Number(process.env.BENCH_EXECUTIONS ?? 100);
const ITEMS = Number(process.env.BENCH_ITEMS ?? 1000);
/** Timed runs of (a); the machine's noise is as large as the margin, so medians of several. */
const RUNS = Number(process.env.BENCH_RUNS ?? 9);

/** n8n-nodes-mcp from npm, installed once into .cache with its own dependencies. */
function installTheirs(userFolder: string): void {
	const installed = path.join(THEIRS_CACHE, 'node_modules', 'n8n-nodes-mcp', 'package.json');
	if (!fs.existsSync(installed) || JSON.parse(fs.readFileSync(installed, 'utf8')).version !== THEIRS_VERSION) {
		fs.mkdirSync(THEIRS_CACHE, { recursive: true });
		fs.writeFileSync(path.join(THEIRS_CACHE, 'package.json'), JSON.stringify({ name: 'bench-n8n-nodes-mcp', private: true }));
		execFileSync('npm', ['install', `n8n-nodes-mcp@${THEIRS_VERSION}`, '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], {
			cwd: THEIRS_CACHE,
			stdio: 'inherit',
		});
	}
	// Its dependencies go inside its own folder so they cannot shadow ours.
	const target = path.join(userFolder, '.n8n', 'nodes', 'node_modules', 'n8n-nodes-mcp');
	fs.cpSync(path.join(THEIRS_CACHE, 'node_modules', 'n8n-nodes-mcp'), target, { recursive: true });
	for (const entry of fs.readdirSync(path.join(THEIRS_CACHE, 'node_modules'))) {
		if (entry === 'n8n-nodes-mcp' || entry.startsWith('.')) continue;
		fs.cpSync(path.join(THEIRS_CACHE, 'node_modules', entry), path.join(target, 'node_modules', entry), { recursive: true });
	}
}

const webhook = (hookPath: string) => ({
	id: `hook-${hookPath}`,
	name: 'Webhook',
	type: 'n8n-nodes-base.webhook',
	typeVersion: 2,
	position: [0, 0],
	webhookId: hookPath,
	parameters: { httpMethod: 'POST', path: hookPath, responseMode: 'lastNode', responseData: 'allEntries', options: {} },
});

const chain = (id: string, name: string, nodes: Array<Record<string, unknown>>) => ({
	id,
	name,
	nodes: nodes.map((node, index) => ({ position: [index * 220, 0], ...node })),
	connections: Object.fromEntries(nodes.slice(0, -1).map((node, index) => [node.name, { main: [[{ node: nodes[index + 1].name, type: 'main', index: 0 }]] }])),
});

// Fixed arguments for (b): an expression would add n8n's expression-engine time (~tens of ms
// under load) to both nodes alike and hide what the nodes themselves add.
const sumArguments = '{"a": 20, "b": 22}';

/**
 * A pause before each timed execution. n8n 2.40 takes a fresh expression isolate per execution
 * from a pool of one and builds the next in the background (~20–60 ms of CPU): an execution
 * started right after another would pay that build on whichever side happens to come second.
 */
const settle = () => sleep(150);
const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

async function post(n8n: N8nInstance, hook: string, body: unknown): Promise<{ ms: number; items: Array<Record<string, unknown>> }> {
	const started = process.hrtime.bigint();
	const response = await fetch(n8n.webhookUrl(hook), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
	const text = await response.text();
	const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
	if (response.status !== 200) throw new Error(`${hook}: HTTP ${response.status} ${text.slice(0, 300)}`);
	const parsed = JSON.parse(text);
	return { ms: elapsed, items: Array.isArray(parsed) ? parsed : [parsed] };
}

// n8n stores run data in the "flatted" format; the runtime ships the library.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- n8n's own flatted, from the pinned runtime in .cache, found at run time
const flatted = require(path.join(ROOT, '.cache', 'n8n-runtime', 'node_modules', 'flatted', 'cjs', 'index.js')) as { parse(text: string): IRunExecutionData };

/** n8n's own executionTime of one node in the workflow's latest `count` executions. */
async function nodeTimes(n8n: N8nInstance, workflowId: string, nodeName: string, count: number): Promise<number[]> {
	const executions = (await n8n.executions(workflowId)).slice(0, count);
	const times: number[] = [];
	for (const execution of executions) {
		const detail = await n8n.rest<{ data: string }>('GET', `/executions/${execution.id}`);
		const run = flatted.parse(detail.data).resultData.runData[nodeName]?.[0];
		if (run) times.push(run.executionTime);
	}
	return times;
}

function countLines(file: string): number {
	return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).length : 0;
}

/**
 * (a)'s references run in a child process on n8n's own Node binary (Node 24 here; the SDK is
 * measurably slower on it than on the Node 20 that runs this script), so that only the node differs.
 */
function referenceCalls(mode: 'raw' | 'library', count: number, countFile: string): number {
	const output = execFileSync(
		n8nNodeBinary,
		['--import', 'tsx', path.join(__dirname, 'mcp-reference-calls.ts'), mode, String(count), countFile, process.execPath],
		{
			cwd: ROOT,
			encoding: 'utf8',
		},
	);
	return Number(JSON.parse(output.trim().split('\n').pop() ?? '{}').ms);
}

async function main(): Promise<void> {
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'mcp-bench-'));
	const oursCount = path.join(work, 'ours-spawns.txt');
	const theirsCount = path.join(work, 'theirs-spawns.txt');
	const rawCount = path.join(work, 'raw-spawns.txt');
	const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-bench-'));
	fs.mkdirSync(path.join(userFolder, '.n8n', 'nodes', 'node_modules'), { recursive: true });
	installTheirs(userFolder);

	const oursCredential = {
		id: 'benchOursStdio01',
		name: 'bench ours',
		type: 'mcpServerApi',
		data: { transport: 'stdio', command: process.execPath, args: { arg: [{ value: LAUNCHER }, { value: oursCount }] } },
	};
	// Theirs takes arguments as one string split on spaces: our paths have none.
	const theirsCredential = {
		id: 'benchTheirsStdio',
		name: 'bench theirs',
		type: 'mcpClientApi',
		data: { command: process.execPath, args: `${LAUNCHER} ${theirsCount}`, environments: '' },
	};
	const ours = {
		type: 'n8n-nodes-whatsapp-mcp.mcpClient',
		typeVersion: 1,
		credentials: { mcpServerApi: { id: oursCredential.id, name: oursCredential.name } },
	};
	const splitOut = {
		id: 'split',
		name: 'Split Out',
		type: 'n8n-nodes-base.splitOut',
		typeVersion: 1,
		parameters: { fieldToSplitOut: 'body.pairs', options: {} },
	};
	const autoMapped = {
		mappingMode: 'autoMapInputData',
		value: null,
		matchingColumns: [],
		schema: [],
		attemptToConvertTypes: false,
		convertFieldsToString: false,
	};
	/** Webhook → Split Out (body.pairs) → our node calling get-sum once per item. */
	const oursOverItems = (id: string, name: string, hook: string, parameters: Record<string, unknown>) =>
		chain(id, name, [
			webhook(hook),
			splitOut,
			{ id: `${id}Node`, name: 'Ours', ...ours, parameters: { operation: 'callTool', tool: { __rl: true, mode: 'name', value: 'get-sum' }, ...parameters } },
		]);
	const workflows = [
		chain('benchFloor000001', 'bench floor', [
			webhook('floor'),
			{
				id: 'set',
				name: 'Set',
				type: 'n8n-nodes-base.set',
				typeVersion: 3.4,
				parameters: { assignments: { assignments: [{ id: 'x', name: 'sum', type: 'number', value: 42 }] }, options: {} },
			},
		]),
		chain('benchOurs0000001', 'bench ours', [
			webhook('ours'),
			{
				id: 'ours',
				name: 'Ours',
				...ours,
				parameters: {
					operation: 'callTool',
					tool: { __rl: true, mode: 'name', value: 'get-sum' },
					argumentsInput: 'json',
					argumentsJson: sumArguments,
					options: {},
				},
			},
		]),
		chain('benchTheirs00001', 'bench theirs', [
			webhook('theirs'),
			{
				id: 'theirs',
				name: 'Theirs',
				type: 'n8n-nodes-mcp.mcpClient',
				typeVersion: 1,
				credentials: { mcpClientApi: { id: theirsCredential.id, name: theirsCredential.name } },
				parameters: { connectionType: 'cmd', operation: 'executeTool', toolName: 'get-sum', toolParameters: sumArguments },
			},
		]),
		// "Map Automatically": the items' fields a and b are the arguments, no expression per item.
		oursOverItems('benchOursItems01', 'bench ours items', 'ours-items', { argumentsInput: 'fields', toolArguments: autoMapped, options: {} }),
		oursOverItems('benchOursItemsC4', 'bench ours items, 4 concurrent calls', 'ours-items-c4', {
			argumentsInput: 'fields',
			toolArguments: autoMapped,
			options: { concurrency: 4 },
		}),
		oursOverItems('benchOursItemsEx', 'bench ours items with an expression', 'ours-items-expr', {
			argumentsInput: 'json',
			argumentsJson: '={{ JSON.stringify({ a: $json.a, b: $json.b }) }}',
			options: {},
		}),
		chain('benchFloorItems1', 'bench floor items', [
			webhook('floor-items'),
			splitOut,
			{
				id: 'set',
				name: 'Set',
				type: 'n8n-nodes-base.set',
				typeVersion: 3.4,
				parameters: { assignments: { assignments: [{ id: 'x', name: 'sum', type: 'number', value: '={{ $json.a + $json.b }}' }] }, options: {} },
			},
		]),
	];

	console.error('starting n8n with both MCP packages…');
	const n8n = await startN8n({ workflows, credentials: [oursCredential, theirsCredential], userFolder, onProgress: (line) => console.error(`  ${line}`) });
	try {
		for (const hook of ['floor', 'ours', 'theirs', 'ours-items', 'ours-items-c4', 'ours-items-expr', 'floor-items']) await n8n.waitForWebhook(hook);
		for (let i = 0; i < 5; i++) await post(n8n, 'floor', { a: i, b: i }); // warm the engine

		// (b) and (c): two phases, each interleaved with the floor, so that the servers theirs starts
		// and stops for every execution do not load the machine while ours is timed.
		const latency = { floor: [] as number[], floorTheirs: [] as number[], ours: [] as number[], theirs: [] as number[] };
		for (let i = 0; i < EXECUTIONS; i++) {
			await settle();
			latency.floor.push((await post(n8n, 'floor', {})).ms);
			await settle();
			const oursRun = await post(n8n, 'ours', {});
			latency.ours.push(oursRun.ms);
			if (oursRun.items[0]?.text !== 'The sum of 20 and 22 is 42.') throw new Error(`ours answered ${JSON.stringify(oursRun.items[0]).slice(0, 300)}`);
		}
		for (let i = 0; i < EXECUTIONS; i++) {
			await settle();
			latency.floorTheirs.push((await post(n8n, 'floor', {})).ms);
			await settle();
			const theirsRun = await post(n8n, 'theirs', {});
			latency.theirs.push(theirsRun.ms);
			if (!JSON.stringify(theirsRun.items[0] ?? {}).includes('is 42.')) throw new Error(`theirs answered ${JSON.stringify(theirsRun.items[0]).slice(0, 300)}`);
		}
		const oursNodeTimes = await nodeTimes(n8n, 'benchOurs0000001', 'Ours', EXECUTIONS);
		const theirsNodeTimes = await nodeTimes(n8n, 'benchTheirs00001', 'Theirs', EXECUTIONS);
		const floor = median(latency.floor);
		const oursAdded = median(latency.ours) - floor;
		const theirsAdded = median(latency.theirs) - median(latency.floorTheirs);

		// (a): the same 1000 items through our node and through a raw SDK client, RUNS timed runs.
		const pairs = Array.from({ length: ITEMS }, (_, i) => ({ a: i, b: i }));
		const oursItems: number[] = [];
		const oursItemsNode: number[] = [];
		const oursItemsExprNode: number[] = [];
		const oursItemsConcurrentNode: number[] = [];
		const floorItems: number[] = [];
		const raw: number[] = [];
		const library: number[] = [];
		// One untimed execution of each workflow first: the references warm up the same way (an
		// untimed pass of the same calls), and a workflow's first execution pays for compiling it.
		for (const hook of ['floor-items', 'ours-items', 'ours-items-c4', 'ours-items-expr']) {
			await post(n8n, hook, { pairs });
			await sleep(1000);
		}
		// Each run times the raw SDK, our node and the library back to back after a pause (n8n saves a
		// 1000-item execution in the background), so each run gives its own ratio.
		for (let run = 0; run < RUNS; run++) {
			const floorRun = await post(n8n, 'floor-items', { pairs });
			floorItems.push(floorRun.ms);
			await sleep(1000);
			raw.push(referenceCalls('raw', ITEMS, rawCount));
			await sleep(1000);
			const oursRun = await post(n8n, 'ours-items', { pairs });
			if (oursRun.items.length !== ITEMS || oursRun.items[ITEMS - 1].text !== `The sum of ${ITEMS - 1} and ${ITEMS - 1} is ${2 * (ITEMS - 1)}.`) {
				throw new Error(`ours-items returned ${oursRun.items.length} items`);
			}
			oursItems.push(oursRun.ms);
			oursItemsNode.push(...(await nodeTimes(n8n, 'benchOursItems01', 'Ours', 1)));
			await sleep(1000);
			library.push(referenceCalls('library', ITEMS, rawCount));
			await post(n8n, 'ours-items-c4', { pairs });
			oursItemsConcurrentNode.push(...(await nodeTimes(n8n, 'benchOursItemsC4', 'Ours', 1)));
			await sleep(1000);
			await post(n8n, 'ours-items-expr', { pairs });
			oursItemsExprNode.push(...(await nodeTimes(n8n, 'benchOursItemsEx', 'Ours', 1)));
			await sleep(1000);
		}
		console.error(`(a) samples, ms: raw ${raw.map(Math.round).join(' ')}; ours ${oursItemsNode.join(' ')}; library ${library.map(Math.round).join(' ')}`);
		const perRunRatio = (samples: number[]) => median(samples.map((value, index) => value / raw[index])).toFixed(2) + '×';
		// Our node's share of the execution, as n8n itself times it (executionTime in the run data).
		const oursNode = median(oursItemsNode);

		console.log(
			`\nMCP Client bench (n8n 2.40.7, server-everything get-sum over stdio, ${EXECUTIONS} executions, ${ITEMS} items; ${new Date().toISOString()})\n`,
		);
		printTable(
			['figure', 'ours', 'reference', 'ratio (ours / reference)', 'goal'],
			[
				[
					`(a) ${ITEMS} items, one execution, Map Automatically: node time vs raw SDK on one connection`,
					ms(oursNode),
					ms(median(raw)),
					`${ratio(oursNode, median(raw))} (median of per-run ratios ${perRunRatio(oursItemsNode)})`,
					'≤ 1.25×',
				],
				[
					`(a) with the Concurrent Calls option at 4 (not the default)`,
					ms(median(oursItemsConcurrentNode)),
					ms(median(raw)),
					ratio(median(oursItemsConcurrentNode), median(raw)),
					'—',
				],
				[
					`(a) with arguments from an expression per item (n8n evaluates ${ITEMS} expressions)`,
					ms(median(oursItemsExprNode)),
					ms(median(raw)),
					ratio(median(oursItemsExprNode), median(raw)),
					'—',
				],
				[
					`(a') the same ${ITEMS} calls through nodes/shared/mcp alone (no n8n) vs raw SDK`,
					ms(median(library)),
					ms(median(raw)),
					`${ratio(median(library), median(raw))} (median of per-run ratios ${perRunRatio(library)})`,
					'—',
				],
				[
					`(b) median latency added per execution above the floor (${ms(floor)})`,
					ms(oursAdded),
					`${ms(theirsAdded)} (n8n-nodes-mcp ${THEIRS_VERSION})`,
					ratio(oursAdded, theirsAdded),
					'≤ 0.02× (1/50)',
				],
				[
					`(b') median node time per execution (n8n's executionTime)`,
					ms(median(oursNodeTimes)),
					`${ms(median(theirsNodeTimes))} (n8n-nodes-mcp)`,
					ratio(median(oursNodeTimes), median(theirsNodeTimes)),
					'≤ 0.02× (1/50)',
				],
				[
					`(c) stdio servers started per ${EXECUTIONS} executions`,
					countLines(oursCount),
					`${countLines(theirsCount)} (n8n-nodes-mcp)`,
					ratio(countLines(oursCount), countLines(theirsCount)),
					'pool size (1)',
				],
			],
		);
		console.log(
			`\nraw medians: floor ${ms(floor)} / ${ms(median(latency.floorTheirs))} (ours' / theirs' phase), ours ${ms(median(latency.ours))}, theirs ${ms(median(latency.theirs))}; ` +
				`${ITEMS}-item execution: ours ${ms(median(oursItems))}, same with Set ${ms(median(floorItems))}, raw SDK ${ms(median(raw))}`,
		);
	} finally {
		await n8n.stop();
		fs.rmSync(work, { recursive: true, force: true });
		fs.rmSync(userFolder, { recursive: true, force: true });
	}
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
