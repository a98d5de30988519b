import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { fakeExecuteFunctions, REPLY, TRIGGER_TYPE, type FakeWorkflow } from '../../../test/fixtures/fakeWorkflow';
import { ConversationOrigins, quotedMessageId, recipientAddress, senderPhoneNumberId } from './conversationOrigin';
import type { ItemContext } from './ItemContext';

const customer = (n: number): IDataObject => ({ from: `49151000000${n}`, messageId: `wamid.IN${n}`, phoneNumberId: 'business-number', text: `question ${n}` });

/** WhatsApp Trigger → AI Agent → WhatsApp Reply, the agent's items paired to the trigger's. */
const afterAgent = (typeVersion: number): FakeWorkflow => ({
	typeVersion,
	types: { 'WhatsApp Trigger': TRIGGER_TYPE, 'AI Agent': '@n8n/n8n-nodes-langchain.agent' },
	parents: { [REPLY]: ['AI Agent'], 'AI Agent': ['WhatsApp Trigger'] },
	paired: { 'WhatsApp Trigger': customer },
});

/** What an operation sees, around a fake n8n context; parameters are given already evaluated. */
function itemContext(fns: IExecuteFunctions, parameters: IDataObject, index = 0): ItemContext {
	const origins = new ConversationOrigins(fns);
	let origin: { value: ReturnType<ItemContext['origin']> } | undefined;
	return {
		fns,
		index,
		item: { json: { output: 'An answer' } },
		param: <T>(name: string, fallback?: T) => (name in parameters ? parameters[name] : fallback) as T,
		version: fns.getNode().typeVersion,
		origins,
		origin: () => (origin ??= { value: origins.of(index) }).value,
		client: () => {
			throw new Error('not used');
		},
	};
}

describe('ConversationOrigins', () => {
	it("finds the WhatsApp Trigger item an agent's answer comes from, through pairedItem", () => {
		const { fns, calls } = fakeExecuteFunctions(afterAgent(1.1));
		const origins = new ConversationOrigins(fns);
		expect(origins.of(0)).toEqual({ node: 'WhatsApp Trigger', from: '491510000000', messageId: 'wamid.IN0', phoneNumberId: 'business-number' });
		expect(origins.of(2)).toMatchObject({ from: '491510000002', messageId: 'wamid.IN2' });
		// The whole item is asked for, so n8n's "combined" binary mode gives it too.
		expect(calls.proxy[0]).toEqual({ itemIndex: 0, node: 'WhatsApp Trigger', resolveFullItem: true });
	});

	it('looks up the upstream triggers once per execution', () => {
		const { fns, calls } = fakeExecuteFunctions(afterAgent(1.1));
		const origins = new ConversationOrigins(fns);
		for (let i = 0; i < 5; i++) origins.of(i);
		expect(calls.getParentNodes).toBe(1);
	});

	it('is undefined when no WhatsApp Trigger is upstream, without asking for paired items', () => {
		const { fns, calls } = fakeExecuteFunctions({ typeVersion: 1.1, types: { Webhook: 'n8n-nodes-base.webhook' }, parents: { [REPLY]: ['Webhook'] } });
		expect(new ConversationOrigins(fns).of(0)).toBeUndefined();
		expect(calls.proxy).toHaveLength(0);
	});

	it('is undefined when n8n cannot follow pairedItem back to the trigger', () => {
		const { fns } = fakeExecuteFunctions({ ...afterAgent(1.1), paired: {} });
		expect(new ConversationOrigins(fns).of(0)).toBeUndefined();
	});

	it('prefers the nearest trigger, and tries the next when pairedItem leads elsewhere', () => {
		// Far Trigger → Set → Merge ← Near Trigger; Merge → Reply.
		const workflow: FakeWorkflow = {
			typeVersion: 1.1,
			types: { 'Far Trigger': TRIGGER_TYPE, 'Near Trigger': TRIGGER_TYPE },
			parents: { [REPLY]: ['Merge'], Merge: ['Set', 'Near Trigger'], Set: ['Far Trigger'] },
			paired: { 'Far Trigger': () => ({ from: '111' }), 'Near Trigger': () => ({ from: '222' }) },
		};
		const { fns } = fakeExecuteFunctions(workflow);
		expect(fns.getParentNodes(REPLY).map((node) => node.name)[0]).toBe('Far Trigger'); // n8n lists the farthest first
		expect(new ConversationOrigins(fns).upstreamTriggers()).toEqual(['Near Trigger', 'Far Trigger']);
		expect(new ConversationOrigins(fns).of(0)?.from).toBe('222');
		const { fns: onlyFar } = fakeExecuteFunctions({ ...workflow, paired: { 'Far Trigger': () => ({ from: '111' }) } });
		expect(new ConversationOrigins(onlyFar).of(0)?.from).toBe('111');
	});

	it('skips a disabled trigger', () => {
		const { fns } = fakeExecuteFunctions({ ...afterAgent(1.1), disabled: ['WhatsApp Trigger'] });
		expect(new ConversationOrigins(fns).upstreamTriggers()).toEqual([]);
	});
});

describe('recipientAddress', () => {
	it('version 1: To as it is, even empty, and no look-up', () => {
		const { fns, calls } = fakeExecuteFunctions(afterAgent(1));
		expect(recipientAddress(itemContext(fns, { to: undefined }))).toBeUndefined();
		expect(recipientAddress(itemContext(fns, { to: '4915199999' }))).toBe('4915199999');
		expect(calls.getParentNodes).toBe(0);
	});

	it('version 1.1: To when set', () => {
		const { fns, calls } = fakeExecuteFunctions(afterAgent(1.1));
		expect(recipientAddress(itemContext(fns, { to: '+49 151 99999' }))).toBe('+49 151 99999');
		expect(calls.getParentNodes).toBe(0);
	});

	it('version 1.1: an empty To is the sender of the trigger message the item comes from', () => {
		const { fns } = fakeExecuteFunctions(afterAgent(1.1));
		for (const to of [undefined, null, '', '  ']) expect(recipientAddress(itemContext(fns, { to }, 3))).toBe('491510000003');
	});

	it('version 1.1: with no trigger message to answer, says so and how to set To', () => {
		const { fns } = fakeExecuteFunctions({ ...afterAgent(1.1), paired: {} });
		let error: unknown;
		try {
			recipientAddress(itemContext(fns, { to: '' }, 1));
		} catch (caught) {
			error = caught;
		}
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error).toMatchObject({
			message: 'No recipient: "To" is empty and the item does not come from a WhatsApp Trigger message',
			description: "Set To, e.g. {{ $('WhatsApp Trigger').item.json.from ?? $('WhatsApp Trigger').item.json.userId }}",
		});
		expect((error as NodeOperationError).context.itemIndex).toBe(1);
	});

	it("version 1.1: names the workflow's own trigger in the hint", () => {
		const { fns } = fakeExecuteFunctions({
			typeVersion: 1.1,
			types: { 'Customer Message': TRIGGER_TYPE },
			parents: { [REPLY]: ['AI Agent'], 'AI Agent': ['Customer Message'] },
			paired: { 'Customer Message': () => ({ from: null, userId: null, messageId: 'wamid.STATUS', eventType: 'status' }) },
		});
		expect(() => recipientAddress(itemContext(fns, { to: '' }))).toThrow(
			expect.objectContaining({
				message: expect.stringContaining('has no sender (from, userId)'),
				description: "Set To, e.g. {{ $('Customer Message').item.json.from ?? $('Customer Message').item.json.userId }}",
			}),
		);
	});

	it("version 1.1: an empty To is the sender's phone when Meta gave it, else their user ID (BSUID)", () => {
		const sender = (json: IDataObject) => {
			const { fns } = fakeExecuteFunctions({ ...afterAgent(1.1), paired: { 'WhatsApp Trigger': () => json } });
			return recipientAddress(itemContext(fns, { to: '' }));
		};
		expect(sender({ from: '4915112345678', userId: 'DE.1000000000000000001' })).toBe('4915112345678');
		expect(sender({ from: null, userId: 'DE.1000000000000000001' })).toBe('DE.1000000000000000001');
		expect(sender({ userId: 'US.ENT.20000000000000000002' })).toBe('US.ENT.20000000000000000002');
		expect(sender({ from: null, userId: 'DE.1000000000000000001', direction: 'inbound' })).toBe('DE.1000000000000000001');
	});

	it('version 1.1: does not answer the customer named by a status, echo or other event (e.g. a synced contact)', () => {
		for (const direction of ['outbound', null]) {
			const item = { from: direction === null ? '4915112345678' : null, userId: 'DE.1000000000000000001', direction };
			const { fns } = fakeExecuteFunctions({ ...afterAgent(1.1), paired: { 'WhatsApp Trigger': () => item } });
			expect(() => recipientAddress(itemContext(fns, { to: '' }))).toThrow("has no sender (from, userId); it is not a customer's message");
		}
	});
});

describe('quotedMessageId and senderPhoneNumberId', () => {
	it('version 1.1: an option added but empty means the trigger message', () => {
		const { fns } = fakeExecuteFunctions(afterAgent(1.1));
		const ctx = itemContext(fns, {}, 2);
		expect(quotedMessageId(ctx, { quoteMessageId: '' })).toBe('wamid.IN2');
		expect(quotedMessageId(ctx, { quoteMessageId: undefined })).toBe('wamid.IN2');
		expect(senderPhoneNumberId(ctx, { phoneNumberId: '' })).toBe('business-number');
	});

	it('version 1.1: an option set wins; one not added keeps meaning no quote, the credential’s number', () => {
		const { fns, calls } = fakeExecuteFunctions(afterAgent(1.1));
		const ctx = itemContext(fns, {});
		expect(quotedMessageId(ctx, { quoteMessageId: ' wamid.OTHER ' })).toBe('wamid.OTHER');
		expect(senderPhoneNumberId(ctx, { phoneNumberId: '1234' })).toBe('1234');
		expect(quotedMessageId(ctx, {})).toBeUndefined();
		expect(senderPhoneNumberId(ctx, {})).toBeUndefined();
		expect(calls.getParentNodes).toBe(0);
	});

	it('version 1: empty stays empty', () => {
		const { fns, calls } = fakeExecuteFunctions(afterAgent(1));
		const ctx = itemContext(fns, {});
		expect(quotedMessageId(ctx, { quoteMessageId: '' })).toBeUndefined();
		expect(senderPhoneNumberId(ctx, { phoneNumberId: '' })).toBe('');
		expect(calls.getParentNodes).toBe(0);
	});

	it('version 1.1: looks the trigger item up once for To, quote and sender together', () => {
		const { fns, calls } = fakeExecuteFunctions(afterAgent(1.1));
		const ctx = itemContext(fns, { to: '' });
		recipientAddress(ctx);
		quotedMessageId(ctx, { quoteMessageId: '' });
		senderPhoneNumberId(ctx, { phoneNumberId: '' });
		expect(calls.proxy).toHaveLength(1);
	});
});
