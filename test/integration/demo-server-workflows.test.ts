// The shipped workflows against the demo shop: every MCP Client node calls a tool the shop has,
// with arguments its input schema accepts. (Whether n8n can import them is test/engine's job.)
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

import { type RunningDemoServer, startDemoServer } from '../../demo/server/startDemoServer';
import { connectHttp, MARIA, metaFor, REPO_ROOT } from './demo-server-support/demoShopClient';

interface WorkflowNode {
	name: string;
	type: string;
	parameters: { operation?: string; tool?: { value: string }; argumentsJson?: string; options?: { contextFrom?: string; contextUserId?: string } };
}

const workflowsDir = join(REPO_ROOT, 'workflows');
const mcpCalls = readdirSync(workflowsDir)
	.filter((file) => file.endsWith('.json'))
	.flatMap((file) =>
		(JSON.parse(readFileSync(join(workflowsDir, file), 'utf8')).nodes as WorkflowNode[])
			.filter((node) => node.type === 'n8n-nodes-whatsapp-mcp.mcpClient' && node.parameters.operation === 'callTool')
			.map((node) => [`${file}: ${node.name}`, node] as const),
	);

/** A message that carries every kind of id the workflows cut out of texts and reply ids. */
const INCOMING = {
	from: MARIA,
	sessionId: `106555010001:${MARIA}`,
	text: 'Problem: order ORD-10042 arrived broken, see TCK-2001',
	replyId: 'slot:ORD-10044:SLOT-20261125-AM',
	orderNumber: 'ORD-10044',
	preference: 'stop', // a user_preferences item's
	body: { orderNumber: 'ORD-10042' },
};

/** Evaluates an n8n expression ("={{ … }}") the way these workflows use it: $json and $('Node').item.json. */
function evaluate(expression: string): unknown {
	const source = expression.replace(/^=\{\{/, '').replace(/\}\}$/, '');
	const $ = () => ({ item: { json: INCOMING } });
	return new Function('$json', '$', `return (${source});`)(INCOMING, $);
}

let running: RunningDemoServer;
let client: Client;
let toolNames: string[];

beforeAll(async () => {
	running = await startDemoServer({ transport: 'http', port: 0, log: () => undefined });
	client = await connectHttp(running.url!);
	toolNames = (await client.listTools()).tools.map((tool) => tool.name);
});

afterAll(async () => {
	await client?.close();
	await running?.close();
});

/** Tools about the shop, not about a customer: they take no phone. */
const SHOP_WIDE_TOOLS = new Set(['search_products', 'check_stock', 'search_knowledge_base']);
/** Privacy tools act only for the customer in `_meta` and take no phone (demo/server/tools/privacyTools.ts). */
const CALLER_ONLY_TOOLS = new Set(['erase_my_data', 'set_marketing_preference', 'get_marketing_consent']);
/** Someone with nothing in the shop: erasing them leaves Maria's data for the calls that follow. */
const NOBODY_IN_THE_SHOP = '15557770001';

const toolOf = (node: WorkflowNode) => node.parameters.tool!.value;

test.each(mcpCalls.filter(([, node]) => !SHOP_WIDE_TOOLS.has(toolOf(node)) && !CALLER_ONLY_TOOLS.has(toolOf(node))))(
	'%s names the customer: _meta context and phone from the trigger, or back office on purpose',
	(_label, node) => {
		if (node.name.includes('(back office)')) {
			expect(node.parameters.options?.contextFrom).toBeUndefined();
			return;
		}
		expect(node.parameters.options?.contextFrom).toBe("={{ $('WhatsApp Trigger').item.json.from }}");
		expect(evaluate(node.parameters.argumentsJson!)).toMatchObject({ phone: MARIA });
	},
);

/** Where a privacy call takes its customer from: the conversation, or the body of a back-office webhook. */
const CUSTOMER_CONTEXTS = [
	{ contextFrom: "={{ $('WhatsApp Trigger').item.json.from }}", contextUserId: "={{ $('WhatsApp Trigger').item.json.userId }}" },
	{ contextFrom: '={{ $json.body.waId }}', contextUserId: '={{ $json.body.userId }}' },
];

test.each(mcpCalls.filter(([, node]) => CALLER_ONLY_TOOLS.has(toolOf(node))))(
	'%s acts for the customer in _meta only: context from the trigger or the webhook body, no phone argument',
	(_label, node) => {
		const { contextFrom, contextUserId } = node.parameters.options ?? {};
		expect(CUSTOMER_CONTEXTS).toContainEqual({ contextFrom, contextUserId });
		expect(evaluate(node.parameters.argumentsJson!)).not.toHaveProperty('phone');
	},
);

test('the shipped workflows call the demo shop', () => {
	expect(mcpCalls.length).toBeGreaterThanOrEqual(12);
});

test.each(mcpCalls)('%s calls a tool of the shop with arguments its schema accepts', async (_label, node) => {
	const tool = node.parameters.tool!.value;
	expect(toolNames).toContain(tool);
	const args = evaluate(node.parameters.argumentsJson!) as Record<string, unknown>;
	const caller = tool === 'erase_my_data' ? NOBODY_IN_THE_SHOP : MARIA;
	const result = (await client.callTool({ name: tool, arguments: args, _meta: metaFor(caller) })) as CallToolResult;
	const text = result.content.map((part) => (part.type === 'text' ? part.text : '')).join('\n');
	// Refusals about the data (not found, already booked…) are fine here; a schema error is not.
	expect(text).not.toMatch(/Input validation error/);
});
