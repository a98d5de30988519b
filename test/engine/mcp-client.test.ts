// The MCP Client node inside a real n8n, installed as users install it, against a real
// server-everything over stdio: many items and many executions share one server process.
import * as path from 'path';

import { sleep, startN8n, waitUntil, type N8nInstance } from '../../n8n-harness/n8nInstance';
import { processesWithMarker } from '../integration/mcp-support/servers';

jest.setTimeout(300_000);

const EVERYTHING_BIN = path.resolve(__dirname, '../../node_modules/@modelcontextprotocol/server-everything/dist/index.js');
const marker = `engine-everything-${process.pid}`;

const credential = {
	id: 'mcpEverything001',
	name: 'server-everything (stdio)',
	type: 'mcpServerApi',
	data: {
		transport: 'stdio',
		command: process.execPath,
		args: { arg: [{ value: EVERYTHING_BIN }, { value: 'stdio' }, { value: marker }] },
		env: { variable: [{ name: 'NOTE', value: 'a b,c=d' }] },
	},
};

const missingCommand = {
	id: 'mcpMissingCmd001',
	name: 'missing command',
	type: 'mcpServerApi',
	data: { transport: 'stdio', command: 'no-such-mcp-server-7' },
};

const mcpNode = (name: string, parameters: Record<string, unknown>, position: [number, number]) => ({
	id: name.replace(/\W/g, ''),
	name,
	type: 'n8n-nodes-whatsapp-mcp.mcpClient',
	typeVersion: 1,
	position,
	credentials: { mcpServerApi: { id: credential.id, name: credential.name } },
	parameters,
});

const webhook = (path: string) => ({
	id: `hook${path.replace(/\W/g, '')}`,
	name: 'Webhook',
	type: 'n8n-nodes-base.webhook',
	typeVersion: 2,
	position: [0, 0],
	webhookId: path,
	parameters: { httpMethod: 'POST', path, responseMode: 'lastNode', responseData: 'allEntries', options: {} },
});

// One execution per request: the sum of body.a and body.b, arguments as JSON.
const perExecution = {
	id: 'mcpPerExecution1',
	name: 'MCP call per execution',
	nodes: [
		webhook('mcp-sum'),
		mcpNode(
			'Sum',
			{
				operation: 'callTool',
				tool: { __rl: true, mode: 'name', value: 'get-sum' },
				argumentsInput: 'json',
				argumentsJson: '={{ JSON.stringify({ a: $json.body.a, b: $json.body.b }) }}',
				options: {},
			},
			[220, 0],
		),
	],
	connections: { Webhook: { main: [[{ node: 'Sum', type: 'main', index: 0 }]] } },
};

// Many items in one execution: split body.pairs into items, one tool call each, arguments as schema fields.
const perItem = {
	id: 'mcpManyItems0001',
	name: 'MCP call per item',
	nodes: [
		webhook('mcp-items'),
		{
			id: 'split',
			name: 'Split Out',
			type: 'n8n-nodes-base.splitOut',
			typeVersion: 1,
			position: [220, 0],
			parameters: { fieldToSplitOut: 'body.pairs', options: {} },
		},
		mcpNode(
			'Sum Each',
			{
				operation: 'callTool',
				tool: { __rl: true, mode: 'name', value: 'get-sum' },
				argumentsInput: 'fields',
				toolArguments: {
					mappingMode: 'defineBelow',
					value: { a: '={{ $json.a }}', b: '={{ $json.b }}' },
					matchingColumns: [],
					schema: [
						{ id: 'a', displayName: 'a', required: true, defaultMatch: false, display: true, type: 'number' },
						{ id: 'b', displayName: 'b', required: true, defaultMatch: false, display: true, type: 'number' },
					],
					attemptToConvertTypes: false,
					convertFieldsToString: false,
				},
				options: {},
			},
			[440, 0],
		),
	],
	connections: {
		Webhook: { main: [[{ node: 'Split Out', type: 'main', index: 0 }]] },
		'Split Out': { main: [[{ node: 'Sum Each', type: 'main', index: 0 }]] },
	},
};

// The same with "Map Automatically": the items' own fields a and b become the arguments.
const autoMapped = {
	...perItem,
	id: 'mcpAutoMapped001',
	name: 'MCP call per item, mapped automatically',
	nodes: [
		webhook('mcp-auto'),
		perItem.nodes[1],
		{
			...perItem.nodes[2],
			parameters: {
				operation: 'callTool',
				tool: { __rl: true, mode: 'name', value: 'get-sum' },
				argumentsInput: 'fields',
				toolArguments: {
					mappingMode: 'autoMapInputData',
					value: null,
					matchingColumns: [],
					schema: [],
					attemptToConvertTypes: false,
					convertFieldsToString: false,
				},
				options: {},
			},
		},
	],
};

// Failures as items: a wrong argument type and an unknown tool, with continueOnFail.
const withErrors = {
	id: 'mcpErrorsAsItem1',
	name: 'MCP errors as items',
	nodes: [
		webhook('mcp-errors'),
		{
			...mcpNode(
				'Call',
				{
					operation: 'callTool',
					tool: { __rl: true, mode: 'name', value: '={{ $json.body.tool }}' },
					argumentsInput: 'json',
					argumentsJson: '={{ JSON.stringify($json.body.args) }}',
					options: {},
				},
				[220, 0],
			),
			onError: 'continueRegularOutput',
		},
	],
	connections: { Webhook: { main: [[{ node: 'Call', type: 'main', index: 0 }]] } },
};

// Options reach the node at run time: an allow-list without get-sum stops the call before the server.
const allowListed = {
	id: 'mcpAllowListed01',
	name: 'MCP allow-list',
	nodes: [
		webhook('mcp-allow'),
		{
			...mcpNode(
				'Call',
				{
					operation: 'callTool',
					tool: { __rl: true, mode: 'name', value: '={{ $json.body.tool }}' },
					argumentsInput: 'json',
					argumentsJson: '{"a": 1, "b": 2}',
					options: { allowedTools: 'echo, get-sum', contextFrom: '={{ $json.body.from }}', timeout: 5000 },
				},
				[220, 0],
			),
			onError: 'continueRegularOutput',
		},
	],
	connections: { Webhook: { main: [[{ node: 'Call', type: 'main', index: 0 }]] } },
};

// An image result arrives as n8n binary data; the response is the binary itself.
const imageAsBinary = {
	id: 'mcpImageBinary01',
	name: 'MCP image as binary',
	nodes: [
		{
			...webhook('mcp-image'),
			parameters: {
				httpMethod: 'POST',
				path: 'mcp-image',
				responseMode: 'lastNode',
				responseData: 'firstEntryBinary',
				responseBinaryPropertyName: 'image_0',
				options: {},
			},
		},
		mcpNode(
			'Image',
			{ operation: 'callTool', tool: { __rl: true, mode: 'name', value: 'get-tiny-image' }, argumentsInput: 'json', argumentsJson: '{}', options: {} },
			[220, 0],
		),
	],
	connections: { Webhook: { main: [[{ node: 'Image', type: 'main', index: 0 }]] } },
};

// Items' calls eight at a time on the one pooled connection; a bad item becomes an error item.
const concurrent = {
	id: 'mcpConcurrent001',
	name: 'MCP concurrent calls',
	nodes: [
		webhook('mcp-concurrent'),
		{
			id: 'split',
			name: 'Split Out',
			type: 'n8n-nodes-base.splitOut',
			typeVersion: 1,
			position: [220, 0],
			parameters: { fieldToSplitOut: 'body.pairs', options: {} },
		},
		{
			...mcpNode(
				'Sum Together',
				{
					operation: 'callTool',
					tool: { __rl: true, mode: 'name', value: 'get-sum' },
					argumentsInput: 'json',
					argumentsJson: '={{ JSON.stringify({ a: $json.a, b: $json.b }) }}',
					options: { concurrency: 8 },
				},
				[440, 0],
			),
			onError: 'continueRegularOutput',
		},
	],
	connections: {
		Webhook: { main: [[{ node: 'Split Out', type: 'main', index: 0 }]] },
		'Split Out': { main: [[{ node: 'Sum Together', type: 'main', index: 0 }]] },
	},
};

// A 30-second tool call in an execution that is stopped from n8n after a moment.
const cancelable = {
	id: 'mcpCancelable001',
	name: 'MCP long call, stopped',
	nodes: [
		{ ...webhook('mcp-long'), parameters: { httpMethod: 'POST', path: 'mcp-long', responseMode: 'onReceived', options: {} } },
		mcpNode(
			'Long',
			{
				operation: 'callTool',
				tool: { __rl: true, mode: 'name', value: 'trigger-long-running-operation' },
				argumentsInput: 'json',
				argumentsJson: '{"duration": 30, "steps": 30}',
				options: { timeout: 60000 },
			},
			[220, 0],
		),
	],
	connections: { Webhook: { main: [[{ node: 'Long', type: 'main', index: 0 }]] } },
};

async function post(n8n: N8nInstance, hook: string, body: unknown): Promise<Array<Record<string, unknown>>> {
	const response = await fetch(n8n.webhookUrl(hook), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
	const text = await response.text();
	if (response.status !== 200) throw new Error(`webhook ${hook} answered ${response.status}: ${text}`);
	const parsed = JSON.parse(text);
	return Array.isArray(parsed) ? parsed : [parsed];
}

describe('MCP Client in a real n8n', () => {
	let n8n: N8nInstance;

	beforeAll(async () => {
		n8n = await startN8n({
			workflows: [perExecution, perItem, autoMapped, withErrors, imageAsBinary, allowListed, cancelable, concurrent],
			credentials: [credential, missingCommand],
		});
		for (const hook of ['mcp-sum', 'mcp-items', 'mcp-errors', 'mcp-image', 'mcp-auto', 'mcp-allow', 'mcp-long', 'mcp-concurrent'])
			await n8n.waitForWebhook(hook);
	}, 300_000);

	afterAll(async () => {
		await n8n?.stop();
	});

	it('100 consecutive executions call the tool over one server process', async () => {
		for (let i = 0; i < 100; i++) {
			const [result] = await post(n8n, 'mcp-sum', { a: i, b: 1000 });
			expect(result.text).toBe(`The sum of ${i} and 1000 is ${i + 1000}.`);
		}
		expect(processesWithMarker(marker)).toHaveLength(1);
	});

	it('100 items in one execution each get their own call, paired, on the same server process', async () => {
		const [pid] = processesWithMarker(marker);
		const pairs = Array.from({ length: 100 }, (_, i) => ({ a: i, b: i }));
		const results = await post(n8n, 'mcp-items', { pairs });
		expect(results.map((r) => r.text)).toEqual(pairs.map(({ a, b }) => `The sum of ${a} and ${b} is ${a + b}.`));
		expect(processesWithMarker(marker)).toEqual([pid]);
	});

	it('with Concurrent Calls, items keep their order and a bad item becomes its own error item', async () => {
		const pairs: Array<{ a: unknown; b: number }> = Array.from({ length: 60 }, (_, i) => ({ a: i, b: 1 }));
		pairs[30] = { a: 'thirty', b: 1 };
		const results = await post(n8n, 'mcp-concurrent', { pairs });
		expect(results).toHaveLength(60);
		results.forEach((result, i) => {
			if (i === 30) expect(result.error).toBe('Wrong arguments for tool "get-sum": "a" must be number, got the text "thirty"');
			else expect(result.text).toBe(`The sum of ${i} and 1 is ${i + 1}.`);
		});
		expect(processesWithMarker(marker)).toHaveLength(1);
	});

	it("with automatic mapping, each item's fields named like the arguments are passed and the rest dropped", async () => {
		const pairs = Array.from({ length: 100 }, (_, i) => ({ a: i, b: 2 * i, customer: 'not an argument' }));
		const results = await post(n8n, 'mcp-auto', { pairs });
		expect(results.map((r) => r.text)).toEqual(pairs.map(({ a, b }) => `The sum of ${a} and ${b} is ${a + b}.`));
	});

	it('a wrong argument becomes an item naming the field, with continueOnFail', async () => {
		const [result] = await post(n8n, 'mcp-errors', { tool: 'get-sum', args: { a: 'one', b: 2 } });
		expect(result.error).toBe('Wrong arguments for tool "get-sum": "a" must be number, got the text "one"');
		expect((result.details as Record<string, unknown>).kind).toBe('invalidArguments');
	});

	it('an unknown tool becomes an item listing the tools the server has', async () => {
		const [result] = await post(n8n, 'mcp-errors', { tool: 'get-summ', args: {} });
		expect((result.details as Record<string, unknown>).kind).toBe('toolNotFound');
		expect(String((result.details as Record<string, unknown>).hint)).toContain('get-sum');
	});

	it('a tool outside the Allowed Tools option is refused; one inside it runs', async () => {
		const [refused] = await post(n8n, 'mcp-allow', { tool: 'get-env', from: '15551234567' });
		expect((refused.details as Record<string, unknown>).kind).toBe('toolNotAllowed');
		expect(refused.error).toBe('The tool "get-env" is not in this node\'s list of allowed tools');
		const [allowed] = await post(n8n, 'mcp-allow', { tool: 'get-sum', from: '15551234567' });
		expect(allowed.text).toBe('The sum of 1 and 2 is 3.');
		expect(n8n.logs()).toMatch(/MCP tool call tool=get-env outcome=denied .* user=\*\*\*4567/);
	});

	it('an image result is served as binary data', async () => {
		const response = await fetch(n8n.webhookUrl('mcp-image'), { method: 'POST' });
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toBe('image/png');
		expect(
			Buffer.from(await response.arrayBuffer())
				.subarray(1, 4)
				.toString(),
		).toBe('PNG');
	});

	it("the editor's tool list comes from the server, filtered by the search text", async () => {
		const result = await n8n.rest<{ results: Array<{ name: string; value: string }> }>('POST', '/dynamic-node-parameters/resource-locator-results', {
			path: 'parameters.tool',
			nodeTypeAndVersion: { name: 'n8n-nodes-whatsapp-mcp.mcpClient', version: 1 },
			methodName: 'searchTools',
			filter: 'sum',
			currentNodeParameters: { operation: 'callTool', tool: { __rl: true, mode: 'list', value: '' } },
			credentials: { mcpServerApi: { id: credential.id, name: credential.name } },
		});
		expect(result.results.map((entry) => entry.value)).toEqual(['get-sum']);
	});

	it("the argument fields come from the chosen tool's input schema", async () => {
		const result = await n8n.rest<{ fields: Array<{ id: string; type: string; required: boolean }> }>(
			'POST',
			'/dynamic-node-parameters/resource-mapper-fields',
			{
				path: 'parameters.toolArguments',
				nodeTypeAndVersion: { name: 'n8n-nodes-whatsapp-mcp.mcpClient', version: 1 },
				methodName: 'getToolArgumentFields',
				currentNodeParameters: { operation: 'callTool', tool: { __rl: true, mode: 'name', value: 'get-structured-content' }, argumentsInput: 'fields' },
				credentials: { mcpServerApi: { id: credential.id, name: credential.name } },
			},
		);
		expect(result.fields).toEqual([expect.objectContaining({ id: 'location', type: 'options', required: true })]);
	});

	it('the credential test connects, pings and reports the server', async () => {
		const result = await n8n.rest<{ status: string; message: string }>('POST', '/credentials/test', {
			credentials: { id: credential.id, name: credential.name, type: 'mcpServerApi', data: credential.data },
		});
		expect(result.status).toBe('OK');
		expect(result.message).toMatch(/^Connected to .+; ping answered in \d+ ms$/);
	});

	it('the credential test of a missing command says so', async () => {
		const result = await n8n.rest<{ status: string; message: string }>('POST', '/credentials/test', {
			credentials: missingCommand,
		});
		expect(result).toEqual({ status: 'Error', message: expect.stringContaining('The command "no-such-mcp-server-7" was not found') });
	});

	it('stopping the execution in n8n cancels the tool call at once, and the connection stays usable', async () => {
		const response = await fetch(n8n.webhookUrl('mcp-long'), { method: 'POST' });
		expect(response.status).toBe(200);
		let running: { id: string } | undefined;
		await waitUntil(
			async () => {
				const list = await n8n.rest<{ results: Array<{ id: string; status: string; workflowId: string }> }>('GET', '/executions?limit=50');
				running = list.results.find((execution) => execution.workflowId === cancelable.id && execution.status === 'running');
				return running !== undefined;
			},
			30_000,
			'the long execution to run',
		);
		await sleep(1500); // the call is under way on the server
		await n8n.rest('POST', `/executions/${running!.id}/stop`);
		await waitUntil(async () => /MCP tool call tool=trigger-long-running-operation/.test(n8n.logs()), 15_000, 'the audit line of the stopped call');
		const line = /MCP tool call tool=trigger-long-running-operation outcome=(\w+) durationMs=(\d+)/.exec(n8n.logs())!;
		expect(line[1]).toBe('failed');
		expect(Number(line[2])).toBeLessThan(10_000); // the tool itself would take 30 s
		const [sum] = await post(n8n, 'mcp-sum', { a: 2, b: 3 });
		expect(sum.text).toBe('The sum of 2 and 3 is 5.');
	});

	it('the server process was started once for everything above', () => {
		expect(processesWithMarker(marker)).toHaveLength(1);
	});
});

afterAll(() => {
	// n8n is stopped as a process group, which takes its stdio servers with it.
	expect(processesWithMarker(marker)).toEqual([]);
});
