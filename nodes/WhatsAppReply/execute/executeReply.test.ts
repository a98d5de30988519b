// The Reply node per version as n8n runs it: parameters as n8n fills them from the description's
// defaults, items as an AI Agent or the WhatsApp Trigger hands them over; the Graph API replaced
// by a client that records what would be sent.
import { NodeHelpers } from 'n8n-workflow';
import type { IDataObject, INode, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { WhatsAppReply } from '../WhatsAppReply.node';
import { fakeExecuteFunctions, REPLY, TRIGGER_TYPE, type FakeWorkflow } from '../../../test/fixtures/fakeWorkflow';
import { executeReply } from './executeReply';

const sent: Array<{ sender: string | undefined; body: IDataObject }> = [];

jest.mock('./cloudApiClientCache', () => {
	const actual = jest.requireActual('./cloudApiClientCache');
	class RecordingClientCache {
		clientFor(sender: string | undefined) {
			return {
				sendMessage: async (body: IDataObject) => {
					sent.push({ sender, body });
					// As Meta answers: wa_id for a send to a phone, user_id for one to a BSUID.
					const contact = body.to ? { waId: String(body.to).replace('+', '') } : { userId: body.recipient };
					return { messageId: `wamid.OUT${sent.length}`, ...contact };
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
	return NodeHelpers.getNodeParameters(
		description.properties,
		{ resource: 'message', operation: 'sendText', ...set },
		true,
		false,
		{ typeVersion },
		description,
	)!;
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
	});

	it('defaults To to the phone, else the user ID (BSUID), in 1.1; to the phone in 1', () => {
		expect(parametersFor(1).to).toBe('={{ $json.from }}');
		expect(parametersFor(1.1).to).toBe('={{ $json.from ?? $json.userId }}');
	});

	it('lists the operations alphabetically, the requests and flows among them', () => {
		const operations = description.properties.find((property) => property.name === 'operation' && property.displayOptions?.show?.resource?.[0] === 'message');
		const names = (operations?.options as Array<{ name: string }>).map((option) => option.name);
		expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
		expect(names).toEqual(expect.arrayContaining(['Request Contact Info', 'Request Location', 'Send Flow']));
	});

	it('lets To be empty in 1.1 (the trigger message then says whom to answer), not in 1', () => {
		const issues = (typeVersion: number) => {
			const node: INode = {
				id: 'r',
				name: REPLY,
				type: 'n8n-nodes-whatsapp-mcp.whatsAppReply',
				typeVersion,
				position: [0, 0],
				parameters: parametersFor(typeVersion, { to: '', text: 'Hi' }),
			};
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
					// E.164 with "+": without it Meta would prepend the business number's country code.
					to: '+4915112345678',
					type: 'text',
					context: { message_id: 'wamid.IN' },
					text: { preview_url: false, body: '*Order 1042*\n\nYour parcel is *on its way* and arrives *tomorrow*.' },
				},
			},
		]);
		expect(output[0]).toMatchObject({ json: { messageId: 'wamid.OUT1', to: '+4915112345678', waId: '4915112345678' }, pairedItem: { item: 0 } });
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
			description: "Set To, e.g. {{ $('WhatsApp Trigger').item.json.from ?? $('WhatsApp Trigger').item.json.userId }}",
		});
		expect(sent).toHaveLength(0);
	});

	it('version 1 behaves as before: To must be set (an empty one is refused), a single *x* is italics', async () => {
		await expect(executeReply(fakeExecuteFunctions(workflow(1, agentOutput)).fns)).rejects.toThrow('"" is not a usable WhatsApp number: it is empty');
		const configured = workflow(1, agentOutput, { text: '={{ $json.output }}', to: '4915112345678' });
		await executeReply(fakeExecuteFunctions(configured).fns);
		expect((sent[0].body.text as IDataObject).body).toBe('*Order 1042*\n\nYour parcel is _on its way_ and arrives *tomorrow*.');
		expect(sent[0].body.context).toBeUndefined();
		// Digits only, as version 1 always sent.
		expect(sent[0].body.to).toBe('4915112345678');
		expect(sent[0].body.recipient).toBeUndefined();
	});

	it('version 1.1 answers a username customer (no phone from Meta) by their user ID', async () => {
		const username = { ...workflow(1.1, agentOutput), paired: { 'WhatsApp Trigger': () => ({ ...trigger, from: null, userId: 'DE.1000000000000000001' }) } };
		const [output] = await executeReply(fakeExecuteFunctions(username).fns);
		expect(sent[0].body).toMatchObject({ recipient_type: 'individual', recipient: 'DE.1000000000000000001', type: 'text' });
		expect(sent[0].body).not.toHaveProperty('to');
		expect(output[0].json).toMatchObject({ messageId: 'wamid.OUT1', userId: 'DE.1000000000000000001', recipient: 'DE.1000000000000000001' });
	});
});

describe("WhatsApp Reply 1.1's default To on trigger items", () => {
	const straightFromTrigger = (json: IDataObject, set: INodeParameters = {}) =>
		fakeExecuteFunctions({ ...workflow(1.1, [{ json }], { text: 'Hi', ...set }), parents: { [REPLY]: ['WhatsApp Trigger'] } }).fns;

	it("answers a customer's message, and refuses a status (each answer would make new statuses)", async () => {
		await executeReply(straightFromTrigger({ event: 'message', direction: 'inbound', from: '4915112345678', userId: 'DE.1' }));
		expect(sent[0].body).toMatchObject({ to: '+4915112345678' });
		const status = { event: 'status', direction: 'outbound', from: null, userId: 'DE.1', status: 'delivered' };
		await expect(executeReply(straightFromTrigger(status))).rejects.toThrow(/Not a customer's message: this item is a "status" event/);
		expect(sent).toHaveLength(1);
	});

	it('sends to a customer named on purpose, whatever the item', async () => {
		const stop = { event: 'user_preferences', direction: null, from: '4915112345678', preference: 'stop' };
		await expect(executeReply(straightFromTrigger(stop))).rejects.toThrow(/"user_preferences" event/);
		await executeReply(straightFromTrigger(stop, { to: '={{ $json.from }}' }));
		await executeReply(straightFromTrigger({ event: 'status', direction: 'outbound', userId: 'DE.1' }, { to: '={{ $json.userId }}' }));
		expect(sent.map((entry) => entry.body.recipient ?? entry.body.to)).toEqual(['+4915112345678', 'DE.1']);
	});
});

describe('WhatsApp Reply recipients per version', () => {
	const send = async (typeVersion: number, to: string) =>
		await executeReply(fakeExecuteFunctions(workflow(typeVersion, [{ json: {} }], { to, text: 'Hi' })).fns);

	it('version 1.1 sends a user ID (BSUID or parent BSUID) as recipient, verbatim', async () => {
		await send(1.1, 'US.10000000000000000001');
		await send(1.1, ' US.ENT.20000000000000000002 ');
		expect(sent.map(({ body }) => [body.recipient, body.to])).toEqual([
			['US.10000000000000000001', undefined],
			['US.ENT.20000000000000000002', undefined],
		]);
	});

	it('version 1.1 writes a phone in E.164 with "+", version 1 as digits', async () => {
		await send(1.1, '0049 151 23456789');
		await send(1, '0049 151 23456789');
		expect(sent.map(({ body }) => body.to)).toEqual(['+4915123456789', '4915123456789']);
	});

	it('version 1.1 addresses every message of a long MCP result to the user ID; only the first quotes', async () => {
		const result = [{ json: { text: `${'a'.repeat(3000)}\n\n${'b'.repeat(3000)}` } }];
		const set = { operation: 'sendMcpResult', to: 'US.10000000000000000001', options: { quoteMessageId: 'wamid.IN' } };
		await executeReply(fakeExecuteFunctions(workflow(1.1, result, set)).fns);
		expect(sent.map(({ body }) => [body.recipient, body.to, body.context])).toEqual([
			['US.10000000000000000001', undefined, { message_id: 'wamid.IN' }],
			['US.10000000000000000001', undefined, undefined],
		]);
	});

	it('version 1 refuses a user ID and says which version takes one', async () => {
		await expect(send(1, 'US.10000000000000000001')).rejects.toMatchObject({
			message: '"US.10000000000000000001" is a business-scoped user ID (BSUID), not a phone number',
			description: expect.stringContaining('version 1.1'),
		});
		expect(sent).toHaveLength(0);
	});
});

describe('WhatsApp Reply requests and flows', () => {
	const customer = [{ json: trigger, pairedItem: { item: 0 } }];
	const run = async (operation: string, set: INodeParameters) =>
		await executeReply(fakeExecuteFunctions({ ...workflow(1.1, customer, { operation, ...set }), parents: { [REPLY]: ['WhatsApp Trigger'] } }).fns);

	it('asks for the phone number', async () => {
		await run('requestContactInfo', { body: 'Please share your number.' });
		expect(sent[0].body).toMatchObject({
			to: '+4915112345678',
			type: 'interactive',
			interactive: { type: 'request_contact_info', body: { text: 'Please share your number.' }, action: { name: 'request_contact_info' } },
		});
	});

	it('asks for the location', async () => {
		await run('requestLocation', { body: 'Where should we deliver?' });
		expect(sent[0].body.interactive).toEqual({
			type: 'location_request_message',
			body: { text: 'Where should we deliver?' },
			action: { name: 'send_location' },
		});
	});

	it('sends a flow with the defaults: published, navigate, token "unused", no payload', async () => {
		await run('sendFlow', { body: 'Book a table', flowId: '1234567890', flowCta: 'Book' });
		expect(sent[0].body.interactive).toEqual({
			type: 'flow',
			body: { text: 'Book a table' },
			action: {
				name: 'flow',
				parameters: { flow_message_version: '3', flow_id: '1234567890', flow_cta: 'Book', flow_token: 'unused', mode: 'published', flow_action: 'navigate' },
			},
		});
	});

	it('sends a flow by name, opening a screen with data', async () => {
		await run('sendFlow', {
			body: 'b',
			headerText: 'Table',
			flowIdType: 'name',
			flowName: 'booking',
			flowCta: 'Book',
			flowScreen: 'DATE',
			flowData: '{"guests": 2}',
			flowReference: 'order-1042',
			flowMode: 'draft',
		});
		expect((sent[0].body.interactive as IDataObject).header).toEqual({ type: 'text', text: 'Table' });
		expect(((sent[0].body.interactive as IDataObject).action as IDataObject).parameters).toEqual({
			flow_message_version: '3',
			flow_name: 'booking',
			flow_cta: 'Book',
			flow_token: 'order-1042',
			mode: 'draft',
			flow_action: 'navigate',
			flow_action_payload: { screen: 'DATE', data: { guests: 2 } },
		});
	});

	it('sends no screen or data with data_exchange, even when set before the switch', async () => {
		await run('sendFlow', { body: 'b', flowId: '1', flowCta: 'Book', flowAction: 'data_exchange', flowScreen: 'DATE', flowData: '{"guests": 2}' });
		const parameters = ((sent[0].body.interactive as IDataObject).action as IDataObject).parameters as IDataObject;
		expect(parameters.flow_action).toBe('data_exchange');
		expect(parameters.flow_action_payload).toBeUndefined();
	});

	it('refuses a button text over 30 characters before sending, naming the field', async () => {
		await expect(run('sendFlow', { body: 'b', flowId: '1', flowCta: 'x'.repeat(31) })).rejects.toMatchObject({
			message: expect.stringContaining('action.parameters.flow_cta'),
			description: expect.stringContaining('Nothing was sent'),
		});
		expect(sent).toHaveLength(0);
	});
});

describe('WhatsApp Reply and the Graph API version', () => {
	it('shows a warning hint when the credential calls a version below v22.0', async () => {
		const old = { ...workflow(1.1, [{ json: trigger }], { text: 'Hi' }), credentials: { accessToken: 't', phoneNumberId: 'p', apiVersion: 'v21.0' } };
		const { fns, calls } = fakeExecuteFunctions(old);
		await executeReply(fns);
		expect(calls.hints).toEqual([
			{ message: expect.stringMatching(/v20\.0 and older no longer answer, v21\.0 stops on 2027-01-21/), type: 'warning', location: 'outputPane' },
		]);
	});

	it('shows none for v22.0 and newer', async () => {
		const current = { ...workflow(1.1, [{ json: trigger }], { text: 'Hi' }), credentials: { accessToken: 't', phoneNumberId: 'p', apiVersion: 'v22.0' } };
		const { fns, calls } = fakeExecuteFunctions(current);
		await executeReply(fns);
		expect(calls.hints).toEqual([]);
	});
});

describe('WhatsApp Reply right after the WhatsApp Trigger', () => {
	it('version 1.1 answers whoever wrote from the item itself, without looking upstream', async () => {
		const items = [{ json: trigger, pairedItem: { item: 0 } }];
		const direct: FakeWorkflow = { ...workflow(1.1, items, { text: 'Thanks, we are on it.' }), parents: { [REPLY]: ['WhatsApp Trigger'] } };
		const { fns, calls } = fakeExecuteFunctions(direct);
		await executeReply(fns);
		expect(sent[0].body).toMatchObject({ to: '+4915112345678', text: { body: 'Thanks, we are on it.' } });
		expect(calls.getParentNodes).toBe(0);
	});
});
