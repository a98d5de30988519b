// The Reply node per version as n8n runs it: parameters as n8n fills them from the description's
// defaults, items as an AI Agent or the WhatsApp Trigger hands them over; the Graph API replaced
// by a client that records what would be sent.
import { NodeHelpers } from 'n8n-workflow';
import type { IDataObject, INode, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { WhatsAppReply } from '../WhatsAppReply.node';
import { fakeExecuteFunctions, REPLY, TRIGGER_TYPE, type FakeWorkflow } from './__tests__/fakeWorkflow';
import { executeReply } from './executeReply';

const sent: Array<{ sender: string | undefined; body: IDataObject }> = [];

jest.mock('./cloudApiClientCache', () => {
	const actual = jest.requireActual('./cloudApiClientCache');
	class RecordingClientCache {
		clientFor(sender: string | undefined) {
			return {
				sendMessage: async (body: IDataObject) => {
					sent.push({ sender, body });
					return { messageId: `wamid.OUT${sent.length}` };
				},
			};
		}
	}
	return { ...actual, CloudApiClientCache: RecordingClientCache };
});

beforeEach(() => sent.splice(0));

const description = new WhatsAppReply().description;

/** The node's parameters as n8n stores them for this version: the defaults, and what the user set. */
function parametersFor(typeVersion: number, set: INodeParameters = {}): INodeParameters {
	return NodeHelpers.getNodeParameters(description.properties, { resource: 'message', operation: 'sendText', ...set }, true, false, { typeVersion }, description)!;
}

const trigger = { from: '4915112345678', messageId: 'wamid.IN', phoneNumberId: 'business-number', text: 'Where is my order?' };
const answer = '## Order 1042\n\nYour parcel is *on its way* and arrives **tomorrow**.';

function workflow(typeVersion: number, items: INodeExecutionData[], set: INodeParameters = {}): FakeWorkflow {
	return {
		typeVersion,
		types: { 'WhatsApp Trigger': TRIGGER_TYPE, 'AI Agent': '@n8n/n8n-nodes-langchain.agent' },
		parents: { [REPLY]: ['AI Agent'], 'AI Agent': ['WhatsApp Trigger'] },
		paired: { 'WhatsApp Trigger': () => trigger },
		items,
		parameters: parametersFor(typeVersion, set),
	};
}

describe('WhatsApp Reply description per version', () => {
	it('is version 1.1 for new nodes, and still knows version 1', () => {
		expect(description.version).toEqual([1, 1.1]);
		expect(description.defaultVersion).toBe(1.1);
	});

	it("defaults Text to an AI Agent's output in 1.1 only", () => {
		expect(parametersFor(1).text).toBe('');
		expect(parametersFor(1.1).text).toBe('={{ $json.output }}');
		expect(parametersFor(1.1).to).toBe('={{ $json.from }}');
	});

	it('lets To be empty in 1.1 (the trigger message then says whom to answer), not in 1', () => {
		const issues = (typeVersion: number) => {
			const node: INode = { id: 'r', name: REPLY, type: 'n8n-nodes-whatsapp-mcp.whatsAppReply', typeVersion, position: [0, 0], parameters: parametersFor(typeVersion, { to: '', text: 'Hi' }) };
			return NodeHelpers.getNodeParametersIssues(description.properties, node, description)?.parameters ?? {};
		};
		expect(Object.keys(issues(1))).toContain('to');
		expect(Object.keys(issues(1.1))).not.toContain('to');
	});
});

describe('WhatsApp Reply after an AI Agent', () => {
	const agentOutput = [{ json: { output: answer }, pairedItem: { item: 0 } }];

	it('version 1.1 answers the customer with no configuration: recipient, quote and sender from the trigger message', async () => {
		const options = { quoteMessageId: '={{ $json.messageId }}', phoneNumberId: '={{ $json.phoneNumberId }}' };
		const [output] = await executeReply(fakeExecuteFunctions(workflow(1.1, agentOutput, { options })).fns);
		expect(sent).toEqual([
			{
				sender: 'business-number',
				body: {
					messaging_product: 'whatsapp',
					recipient_type: 'individual',
					to: '4915112345678',
					type: 'text',
					context: { message_id: 'wamid.IN' },
					text: { preview_url: false, body: '*Order 1042*\n\nYour parcel is *on its way* and arrives *tomorrow*.' },
				},
			},
		]);
		expect(output[0]).toMatchObject({ json: { messageId: 'wamid.OUT1', to: '4915112345678' }, pairedItem: { item: 0 } });
	});

	it('version 1.1 without options: no quote, the credential’s number (as after the trigger itself)', async () => {
		await executeReply(fakeExecuteFunctions(workflow(1.1, agentOutput)).fns);
		expect(sent).toHaveLength(1);
		expect(sent[0].sender).toBeUndefined();
		expect(sent[0].body.context).toBeUndefined();
	});

	it('version 1.1 says what to set when no trigger message is found', async () => {
		const orphan = { ...workflow(1.1, agentOutput), paired: {} };
		await expect(executeReply(fakeExecuteFunctions(orphan).fns)).rejects.toMatchObject({
			message: 'No recipient: "To" is empty and the item does not come from a WhatsApp Trigger message',
			description: "Set To, e.g. {{ $('WhatsApp Trigger').item.json.from }}",
		});
		expect(sent).toHaveLength(0);
	});

	it('version 1 behaves as before: To must be set (an empty one is refused), a single *x* is italics', async () => {
		await expect(executeReply(fakeExecuteFunctions(workflow(1, agentOutput)).fns)).rejects.toThrow('"" is not a usable WhatsApp number: it is empty');
		const configured = workflow(1, agentOutput, { text: '={{ $json.output }}', to: '4915112345678' });
		await executeReply(fakeExecuteFunctions(configured).fns);
		expect((sent[0].body.text as IDataObject).body).toBe('*Order 1042*\n\nYour parcel is _on its way_ and arrives *tomorrow*.');
		expect(sent[0].body.context).toBeUndefined();
	});
});

describe('WhatsApp Reply right after the WhatsApp Trigger', () => {
	it('version 1.1 answers whoever wrote from the item itself, without looking upstream', async () => {
		const items = [{ json: trigger, pairedItem: { item: 0 } }];
		const direct: FakeWorkflow = { ...workflow(1.1, items, { text: 'Thanks, we are on it.' }), parents: { [REPLY]: ['WhatsApp Trigger'] } };
		const { fns, calls } = fakeExecuteFunctions(direct);
		await executeReply(fns);
		expect(sent[0].body).toMatchObject({ to: '4915112345678', text: { body: 'Thanks, we are on it.' } });
		expect(calls.getParentNodes).toBe(0);
	});
});
