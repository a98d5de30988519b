// The Reply node's execute() with a mocked n8n context against the in-process sandbox: what a
// failure in the middle of a batch says under "Stop Workflow" (n8n's Retry would send again).
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { startSandbox, type Sandbox } from '../../sandbox';
import { executeReply } from '../../nodes/WhatsAppReply/execute/executeReply';

let sandbox: Sandbox;

beforeAll(async () => {
	sandbox = await startSandbox({ statusDelaysMs: [5, 10, 15], autoRead: false });
});
afterAll(() => sandbox.stop());

function replyContext(items: INodeExecutionData[], parameters: Record<string, unknown>, continueOnFail = false): IExecuteFunctions {
	// A function stands for an expression: raw it is "={{ … }}", evaluated it is the function's result.
	const value = (name: string, index: number, fallback: unknown, options?: { rawExpressions?: boolean }) => {
		const raw = parameters[name];
		if (typeof raw === 'function') return options?.rawExpressions ? `={{ $json.${name} }}` : raw(items[index]);
		return raw === undefined ? fallback : raw;
	};
	return {
		getInputData: () => items,
		getCredentials: async () => ({ ...sandbox.credentials }),
		getNodeParameter: (name: string, index: number, fallback: unknown, options?: { rawExpressions?: boolean }) => value(name, index, fallback, options),
		getNode: () => ({ id: 'reply', name: 'WhatsApp Reply', type: 'n8n-nodes-whatsapp-mcp.whatsAppReply', typeVersion: 1, position: [0, 0], parameters }),
		continueOnFail: () => continueOnFail,
		logger: { warn: () => undefined, info: () => undefined, debug: () => undefined, error: () => undefined },
		helpers: {},
	} as unknown as IExecuteFunctions;
}

describe('WhatsApp Reply: a failure in the middle of a batch', () => {
	it('says how many items were already sent and how not to send them twice', async () => {
		// The third number is not a phone number: that item fails before anything is sent for it.
		const items = ['4915112340001', '4915112340002', 'not-a-number', '4915112340004'].map((to) => ({ json: { to } }));
		const parameters = {
			resource: 'message',
			operation: 'sendText',
			to: (item: INodeExecutionData) => item.json.to,
			text: 'Our summer sale starts today',
			sendingSettings: { concurrency: 1 },
		};
		const error = (await executeReply(replyContext(items, parameters)).catch((e: unknown) => e)) as { description?: string; message: string };
		expect(error.description).toMatch(/2 of 4 items were already sent in this run: retrying the execution sends them again/);
		expect(error.description).toMatch(/Continue \(using error output\)/);
		expect(sandbox.requests().filter((r) => r.path.endsWith('/messages'))).toHaveLength(2);
	});
});
