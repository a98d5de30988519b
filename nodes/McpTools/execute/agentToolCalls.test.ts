// Tool calls as n8n's AI Agent (v3) runs them through MCP Tools' execute(): each call an item made of
// the item the agent answers with the model's arguments, `tool` and `toolCallId` written over it.
import type { IDataObject } from 'n8n-workflow';

import type { McpConnectionPool } from '../../shared/mcp/McpConnectionPool';
import { CUSTOMER, fakeNodeContext, poolServing, SHOP_BEARER, SHOP_HEADER_VALUE, shopServer, type InMemoryMcpServer } from '../../../test/fixtures/fakeMcp';
import { executeAgentToolCalls } from './agentToolCalls';

let mockPool: McpConnectionPool | undefined;
jest.mock('../../shared/mcp/McpConnectionPool', () => ({ ...jest.requireActual('../../shared/mcp/McpConnectionPool'), sharedMcpPool: () => mockPool }));

let server: InMemoryMcpServer;
beforeEach(() => {
	server = shopServer();
	mockPool = poolServing(server);
});
afterEach(async () => await mockPool?.closeAll());

const ANOTHER_CUSTOMER = { from: '4917000000000', userId: 'DE.1000othercustomer', sessionId: 'business-number:4917000000000', text: 'Hello' };

/** Runs one call; agentInput is what the agent was answering (null: the engine did not say). */
async function call(item: IDataObject, agentInput: IDataObject[] | null = [ANOTHER_CUSTOMER, CUSTOMER]) {
	const { execute, warnings } = fakeNodeContext({ items: [{ json: { ...item, toolCallId: 'call_1' } }], agentInput: agentInput ?? undefined });
	const [output] = await executeAgentToolCalls(execute);
	return { output, response: output[0].json.response as string, warnings };
}

test("answers a call with the tool's result as text, paired with its item", async () => {
	const { output } = await call({ ...CUSTOMER, orderId: '1042', tool: 'lookup_order' });
	expect(output).toEqual([{ json: { response: 'Order 1042 of 4915112345678: on its way' }, pairedItem: { item: 0 } }]);
	expect(server.calls).toEqual([expect.objectContaining({ name: 'lookup_order', arguments: { orderId: '1042' } })]);
});

test('returns wrong arguments to the model as a readable error, without calling the tool', async () => {
	const { response } = await call({ ...CUSTOMER, orderId: 1042, tool: 'lookup_order' });
	expect(response).toMatch(/^Error: Wrong arguments for tool "lookup_order": .*orderId/);
	expect(response).not.toMatch(/\n\s+at /); // no stack
	expect(server.calls).toEqual([]);
});

test('refuses a model that overrides an item field that is not an argument (from), without calling the tool', async () => {
	const { response, warnings } = await call({ ...CUSTOMER, from: ANOTHER_CUSTOMER.from, orderId: '1042', tool: 'lookup_order' });
	expect(response).toMatch(/^Error: from is not an argument of this tool; the customer and the conversation cannot be set by a tool call/);
	expect(warnings).toEqual([expect.stringMatching(/refused: the model sent fields that are not arguments of tool=lookup_order/)]);
	expect(server.calls).toEqual([]);
});

test("_meta.whatsapp carries the customer from the matched item, not the model's argument of that name", async () => {
	const { response } = await call({ ...CUSTOMER, from: '14:00', tool: 'schedule_callback' });
	expect(response).toBe('done');
	expect(server.calls[0].arguments).toEqual({ from: '14:00' });
	expect(server.calls[0].meta?.whatsapp).toEqual({ from: CUSTOMER.from, userId: CUSTOMER.userId, sessionId: CUSTOMER.sessionId });
});

test("refuses a tool taking an argument named like a customer field when the agent's item is not known", async () => {
	const { response } = await call({ ...CUSTOMER, from: '14:00', tool: 'schedule_callback' }, null);
	expect(response).toBe('Error: This tool cannot be called here: the customer of this conversation could not be verified.');
	expect(server.calls).toEqual([]);
});

test("redacts the connection's secrets from a result before the model sees it", async () => {
	const { response } = await call({ ...CUSTOMER, tool: 'show_connection' });
	expect(response).toBe('Authorization: Bearer ***; X-Api-Key: ***');
	expect(response).not.toContain(SHOP_BEARER);
	expect(response).not.toContain(SHOP_HEADER_VALUE);
});

test('answers an item without a tool name with an error text', async () => {
	const { response } = await call({ ...CUSTOMER });
	expect(response).toMatch(/^Error: No tool name came with the call/);
});
