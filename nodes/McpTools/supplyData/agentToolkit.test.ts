// The toolkit MCP Tools supplies to an AI Agent, against an MCP server in this process.
import type { BaseToolkit, DynamicStructuredTool } from '@langchain/core/tools';
import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { McpConnectionPool } from '../../shared/mcp/McpConnectionPool';
import { CUSTOMER, fakeNodeContext, parametersFor, poolServing, SHOP_TOOLS, shopServer, type InMemoryMcpServer } from '../../../test/fixtures/fakeMcp';
import { supplyMcpTools } from './agentToolkit';

let mockPool: McpConnectionPool | undefined;
jest.mock('../../shared/mcp/McpConnectionPool', () => ({ ...jest.requireActual('../../shared/mcp/McpConnectionPool'), sharedMcpPool: () => mockPool }));

let server: InMemoryMcpServer;
beforeEach(() => {
	server = shopServer();
	mockPool = poolServing(server);
});
afterEach(async () => await mockPool?.closeAll());

async function toolsFor(set: INodeParameters = {}, items: INodeExecutionData[] = [{ json: CUSTOMER }]): Promise<DynamicStructuredTool[]> {
	const { supplyData } = fakeNodeContext({ parameters: parametersFor(set), items });
	const { response } = await supplyMcpTools(supplyData, 0);
	return (response as BaseToolkit).getTools() as DynamicStructuredTool[];
}

const names = (tools: DynamicStructuredTool[]) => tools.map((tool) => tool.name);

test('offers every tool of the server, each with its description and input schema', async () => {
	const tools = await toolsFor();
	expect(names(tools)).toEqual(['lookup_order', 'open_ticket', 'schedule_callback', 'show_connection']);
	const lookup = tools.find((tool) => tool.name === 'lookup_order')!;
	expect(lookup.description).toBe('Finds an order by its number.');
	expect(lookup.schema).toEqual(SHOP_TOOLS[0].inputSchema);
});

test('offers only the selected tools', async () => {
	expect(names(await toolsFor({ toolSelection: 'selected', includeTools: ['open_ticket', 'lookup_order'] }))).toEqual(['lookup_order', 'open_ticket']);
});

test('offers every tool but the excluded ones', async () => {
	expect(names(await toolsFor({ toolSelection: 'except', excludeTools: ['show_connection', 'open_ticket'] }))).toEqual(['lookup_order', 'schedule_callback']);
});

test("puts the name prefix before every tool name, and calls the server's tool by its own name", async () => {
	const tools = await toolsFor({ toolNamePrefix: 'shop' });
	expect(names(tools)).toEqual(['shop_lookup_order', 'shop_open_ticket', 'shop_schedule_callback', 'shop_show_connection']);
	const answer = await tools[0].invoke({ orderId: '1042' });
	expect(answer).toBe('Order 1042 of 4915112345678: on its way');
	expect(server.calls.map((call) => call.name)).toEqual(['lookup_order']);
});

test("sends the item's customer as _meta.whatsapp, and the model's argument of the same name only as an argument", async () => {
	const callback = (await toolsFor()).find((tool) => tool.name === 'schedule_callback')!;
	expect(await callback.invoke({ from: '14:00' })).toBe('done');
	expect(server.calls[0].arguments).toEqual({ from: '14:00' });
	expect(server.calls[0].meta?.whatsapp).toEqual({ from: CUSTOMER.from, userId: CUSTOMER.userId, sessionId: CUSTOMER.sessionId });
});

test('fails the node when the selection leaves no tool for the agent', async () => {
	await expect(toolsFor({ toolSelection: 'selected', includeTools: [] })).rejects.toThrow('No MCP tool is left for the agent');
});

test('offers the tools it listed last when the server cannot be reached, warns, and each call tells the model so', async () => {
	await toolsFor();
	await mockPool!.closeAll();
	mockPool = new McpConnectionPool({}, async () => {
		throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
	});
	const { supplyData, warnings } = fakeNodeContext({ parameters: parametersFor(), items: [{ json: CUSTOMER }] });
	const tools = ((await supplyMcpTools(supplyData, 0)).response as BaseToolkit).getTools() as DynamicStructuredTool[];
	expect(names(tools)).toEqual(['lookup_order', 'open_ticket', 'schedule_callback', 'show_connection']);
	expect(warnings).toEqual([expect.stringContaining('could not be reached')]);
	const answer = await tools[0].invoke({ orderId: '1042' });
	expect(answer).toMatch(/^Error: calling tool "lookup_order" on http:\/\/shop\.test\/mcp failed: connect ECONNREFUSED .*Check that the server is running/);
	expect(server.calls).toEqual([]);
});
