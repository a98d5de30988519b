// Item shape '2026' (WhatsApp Trigger 1.2) on every example of the 2026 addendum
// (shared/design/CLOUD-API-2026.md, copied into meta2026Examples.ts).
import { normalizeWebhook, validateWebhookEnvelope } from './normalizeWebhook';
import type { NormalizedWebhookItem2026, NormalizeOptions } from './normalizeWebhook';
import {
	ANA_NEW_USER_ID,
	ANA_USER_ID,
	ANA_USERNAME,
	DISPLAY_PHONE_NUMBER,
	GROUP_ID,
	PNID,
	TIMESTAMP_ISO,
	US_PARENT_USER_ID,
	US_PHONE,
	US_USER_ID,
	WABA_ID,
	bsuidTextMessage,
	examples2026,
	fromUs,
	historyChange,
	messagesChange,
	type Example2026,
} from '../../../test/fixtures/meta2026Examples';
import { messageWebhooks, statusWebhooks, templateStatusUpdate } from '../../../test/fixtures/metaWebhookExamples';

const V1_KEYS = [
	'event',
	'messageId',
	'from',
	'contactName',
	'phoneNumberId',
	'displayPhoneNumber',
	'wabaId',
	'timestamp',
	'type',
	'text',
	'replyId',
	'context',
	'media',
	'location',
	'reaction',
	'contacts',
	'order',
	'status',
	'recipientId',
	'errors',
	'errorCode',
	'conversation',
	'pricing',
	'sessionId',
];
const NEW_KEYS = [
	'userId',
	'parentUserId',
	'username',
	'recipientUserId',
	'recipientParentUserId',
	'groupId',
	'direction',
	'standby',
	'previousUserId',
	'previousParentUserId',
	'previousFrom',
	'systemType',
	'systemText',
	'interactiveType',
	'flowResponse',
	'flowToken',
	'address',
	'callPermission',
	'referredProduct',
	'contactsOrigin',
	'editOf',
	'revokes',
	'unsupportedType',
	'pricingModel',
	'pricingType',
	'pricingCategory',
	'billable',
	'conversationId',
	'history',
	'handoverType',
	'previousOwnerRole',
	'newOwnerRole',
	'preferenceCategory',
	'preference',
	'syncAction',
];
/** The keys of every 1.2 item, in their order: v1's, the new ones, raw last. */
const ITEM_KEYS_2026 = [...V1_KEYS, ...NEW_KEYS, 'raw'];

function items(body: unknown, options: NormalizeOptions = {}): NormalizedWebhookItem2026[] {
	const check = validateWebhookEnvelope(body);
	if (!check.ok) throw new Error(check.reason);
	return normalizeWebhook(check.envelope, { ...options, itemShape: '2026' });
}

function only(body: unknown, options: NormalizeOptions = {}): NormalizedWebhookItem2026 {
	const result = items(body, options);
	expect(result).toHaveLength(1);
	return result[0];
}

const example = (name: Example2026, options: NormalizeOptions = {}) => only(examples2026[name], options);

/** Paths of "" values outside what is kept as sent (raw, shared contact cards, a flow's answer). */
function emptyStringPaths(value: unknown, path: string): string[] {
	if (value === '') return [path];
	if (typeof value !== 'object' || value === null) return [];
	return Object.entries(value).flatMap(([key, child]) =>
		path === '' && ['raw', 'contacts', 'flowResponse', 'address'].includes(key) ? [] : emptyStringPaths(child, path ? `${path}.${key}` : key),
	);
}

const everyBody: Array<[string, unknown]> = [
	...Object.entries(examples2026),
	...Object.entries(messageWebhooks).map(([name, body]): [string, unknown] => [`v1 message ${name}`, body]),
	...Object.entries(statusWebhooks).map(([name, body]): [string, unknown] => [`v1 status ${name}`, body]),
	['v1 template status update', templateStatusUpdate],
];

describe('shape 2026: what every item has', () => {
	it.each(everyBody)('%s: every key, in order, on every item (summary and expanded history, with and without raw)', (_name, body) => {
		for (const options of [{}, { expandHistory: true }, { includeRaw: false }]) {
			const result = items(body, options);
			expect(result.length).toBeGreaterThan(0);
			for (const item of result) expect(Object.keys(item)).toEqual(ITEM_KEYS_2026);
		}
	});

	it.each(everyBody)('%s: no empty string in any field, and standby is a boolean', (_name, body) => {
		for (const options of [{}, { expandHistory: true }]) {
			for (const item of items(body, options)) {
				expect(emptyStringPaths(item, '')).toEqual([]);
				expect(typeof item.standby).toBe('boolean');
			}
		}
	});

	it('turns "" that Meta should have left out into null, keeping the BSUID that is there', () => {
		expect(example('emptyStrings')).toMatchObject({
			from: null,
			text: null,
			contactName: null,
			username: null,
			userId: ANA_USER_ID,
			sessionId: `${PNID}:${ANA_USER_ID}`,
		});
	});

	it('keeps v1 values for the keys v1 has, on a documented v1 message (sessionId on the phone when there is no BSUID)', () => {
		const check = validateWebhookEnvelope(messageWebhooks.text);
		if (!check.ok) throw new Error(check.reason);
		const [v1] = normalizeWebhook(check.envelope);
		const [item] = normalizeWebhook(check.envelope, { itemShape: '2026' });
		expect(Object.fromEntries(V1_KEYS.map((key) => [key, item[key as keyof typeof item]]))).toEqual(
			Object.fromEntries(V1_KEYS.map((key) => [key, v1[key as keyof typeof v1]])),
		);
		expect(item).toMatchObject({ userId: null, direction: 'inbound', standby: false });
	});
});

describe('shape 2026: business-scoped user IDs and usernames (§1)', () => {
	it("the addendum's username message without phone: every field", () => {
		expect(only(bsuidTextMessage)).toEqual({
			event: 'message',
			messageId: 'wamid.X1',
			from: null,
			contactName: 'Ana',
			phoneNumberId: PNID,
			displayPhoneNumber: DISPLAY_PHONE_NUMBER,
			wabaId: WABA_ID,
			timestamp: TIMESTAMP_ISO,
			type: 'text',
			text: 'hi',
			replyId: null,
			context: null,
			media: null,
			location: null,
			reaction: null,
			contacts: null,
			order: null,
			status: null,
			recipientId: null,
			errors: null,
			errorCode: null,
			conversation: null,
			pricing: null,
			sessionId: `${PNID}:${ANA_USER_ID}`,
			userId: ANA_USER_ID,
			parentUserId: null,
			username: ANA_USERNAME,
			recipientUserId: null,
			recipientParentUserId: null,
			groupId: null,
			direction: 'inbound',
			standby: false,
			previousUserId: null,
			previousParentUserId: null,
			previousFrom: null,
			systemType: null,
			systemText: null,
			interactiveType: null,
			flowResponse: null,
			flowToken: null,
			address: null,
			callPermission: null,
			referredProduct: null,
			contactsOrigin: null,
			editOf: null,
			revokes: null,
			unsupportedType: null,
			pricingModel: null,
			pricingType: null,
			pricingCategory: null,
			billable: null,
			conversationId: null,
			history: null,
			handoverType: null,
			previousOwnerRole: null,
			newOwnerRole: null,
			preferenceCategory: null,
			preference: null,
			syncAction: null,
			raw: bsuidTextMessage.entry[0].changes[0].value.messages[0],
		});
	});

	it('phone, BSUID and parent BSUID: from is the phone, the session keys on the BSUID', () => {
		expect(example('phoneAndBsuidTextMessage')).toMatchObject({
			from: US_PHONE,
			userId: US_USER_ID,
			parentUserId: US_PARENT_USER_ID,
			username: null,
			contactName: 'Sam',
			sessionId: `${PNID}:${US_USER_ID}`,
		});
	});

	it('a message from before BSUIDs keeps the session of versions 1 and 1.1 (phone number id + phone)', () => {
		expect(example('phoneOnlyTextMessage')).toMatchObject({ from: US_PHONE, userId: null, sessionId: `${PNID}:${US_PHONE}` });
	});

	it('names each sender from contacts[] by user_id first, then by wa_id', () => {
		const body = messagesChange(
			[
				{ from_user_id: 'BR.1', id: 'wamid.a', timestamp: '1', type: 'text', text: { body: 'a' } },
				{ from: '5511', id: 'wamid.b', timestamp: '1', type: 'text', text: { body: 'b' } },
				{ from: '5599', from_user_id: 'BR.3', id: 'wamid.c', timestamp: '1', type: 'text', text: { body: 'c' } },
			],
			[
				{ profile: { name: 'By phone' }, wa_id: '5511', user_id: 'BR.2' },
				{ profile: { name: 'By user id', username: 'one' }, user_id: 'BR.1' },
				{ profile: { name: 'Wrong phone' }, wa_id: '5599', user_id: 'BR.9' },
				{ profile: { name: 'Right user' }, user_id: 'BR.3' },
			],
		);
		expect(items(body).map((item) => [item.contactName, item.username, item.userId, item.from])).toEqual([
			['By user id', 'one', 'BR.1', null],
			['By phone', null, 'BR.2', '5511'],
			['Right user', null, 'BR.3', '5599'],
		]);
	});

	it('does not take the only contact when it names someone else', () => {
		const body = messagesChange(
			[{ from_user_id: 'BR.1', id: 'wamid.a', timestamp: '1', type: 'text', text: { body: 'a' } }],
			[{ profile: { name: 'Other' }, user_id: 'BR.2' }],
		);
		expect(only(body)).toMatchObject({ contactName: null, userId: 'BR.1' });
	});

	describe('statuses (§1.5)', () => {
		it("the addendum's status to a BSUID: recipient, contact name and username from contacts[], flat pricing", () => {
			expect(example('bsuidDeliveredStatus')).toMatchObject({
				event: 'status',
				messageId: 'wamid.X2',
				status: 'delivered',
				from: null,
				recipientId: null,
				recipientUserId: US_USER_ID,
				userId: US_USER_ID,
				contactName: 'Sam',
				username: 'sam.w',
				direction: 'outbound',
				sessionId: `${PNID}:${US_USER_ID}`,
				pricing: { billable: true, pricingModel: 'PMP', category: 'utility', type: 'regular' },
				pricingModel: 'PMP',
				pricingType: 'regular',
				pricingCategory: 'utility',
				billable: true,
				conversation: null,
				conversationId: null,
			});
		});

		it('sent by phone: phone, BSUIDs and parents, no username on sent', () => {
			expect(example('phoneSentStatus')).toMatchObject({
				recipientId: US_PHONE,
				recipientUserId: US_USER_ID,
				recipientParentUserId: US_PARENT_USER_ID,
				userId: US_USER_ID,
				parentUserId: US_PARENT_USER_ID,
				contactName: 'Sam',
				username: null,
				sessionId: `${PNID}:${US_USER_ID}`,
			});
		});

		it('failed by phone (no BSUID, no contacts): keyed on recipient_id', () => {
			expect(example('phoneFailedStatus')).toMatchObject({
				status: 'failed',
				recipientId: US_PHONE,
				userId: null,
				recipientUserId: null,
				contactName: null,
				errorCode: 131047,
				sessionId: `${PNID}:${US_PHONE}`,
			});
		});

		it('a group send: the group in groupId and the session, the member in userId', () => {
			expect(example('groupReadStatus')).toMatchObject({
				recipientId: GROUP_ID,
				groupId: GROUP_ID,
				userId: US_USER_ID,
				recipientUserId: US_USER_ID,
				sessionId: `${PNID}:${GROUP_ID}`,
			});
		});

		it('played, deleted and unknown statuses pass through', () => {
			expect(['playedStatus', 'deletedStatus', 'unknownStatus'].map((name) => example(name as Example2026).status)).toEqual([
				'played',
				'deleted',
				'teleported',
			]);
		});
	});

	describe('identity changes (§1.6)', () => {
		it('user_changed_user_id: the new BSUID keys the item, the previous one is beside it, the notice is not text', () => {
			expect(example('userChangedUserId')).toMatchObject({
				type: 'system',
				userId: ANA_NEW_USER_ID,
				previousUserId: ANA_USER_ID,
				from: null,
				text: null,
				systemType: 'user_changed_user_id',
				systemText: 'User Ana changed …',
				contactName: null,
				sessionId: `${PNID}:${ANA_NEW_USER_ID}`,
			});
		});

		it('user_changed_number: the new phone in from, the old one in previousFrom, parents too', () => {
			expect(example('userChangedNumber')).toMatchObject({
				from: '15550009999',
				previousFrom: US_PHONE,
				userId: 'US.1000000000000000099',
				previousUserId: US_USER_ID,
				parentUserId: 'US.ENT.20000000000000000099',
				previousParentUserId: US_PARENT_USER_ID,
				text: null,
				systemType: 'user_changed_number',
				sessionId: `${PNID}:US.1000000000000000099`,
			});
		});

		it('a documented v1 user_changed_number without BSUIDs: keyed on the new phone', () => {
			expect(only(messageWebhooks.system)).toMatchObject({
				from: '16505559999',
				previousFrom: '16505551234',
				text: null,
				systemText: 'User A changed from 16505551234 to 16505559999',
				previousUserId: null,
			});
		});

		it('an unconfirmed system type passes through with its notice', () => {
			expect(example('customerIdentityChanged')).toMatchObject({ systemType: 'customer_identity_changed', systemText: 'Security code changed', text: null });
		});
	});

	it('shared contact info (§1.7): origin from contacts[] or, in the earlier revision, from the message', () => {
		expect(example('sharedContactInfo')).toMatchObject({ type: 'contacts', contactsOrigin: 'contact_request', userId: ANA_USER_ID });
		expect(example('sharedContactInfo').contacts).toEqual([
			{ origin: 'contact_request', name: { formatted_name: 'Ana' }, phones: [{ phone: '+55 11 90000-0001', wa_id: '5511900000001', type: 'CELL' }] },
		]);
		expect(example('sharedContactCardOriginOnMessage').contactsOrigin).toBe('other');
	});
});

describe('shape 2026: pricing (§2)', () => {
	it('service replies charged since October 2026', () => {
		expect(example('servicePricedStatus')).toMatchObject({ pricingModel: 'PMP', pricingType: 'regular', pricingCategory: 'service', billable: true });
	});

	it('free entry point: the conversation id, the hyphenated category and the underscored origin as sent', () => {
		expect(example('freeEntryPointStatus')).toMatchObject({
			pricingType: 'free_entry_point',
			pricingCategory: 'authentication-international',
			billable: false,
			conversationId: 'CONVERSATION_ID',
			conversation: { id: 'CONVERSATION_ID', originType: 'authentication_international', expiresAt: '2026-09-24T14:13:20.000Z' },
		});
	});

	it('an unknown category passes through, billable null when absent', () => {
		expect(example('unknownCategoryStatus')).toMatchObject({ pricingCategory: 'business_agent', billable: null });
	});

	it('a status without pricing has all pricing fields null', () => {
		expect(example('playedStatus')).toMatchObject({ pricing: null, pricingModel: null, pricingType: null, pricingCategory: null, billable: null });
	});
});

describe('shape 2026: change fields (§4.1)', () => {
	describe('smb_message_echoes', () => {
		it("an echo to a username customer: message_echo, outbound, the same session as the customer's own messages", () => {
			const echo = example('textEcho');
			expect(echo).toMatchObject({
				event: 'message_echo',
				direction: 'outbound',
				messageId: 'wamid.E1',
				from: null,
				recipientId: null,
				userId: ANA_USER_ID,
				recipientUserId: ANA_USER_ID,
				username: ANA_USERNAME,
				text: 'Your order shipped',
			});
			expect(echo.sessionId).toBe(only(bsuidTextMessage).sessionId);
		});

		it('one item per echo: media with url, a revoke, an edit with its new text', () => {
			const [image, revoke, edit] = items(examples2026.mediaRevokeEditEchoes);
			expect(image).toMatchObject({
				type: 'image',
				recipientId: US_PHONE,
				recipientParentUserId: US_PARENT_USER_ID,
				text: 'The blue one',
				media: { id: 'MEDIA_E2', url: 'https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=E2' },
			});
			expect(revoke).toMatchObject({ type: 'revoke', revokes: 'wamid.E0', text: null });
			expect(edit).toMatchObject({ type: 'edit', editOf: 'wamid.E1', text: 'Your order shipped today' });
			expect(new Set([image, revoke, edit].map((item) => item.sessionId))).toEqual(new Set([only(examples2026.phoneAndBsuidTextMessage).sessionId]));
		});
	});

	describe('history', () => {
		it('one summary item per change: counts, phase, chunk order, progress, the value in raw', () => {
			const item = example('history');
			expect(item).toMatchObject({
				event: 'history',
				messageId: null,
				sessionId: null,
				history: { phase: 0, chunkOrder: 1, progress: 55, threadCount: 2, messageCount: 6 },
			});
			expect(item.raw).toBe((examples2026.history as { entry: Array<{ changes: Array<{ value: unknown }> }> }).entry[0].changes[0].value);
		});

		it('one summary item for a chunk of 500 messages', () => {
			expect(only(historyChange(5, 100)).history).toEqual({ phase: 0, chunkOrder: 1, progress: 55, threadCount: 5, messageCount: 500 });
		});

		it('a declined sync: its error', () => {
			expect(example('historyDeclined')).toMatchObject({ errorCode: 2593109, history: { threadCount: 0, messageCount: 0 } });
		});

		it("Expand History: one history_message per message, keyed on its thread's customer, with its status and direction", () => {
			const lines = items(examples2026.history, { expandHistory: true });
			expect(lines.map((line) => [line.event, line.messageId, line.direction, line.status, line.sessionId])).toEqual([
				['history_message', 'wamid.H0.0', 'inbound', 'read', `${PNID}:US.3000000000000001000`],
				['history_message', 'wamid.H0.1', 'outbound', 'delivered', `${PNID}:US.3000000000000001000`],
				['history_message', 'wamid.H0.2', 'inbound', 'read', `${PNID}:US.3000000000000001000`],
				['history_message', 'wamid.H1.0', 'inbound', 'read', `${PNID}:US.3000000000000001001`],
				['history_message', 'wamid.H1.1', 'outbound', 'delivered', `${PNID}:US.3000000000000001001`],
				['history_message', 'wamid.H1.2', 'inbound', 'read', `${PNID}:US.3000000000000001001`],
			]);
			expect(lines[0]).toMatchObject({ from: '15550003000', username: 'first.thread', text: 'customer line 0', history: { messageCount: 6 } });
			expect(lines[1]).toMatchObject({ from: null, recipientId: '15550003000', text: 'business line 1' });
			expect(lines[0].history).not.toBe(lines[1].history);
		});

		it('Expand History: media that arrived later, as messages and echoes', () => {
			expect(items(examples2026.historyMedia, { expandHistory: true }).map((line) => [line.type, line.direction, line.userId])).toEqual([
				['image', 'inbound', US_USER_ID],
				['media_placeholder', 'outbound', US_USER_ID],
			]);
		});

		it('Expand History on a declined sync: still the summary with the error', () => {
			expect(example('historyDeclined', { expandHistory: true })).toMatchObject({ event: 'history', errorCode: 2593109 });
		});
	});

	it('smb_app_state_sync: one item per contact, with its action', () => {
		expect(
			items(examples2026.stateSync).map((item) => [item.event, item.syncAction, item.contactName, item.from, item.userId, item.username, item.sessionId]),
		).toEqual([
			['smb_app_state_sync', 'add', 'Sam Wilson', US_PHONE, US_USER_ID, null, `${PNID}:${US_USER_ID}`],
			['smb_app_state_sync', 'remove', null, null, ANA_USER_ID, ANA_USERNAME, `${PNID}:${ANA_USER_ID}`],
		]);
	});

	describe('standby', () => {
		it('messages and statuses at value level, flagged standby', () => {
			expect(items(examples2026.standbyValueLevel).map((item) => [item.event, item.messageId, item.standby, item.sessionId])).toEqual([
				['message', 'wamid.S1', true, `${PNID}:${US_USER_ID}`],
				['status', 'wamid.S2', true, `${PNID}:${US_USER_ID}`],
			]);
		});

		it('messages and echoes under value.standby, an echo nested in "message" read flat', () => {
			const [message, echo] = items(examples2026.standbyNested);
			expect(message).toMatchObject({ event: 'message', standby: true, type: 'image', text: 'this one', phoneNumberId: PNID, contactName: 'Sam' });
			expect(echo).toMatchObject({
				event: 'message_echo',
				standby: true,
				messageId: 'wamid.S4',
				text: 'Agent: here it is',
				recipientId: US_PHONE,
				userId: US_USER_ID,
			});
		});

		it('a standby change with nothing we know is one generic standby item', () => {
			const body = { object: 'whatsapp_business_account', entry: [{ id: WABA_ID, changes: [{ field: 'standby', value: { something: 1 } }] }] };
			expect(only(body)).toMatchObject({ event: 'standby', standby: true, raw: { something: 1 } });
		});
	});

	describe('messaging_handovers', () => {
		it('as documented: type, roles, the customer and its session', () => {
			expect(example('handoverDocumented')).toMatchObject({
				event: 'handover',
				handoverType: 'control_taken',
				previousOwnerRole: 'ai_agent',
				newOwnerRole: 'escalation',
				from: US_PHONE,
				userId: US_USER_ID,
				sessionId: `${PNID}:${US_USER_ID}`,
			});
		});

		it('as observed: no metadata (the number in recipient), no type field, the app role', () => {
			expect(example('handoverObserved')).toMatchObject({
				handoverType: 'control_passed',
				previousOwnerRole: 'meta_business_agent',
				newOwnerRole: null,
				phoneNumberId: PNID,
				displayPhoneNumber: DISPLAY_PHONE_NUMBER,
				from: US_PHONE,
				sessionId: `${PNID}:${US_PHONE}`,
			});
		});
	});

	it('user_preferences: one item per entry, stop and resume, named from contacts[]', () => {
		expect(
			items(examples2026.userPreferences).map((item) => [item.event, item.preferenceCategory, item.preference, item.userId, item.from, item.contactName]),
		).toEqual([
			['user_preferences', 'marketing_messages', 'stop', US_USER_ID, US_PHONE, 'Sam'],
			['user_preferences', 'marketing_messages', 'resume', ANA_USER_ID, null, 'Ana'],
		]);
	});

	it.each([
		['businessUsernameUpdate', 'business_username_updates'],
		['userIdUpdate', 'user_id_update'],
		['calls', 'calls'],
		['groupLifecycleUpdate', 'group_lifecycle_update'],
		['groupParticipantsUpdate', 'group_participants_update'],
		['groupSettingsUpdate', 'group_settings_update'],
		['groupStatusUpdate', 'group_status_update'],
		['flows', 'flows'],
		['accountUpdatePricingTier', 'account_update'],
		['accountAlerts', 'account_alerts'],
		['businessCapabilityUpdate', 'business_capability_update'],
		['automaticEvents', 'automatic_events'],
		['unknownField', 'hologram_update'],
	] as Array<[Example2026, string]>)('%s: one generic item named after the field, its value in raw even without includeRaw', (name, field) => {
		const item = example(name, { includeRaw: false });
		expect(item).toMatchObject({ event: field, wabaId: WABA_ID, sessionId: null, direction: null });
		expect(item.raw).toEqual((examples2026[name] as { entry: Array<{ changes: Array<{ value: unknown }> }> }).entry[0].changes[0].value);
	});

	it('a generic change takes the entry time when its value has none', () => {
		expect(example('flows').timestamp).toBe(TIMESTAMP_ISO);
	});

	it('value.errors without messages: one item carrying them', () => {
		expect(example('valueLevelError')).toMatchObject({ event: 'messages', errorCode: 130429 });
	});
});

describe('shape 2026: message types and sub-objects (§4.2)', () => {
	it("a Flow's answer: response_json parsed into flowResponse, its flow_token, no text", () => {
		expect(example('flowReply')).toMatchObject({
			type: 'interactive',
			interactiveType: 'nfm_reply',
			text: null,
			flowResponse: { flow_token: 'opaque-1', date: '2026-12-24', guests: '2' },
			flowToken: 'opaque-1',
			context: { messageId: 'wamid.FLOWSENT', from: DISPLAY_PHONE_NUMBER },
		});
	});

	it("a Flow's answer that is not JSON: flowResponse null, raw kept even when includeRaw is off", () => {
		const item = example('flowReplyUnparsable', { includeRaw: false });
		expect(item).toMatchObject({ flowResponse: null, flowToken: null });
		expect(item.raw).toMatchObject({ interactive: { nfm_reply: { response_json: '{"flow_token":' } } });
	});

	it('an address reply: address and flowResponse', () => {
		const item = example('addressReply');
		expect(item.address).toEqual({ saved_address_id: 'a1', values: { name: 'Sam', city: 'Mumbai', in_pin_code: '400001' } });
		expect(item.flowResponse).toEqual(item.address);
	});

	it('a call permission reply', () => {
		expect(example('callPermissionReply')).toMatchObject({
			interactiveType: 'call_permission_reply',
			callPermission: { response: 'accept', isPermanent: false, expiresAt: '2026-09-28T14:13:20.000Z', responseSource: 'user_action' },
		});
	});

	it('an incoming product: its interactive type, the sub-object in raw', () => {
		const item = example('productInteractive');
		expect(item).toMatchObject({ interactiveType: 'product', text: null });
		expect(item.raw).toMatchObject({ interactive: { product: { product_retailer_id: 'SKU-1' } } });
	});

	it('an order without text: text null (never absent or "")', () => {
		expect(example('orderWithoutText')).toMatchObject({
			text: null,
			order: { catalogId: 'CATALOG_ID', text: null, productItems: [{ productRetailerId: 'SKU-1', quantity: 1, itemPrice: 12.5, currency: 'EUR' }] },
		});
	});

	it('a product question: the text and the referred product', () => {
		expect(example('productQuestion')).toMatchObject({ text: 'Is this in stock?', referredProduct: { catalogId: 'CATALOG_ID', productRetailerId: 'SKU-1' } });
	});

	it('an edit: what it replaces, its new text and the quote of the new content', () => {
		expect(example('edit')).toMatchObject({ type: 'edit', editOf: 'wamid.X5', text: 'Where is my parcel?', context: { messageId: 'wamid.Q' } });
	});

	it('an edit delivered as unsupported, and an unsupported poll: unsupportedType and errorCode', () => {
		expect(example('editAsUnsupported')).toMatchObject({ type: 'unsupported', unsupportedType: 'edit', errorCode: 131051, editOf: null });
		expect(example('unsupportedPoll')).toMatchObject({ unsupportedType: 'poll_creation', errorCode: 131060 });
	});

	it('a revoke: the message taken back', () => {
		expect(example('revoke')).toMatchObject({ type: 'revoke', revokes: 'wamid.X5', text: null });
	});

	it('a group message: groupId, the session of the group, the member as sender', () => {
		expect(example('groupMessage')).toMatchObject({ groupId: GROUP_ID, sessionId: `${PNID}:${GROUP_ID}`, userId: US_USER_ID, from: US_PHONE });
	});

	it('media: url and voice', () => {
		expect(example('imageWithUrl').media).toEqual({
			id: 'MEDIA_F13',
			mimeType: 'image/jpeg',
			sha256: 'abc',
			caption: 'Receipt',
			filename: null,
			url: 'https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=F13',
			voice: null,
		});
		expect(example('voiceNote')).toMatchObject({ text: null, media: { voice: true, caption: null } });
	});

	it('unknown types, request_welcome and "unknown" pass through with the common fields', () => {
		for (const [name, type] of [
			['unknownMessageType', 'hologram'],
			['requestWelcome', 'request_welcome'],
			['unknownTypeNamedUnknown', 'unknown'],
		] as Array<[Example2026, string]>) {
			expect(example(name)).toMatchObject({ event: 'message', type, text: null, userId: US_USER_ID, sessionId: `${PNID}:${US_USER_ID}` });
		}
	});

	it('v1 readers still fill the v1 keys: a button reply keeps title and id', () => {
		const item = only(messagesChange([fromUs('wamid.b', 'interactive', { interactive: { type: 'button_reply', button_reply: { id: 'yes', title: 'Yes' } } })]));
		expect(item).toMatchObject({ text: 'Yes', replyId: 'yes', interactiveType: 'button_reply' });
	});

	it('an edit of an edit is not followed (no recursion on nested payloads)', () => {
		let nested: Record<string, unknown> = { type: 'text', text: { body: 'deep' } };
		for (let level = 0; level < 10_000; level++) nested = { type: 'edit', edit: { original_message_id: `wamid.${level}`, message: nested } };
		const item = only(messagesChange([{ ...fromUs('wamid.deep', 'edit', {}), edit: (nested as { edit: unknown }).edit }]));
		expect(item).toMatchObject({ type: 'edit', editOf: 'wamid.9999', text: null });
	});

	it('includeRaw off: raw null on messages, statuses and echoes', () => {
		expect(example('phoneAndBsuidTextMessage', { includeRaw: false }).raw).toBeNull();
		expect(example('phoneSentStatus', { includeRaw: false }).raw).toBeNull();
		expect(example('textEcho', { includeRaw: false }).raw).toBeNull();
	});
});

describe('shape 2026: payloads shaped unlike the docs never throw', () => {
	const odd = [
		{ messages: 'x', statuses: 5, contacts: 'y', message_echoes: {}, metadata: 'x', recipient: [], sender: 'x', type: 5, standby: [] },
		{ history: [null, 1, { threads: 'x', metadata: 3, errors: 'x' }, { threads: [null, { context: 'x', messages: [null, 1, {}] }] }] },
		{ state_sync: [null, 1, { contact: 'x', metadata: 'y' }], user_preferences: [1, null, {}], control_taken: 'x' },
		{
			contacts: [null, { profile: 'x', user_id: 7 }],
			messages: [
				{ type: 'interactive', interactive: 'x' },
				{ type: 'interactive', interactive: { type: 'nfm_reply', nfm_reply: { response_json: 42 } } },
				{ type: 'interactive', interactive: { type: 'call_permission_reply', call_permission_reply: null } },
				{ type: 'system', system: 5 },
				{ type: 'edit', edit: { message: 'x' } },
				{ type: 'image', image: null, context: { referred_product: 'x' } },
				{ type: 'order', order: { product_items: 'x' } },
				{ type: 'contacts', contacts: 'x' },
				{ message: { type: 'text', text: { body: 'nested' } } },
				{},
			],
			statuses: [{ recipient_type: 'group' }, { pricing: 'x', conversation: 3 }],
		},
	];
	const fields = ['messages', 'smb_message_echoes', 'history', 'smb_app_state_sync', 'standby', 'messaging_handovers', 'user_preferences', 'calls'];

	it.each(fields)('%s', (field) => {
		for (const value of odd) {
			for (const standbyNesting of [false, true]) {
				const body = { object: 'whatsapp_business_account', entry: [{ changes: [{ field, value: standbyNesting ? { standby: value } : value }] }] };
				for (const options of [{}, { expandHistory: true }, { includeRaw: false }]) {
					const result = items(body, options);
					expect(result.length).toBeGreaterThan(0);
					for (const item of result) {
						expect(Object.keys(item)).toEqual(ITEM_KEYS_2026);
						expect(emptyStringPaths(item, '')).toEqual([]);
					}
				}
			}
		}
	});
});

describe('change fields named like Object properties', () => {
	it('are unknown fields, passed through as generic items', () => {
		for (const field of ['constructor', '__proto__', 'hasOwnProperty', 'toString']) {
			const body = { object: 'whatsapp_business_account', entry: [{ id: 'WABA_ID', changes: [{ field, value: { x: 1 } }] }] };
			const checked = validateWebhookEnvelope(body);
			if (!checked.ok) continue;
			const items = normalizeWebhook(checked.envelope, { itemShape: '2026' });
			expect(items).toHaveLength(1);
			expect(items[0]).toMatchObject({ event: field, raw: { x: 1 } });
		}
	});
});
