import type { Tool } from '@modelcontextprotocol/sdk/types.js';

import {
	agentToolName,
	agentToolNames,
	agentToolSchema,
	failureForModel,
	matchAgentItem,
	resultForModel,
	selectTools,
	toolArgumentsFromItem,
} from './agentTools';
import { McpClientError } from './errors';
import { renderToolResult } from './resultRendering';

const overriddenFields = (...args: Parameters<typeof matchAgentItem>) => matchAgentItem(...args)?.overridden;
const tool = (name: string, properties: Record<string, object> = {}): Tool => ({ name, inputSchema: { type: 'object', properties } });
const tools = [tool('lookup_order'), tool('search_products'), tool('open_ticket')];

describe('selectTools', () => {
	it('offers all, only the chosen, or all but the chosen', () => {
		expect(selectTools(tools, 'all', ['open_ticket']).map((t) => t.name)).toEqual(['lookup_order', 'search_products', 'open_ticket']);
		expect(selectTools(tools, 'selected', ['open_ticket', ' lookup_order ']).map((t) => t.name)).toEqual(['lookup_order', 'open_ticket']);
		expect(selectTools(tools, 'except', ['open_ticket']).map((t) => t.name)).toEqual(['lookup_order', 'search_products']);
		expect(selectTools(tools, 'selected', [])).toEqual([]);
	});
});

describe('agent tool names', () => {
	it('prefixes and keeps names within what model APIs accept', () => {
		expect(agentToolName('', 'lookup_order')).toBe('lookup_order');
		expect(agentToolName('shop', 'lookup_order')).toBe('shop_lookup_order');
		expect(agentToolName('my shop!', 'get.order')).toBe('my_shop_get_order');
		expect(agentToolName('', 'x'.repeat(80))).toHaveLength(64);
		expect(agentToolName('', 'get-sum')).toBe('get-sum');
	});

	it('refuses two tools that would reach the model under one name', () => {
		expect(() => agentToolNames('', [tool('get.order'), tool('get_order')])).toThrow(/"get.order" and "get_order" would both reach the model as "get_order"/);
		expect([...agentToolNames('crm', tools).keys()]).toEqual(['crm_lookup_order', 'crm_search_products', 'crm_open_ticket']);
	});

	it('always gives the agent an object schema', () => {
		expect(agentToolSchema({ name: 'ping', inputSchema: { type: 'object' } })).toEqual({ type: 'object', properties: {} });
	});
});

describe('what the model reads', () => {
	it('gets text, then structured content as JSON', () => {
		const result = {
			tool: 'lookup_order',
			...renderToolResult({ content: [{ type: 'text', text: 'Order A-1: shipped' }], structuredContent: { status: 'shipped' } }),
		};
		expect(resultForModel(result)).toBe('Order A-1: shipped\n{"status":"shipped"}');
		expect(resultForModel({ tool: 'x', ...renderToolResult({ content: [] }) })).toBe('(the tool returned no content)');
	});

	it('gets failures with what to do, and a tool error as the tool said it', () => {
		expect(failureForModel(new McpClientError('invalidArguments', 'Arguments for "lookup_order" do not match', 'orderId is required.'))).toBe(
			'Error: Arguments for "lookup_order" do not match. orderId is required.',
		);
		expect(failureForModel(new McpClientError('toolError', 'The tool "x" reported an error: no such order', 'ignored'))).toBe(
			'Error: The tool "x" reported an error: no such order',
		);
		expect(failureForModel(new Error('boom'))).toBe('Error: boom');
	});
});

describe('a call the engine merged into the agent item', () => {
	const lookup = tool('lookup_order', { orderId: { type: 'string' }, text: { type: 'string' } });
	const customerB = { from: '15550002222', sessionId: 'pn:15550002222', text: 'where is my order A-1?', messageId: 'wamid.B' };
	const customerA = { from: '15550001111', sessionId: 'pn:15550001111', text: 'hi', messageId: 'wamid.A' };

	it('takes only the declared arguments, never the engine fields', () => {
		const merged = { ...customerB, orderId: 'A-1', tool: 'lookup_order', toolCallId: 'call_1' };
		expect(toolArgumentsFromItem(merged, lookup)).toEqual({ orderId: 'A-1', text: 'where is my order A-1?' });
	});

	it("leaves out nulls and an optional argument that only repeats the item's own field", () => {
		const withStatus = tool('list_orders', { status: { type: 'string' }, text: { type: 'string' }, orderId: { type: 'string' } });
		const original = { ...customerB, status: null };
		const merged = { ...original, orderId: 'A-1', tool: 'list_orders', toolCallId: 'call_1' };
		expect(toolArgumentsFromItem(merged, withStatus, original)).toEqual({ orderId: 'A-1' });
		const modelText = { ...original, text: 'lamps', tool: 'list_orders', toolCallId: 'call_2' };
		expect(toolArgumentsFromItem(modelText, withStatus, original)).toEqual({ text: 'lamps' });
		const required: Tool = { name: 'search', inputSchema: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] } };
		expect(toolArgumentsFromItem({ ...original, tool: 'search' }, required, original)).toEqual({ text: 'where is my order A-1?' });
	});

	it('sees nothing overridden in an honest call, even with the tool taking a field of the item', () => {
		const merged = { ...customerB, orderId: 'A-1', text: 'coffee', tool: 'lookup_order', toolCallId: 'call_1' };
		expect(overriddenFields(merged, [customerA, customerB], ['orderId', 'text'])).toEqual([]);
	});

	it('finds a model that changes who the customer is, or adds an identity the item lacks', () => {
		const impersonating = { ...customerB, from: customerA.from, orderId: 'A-1', tool: 'lookup_order', toolCallId: 'call_1' };
		expect(overriddenFields(impersonating, [customerA, customerB], ['orderId'])).toEqual(['from']);
		const added = { ...customerB, userId: 'US.123', orderId: 'A-1', tool: 'lookup_order', toolCallId: 'call_1' };
		expect(overriddenFields(added, [customerB], ['orderId'])).toEqual(['userId']);
	});

	it('cannot check without the original items', () => {
		expect(overriddenFields({ from: 'x' }, [], [])).toBeUndefined();
	});
});
