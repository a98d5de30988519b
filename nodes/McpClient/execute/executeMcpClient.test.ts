// The MCP Client's per-item failure handling, with a stand-in n8n context (no server is reached:
// an empty Resource URI fails before any request).
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { executeMcpClient } from './executeMcpClient';

function fakeContext(continueOnFail: boolean): IExecuteFunctions {
	const items: INodeExecutionData[] = [{ json: { uri: '' } }, { json: { uri: '' } }];
	const parameters: Record<string, unknown> = { operation: 'readResource', resourceUri: '', options: {} };
	return {
		getInputData: () => items,
		getCredentials: async () => ({ transport: 'streamableHttp', url: 'http://127.0.0.1:9/mcp' }),
		getNodeParameter: (name: string, _itemIndex: number, fallback?: unknown) => parameters[name] ?? fallback,
		getExecutionCancelSignal: () => undefined,
		continueOnFail: () => continueOnFail,
		getNode: () => ({ id: 'mcp-client', name: 'MCP Client', type: 'n8n-nodes-whatsapp-mcp.mcpClient', typeVersion: 1, position: [0, 0], parameters: {} }),
		logger: { warn: () => undefined, info: () => undefined, debug: () => undefined, error: () => undefined },
	} as unknown as IExecuteFunctions;
}

test('with continueOnFail, each failed item becomes its error and details, paired with its input item', async () => {
	const [output] = await executeMcpClient(fakeContext(true));
	const failed = (item: number) => ({
		json: {
			error: 'No resource URI was given',
			details: { kind: 'invalidSettings', hint: 'Set Resource URI, e.g. one from List Resources or a template filled in.' },
		},
		pairedItem: { item },
	});
	expect(output).toEqual([failed(0), failed(1)]);
});

test('without continueOnFail, the first failure fails the node, naming the item', async () => {
	await expect(executeMcpClient(fakeContext(false))).rejects.toMatchObject({ message: 'No resource URI was given', context: { itemIndex: 0 } });
});
