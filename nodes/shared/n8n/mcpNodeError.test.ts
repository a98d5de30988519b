import { NodeApiError, NodeOperationError, type INode } from 'n8n-workflow';

import { McpClientError } from '../mcp/errors';
import { errorItemJson, toNodeError } from './mcpNodeError';

const node: INode = { id: '1', name: 'MCP Client', type: 'n8n-nodes-whatsapp-mcp.mcpClient', typeVersion: 1, position: [0, 0], parameters: {} };

test('a failure on the server side becomes a NodeApiError with the hint as description', () => {
	const error = toNodeError(node, new McpClientError('timeout', 'calling tool "x" timed out after 500 ms', 'Raise Timeout.'), 3);
	expect(error).toBeInstanceOf(NodeApiError);
	expect(error.message).toBe('calling tool "x" timed out after 500 ms');
	expect(error.description).toBe('Raise Timeout.');
	expect(error.context.itemIndex).toBe(3);
});

test("an HTTP status is kept as the error's HTTP code", () => {
	const error = toNodeError(node, new McpClientError('httpStatus', 'answered HTTP 401', 'Check Bearer Token.', { status: 401 }), 0) as NodeApiError;
	expect(error.httpCode).toBe('401');
});

test('a setup mistake becomes a NodeOperationError', () => {
	const error = toNodeError(
		node,
		new McpClientError('invalidArguments', 'Wrong arguments for tool "get-sum": "b" is required but missing', 'Fix the arguments.'),
		1,
	);
	expect(error).toBeInstanceOf(NodeOperationError);
	expect(error.message).toBe('Wrong arguments for tool "get-sum": "b" is required but missing');
	expect(error.description).toBe('Fix the arguments.');
});

test('an error item carries the message, and hint, kind and facts under details, without the bulky input schema', () => {
	const error = new McpClientError('invalidArguments', 'Wrong arguments', 'Fix them.', {
		problems: ['"b" is required but missing'],
		inputSchema: { type: 'object' },
	});
	expect(errorItemJson(error)).toEqual({
		error: 'Wrong arguments',
		details: { hint: 'Fix them.', kind: 'invalidArguments', problems: ['"b" is required but missing'] },
	});
});

test('an error item has only the keys n8n needs to route it to the error output', () => {
	const error = new McpClientError('toolError', 'The tool failed', 'Check it.', { result: { text: 'no' } });
	expect(Object.keys(errorItemJson(error)).every((key) => ['error', 'message', 'details'].includes(key))).toBe(true);
});

test('any other error becomes an item with its message', () => {
	expect(errorItemJson(new Error('boom'))).toEqual({ error: 'boom' });
});
