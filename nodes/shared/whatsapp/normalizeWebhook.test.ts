import { MAX_RAW_DEPTH, normalizeWebhook, unixSecondsToIso, validateWebhookEnvelope } from './normalizeWebhook';
import type { NormalizedWebhookItem } from './normalizeWebhook';
import {
	CUSTOMER_NAME,
	CUSTOMER_WA_ID,
	DISPLAY_PHONE_NUMBER,
	PHONE_NUMBER_ID,
	TIMESTAMP_ISO,
	WABA_ID,
	customerContact,
	envelope,
	messageExamples,
	messageWebhooks,
	messagesValue,
	statusExamples,
	statusWebhooks,
	statusesValue,
	templateStatusUpdate,
} from '../../../test/fixtures/metaWebhookExamples';
import { v1GoldenBodies } from '../../../test/fixtures/v1GoldenBodies';
import v1Golden from '../../../test/fixtures/v1Items.golden.json';

const ITEM_KEYS = [
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
	'raw',
].sort();

function normalizeBody(body: unknown, includeRaw = true): NormalizedWebhookItem[] {
	const check = validateWebhookEnvelope(body);
	if (!check.ok) throw new Error(check.reason);
	return normalizeWebhook(check.envelope, { includeRaw });
}

function onlyItem(body: unknown): NormalizedWebhookItem {
	const items = normalizeBody(body);
	expect(items).toHaveLength(1);
	return items[0];
}

describe('validateWebhookEnvelope', () => {
	it('accepts a documented messages webhook', () => {
		expect(validateWebhookEnvelope(messageWebhooks.text)).toMatchObject({ ok: true });
	});

	it('accepts an empty entry list (nothing to emit, nothing wrong)', () => {
		expect(validateWebhookEnvelope({ object: 'whatsapp_business_account', entry: [] })).toMatchObject({ ok: true });
	});

	it('rejects a body that is not an object, saying what it is', () => {
		expect(validateWebhookEnvelope([1, 2])).toEqual({ ok: false, reason: 'the body is an array, expected a JSON object' });
		expect(validateWebhookEnvelope('hello')).toEqual({ ok: false, reason: 'the body is string, expected a JSON object' });
	});

	it('rejects another Graph object type and names it', () => {
		const check = validateWebhookEnvelope({ object: 'page', entry: [] });
		expect(check).toEqual({
			ok: false,
			reason: '"object" is "page", expected "whatsapp_business_account": this is not a WhatsApp Cloud API webhook',
		});
	});

	it('rejects a body without "object"', () => {
		const check = validateWebhookEnvelope({ entry: [] });
		expect(check.ok).toBe(false);
		expect(!check.ok && check.reason).toMatch(/^"object" is missing/);
	});

	it('rejects a missing entry list', () => {
		expect(validateWebhookEnvelope({ object: 'whatsapp_business_account' })).toEqual({
			ok: false,
			reason: '"entry" is undefined, expected an array',
		});
	});

	it('points at the entry whose changes are missing', () => {
		const body = { object: 'whatsapp_business_account', entry: [{ id: '1', changes: [] }, { id: '2' }] };
		expect(validateWebhookEnvelope(body)).toEqual({ ok: false, reason: 'entry[1].changes is undefined, expected an array' });
	});

	it('points at a change without a field', () => {
		const body = { object: 'whatsapp_business_account', entry: [{ id: '1', changes: [{ value: {} }] }] };
		expect(validateWebhookEnvelope(body)).toEqual({ ok: false, reason: 'entry[0].changes[0].field is missing' });
	});

	it('points at a change whose value is not an object', () => {
		const body = { object: 'whatsapp_business_account', entry: [{ id: '1', changes: [{ field: 'messages', value: 'x' }] }] };
		expect(validateWebhookEnvelope(body)).toEqual({
			ok: false,
			reason: 'entry[0].changes[0].value is string, expected an object',
		});
	});
});

describe('normalizeWebhook: fields every item has', () => {
	it('gives every message, status and other change exactly the documented keys', () => {
		const bodies = [...Object.values(messageWebhooks), ...Object.values(statusWebhooks), templateStatusUpdate];
		for (const body of bodies) {
			for (const item of normalizeBody(body)) expect(Object.keys(item).sort()).toEqual(ITEM_KEYS);
		}
	});

	it('fills the envelope fields of a text message', () => {
		expect(onlyItem(messageWebhooks.text)).toEqual({
			event: 'message',
			messageId: 'wamid.text1',
			from: CUSTOMER_WA_ID,
			contactName: CUSTOMER_NAME,
			phoneNumberId: PHONE_NUMBER_ID,
			displayPhoneNumber: DISPLAY_PHONE_NUMBER,
			wabaId: WABA_ID,
			timestamp: TIMESTAMP_ISO,
			type: 'text',
			text: 'Does it come in another color?',
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
			sessionId: `${PHONE_NUMBER_ID}:${CUSTOMER_WA_ID}`,
			raw: messageExamples.text,
		});
	});

	it('leaves raw null when includeRaw is off', () => {
		expect(normalizeBody(messageWebhooks.text, false)[0].raw).toBeNull();
	});

	it('keeps the value of other changes in raw even when includeRaw is off (it is their only content)', () => {
		expect(normalizeBody(templateStatusUpdate, false)[0].raw).toEqual(templateStatusUpdate.entry[0].changes[0].value);
	});

	it('converts Unix-seconds timestamps to ISO-8601 UTC and rejects non-times', () => {
		expect(unixSecondsToIso('1739321024')).toBe(TIMESTAMP_ISO);
		expect(unixSecondsToIso(1739321024)).toBe(TIMESTAMP_ISO);
		expect(unixSecondsToIso('yesterday')).toBeNull();
		expect(unixSecondsToIso(undefined)).toBeNull();
	});

	it('takes the contact name of the sender when a change lists several contacts', () => {
		const other = { ...messageExamples.text, from: '4915112345678', id: 'wamid.other' };
		const body = envelope([{ value: messagesValue([messageExamples.text, other], [customerContact(), customerContact('4915112345678', 'Jonas')]) }]);
		expect(normalizeBody(body).map((i) => i.contactName)).toEqual([CUSTOMER_NAME, 'Jonas']);
	});

	it('leaves contactName null when the change lists no contacts', () => {
		const body = envelope([{ value: messagesValue([messageExamples.text], []) }]);
		expect(onlyItem(body).contactName).toBeNull();
	});
});

describe('normalizeWebhook: message types', () => {
	it('image: media fields, caption as text', () => {
		const item = onlyItem(messageWebhooks.image);
		expect(item.type).toBe('image');
		expect(item.text).toBe('This is a caption');
		expect(item.media).toEqual({
			id: '2754859441498128',
			mimeType: 'image/jpeg',
			sha256: '81d3bd8a8db4868c9520ed47186e8b7c5789e61ff79f7f834be6950b808a90d3',
			caption: 'This is a caption',
			filename: null,
		});
	});

	it('document: keeps the filename', () => {
		const item = onlyItem(messageWebhooks.document);
		expect(item.media).toMatchObject({ filename: 'lucky-shrub-invoice.pdf', mimeType: 'application/pdf', caption: 'Lucky Shrub Invoice' });
		expect(item.text).toBe('Lucky Shrub Invoice');
	});

	it('audio: media without caption, so no text', () => {
		const item = onlyItem(messageWebhooks.audio);
		expect(item.media).toMatchObject({ id: '1003383421387256', mimeType: 'audio/ogg; codecs=opus', caption: null });
		expect(item.text).toBeNull();
	});

	it('video: media with caption', () => {
		const item = onlyItem(messageWebhooks.video);
		expect(item.media).toMatchObject({ id: '1003383421387257', mimeType: 'video/mp4' });
		expect(item.text).toBe('Nice set!');
	});

	it('sticker: media of type sticker', () => {
		const item = onlyItem(messageWebhooks.sticker);
		expect(item.type).toBe('sticker');
		expect(item.media).toMatchObject({ id: '1003383421387258', mimeType: 'image/webp' });
	});

	it('location: coordinates, name, address and url', () => {
		expect(onlyItem(messageWebhooks.location).location).toEqual({
			latitude: 37.44211676562361,
			longitude: -122.16155960083124,
			name: 'Philz Coffee',
			address: '101 Forest Hill Road, Menlo Park, CA 94025',
			url: 'https://philzcoffee.com/',
		});
	});

	it('contacts: the shared contact cards as Meta sends them', () => {
		const item = onlyItem(messageWebhooks.contacts);
		expect(item.contacts).toEqual(messageExamples.contacts.contacts);
		expect(item.contactName).toBe(CUSTOMER_NAME);
	});

	it('interactive button_reply: title as text, button id as replyId, quoted message as context', () => {
		const item = onlyItem(messageWebhooks.buttonReply);
		expect(item).toMatchObject({ type: 'interactive', text: 'Cancel', replyId: 'cancel-button' });
		expect(item.context).toEqual({
			messageId: 'wamid.HBgLMTQxMjU1NTA4MjkVAgASGBQzQUNCNjk5RDUwNUZGMUZEM0VBRAA=',
			from: DISPLAY_PHONE_NUMBER,
		});
	});

	it('interactive list_reply: row title as text, row id as replyId', () => {
		expect(onlyItem(messageWebhooks.listReply)).toMatchObject({
			type: 'interactive',
			text: 'Priority Mail Express',
			replyId: 'priority_express',
		});
	});

	it('button (template quick reply): a type of its own, text and payload', () => {
		expect(onlyItem(messageWebhooks.templateQuickReply)).toMatchObject({
			type: 'button',
			text: 'Unsubscribe from Promos',
			replyId: 'Unsubscribe from Promos',
		});
	});

	it('reaction: the reacted-to message id and the emoji', () => {
		const item = onlyItem(messageWebhooks.reaction);
		expect(item.reaction).toEqual({ messageId: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI4NTMzOTQ4RjYyMkVBQzAzNkEA', emoji: '\u{1F44D}' });
		expect(item.text).toBeNull();
	});

	it('reaction removed: emoji null', () => {
		expect(onlyItem(messageWebhooks.reactionRemoved).reaction).toEqual({
			messageId: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI4NTMzOTQ4RjYyMkVBQzAzNkEA',
			emoji: null,
		});
	});

	it('order: catalog, text and product items', () => {
		const item = onlyItem(messageWebhooks.order);
		expect(item.order).toEqual({
			catalogId: '194836987003835',
			text: 'Love these!',
			productItems: [{ productRetailerId: 'di9ozbzfi4', quantity: 2, itemPrice: 7.99, currency: 'USD' }],
		});
		expect(item.text).toBe('Love these!');
	});

	it('system: the system notice as text', () => {
		expect(onlyItem(messageWebhooks.system)).toMatchObject({
			type: 'system',
			text: 'User A changed from 16505551234 to 16505559999',
		});
	});

	it('unsupported: errors with errorCode and details', () => {
		const item = onlyItem(messageWebhooks.unsupported);
		expect(item.type).toBe('unsupported');
		expect(item.errorCode).toBe(131051);
		expect(item.errors).toEqual([
			{ code: 131051, title: 'Message type unknown', message: 'Message type unknown', details: 'Message type is currently not supported.' },
		]);
	});

	it('an unknown future type keeps its type name and the common fields', () => {
		const body = envelope([{ value: messagesValue([{ from: CUSTOMER_WA_ID, id: 'wamid.new', timestamp: '1', type: 'hologram', hologram: {} }]) }]);
		expect(onlyItem(body)).toMatchObject({ event: 'message', type: 'hologram', messageId: 'wamid.new', text: null });
	});
});

describe('normalizeWebhook: statuses', () => {
	it('sent: status, recipient, conversation and pricing', () => {
		expect(onlyItem(statusWebhooks.sent)).toMatchObject({
			event: 'status',
			messageId: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI3MTE5MjVBOTE3MDk5QUVFM0YA',
			from: null,
			status: 'sent',
			recipientId: CUSTOMER_WA_ID,
			timestamp: TIMESTAMP_ISO,
			conversation: { id: 'a75d17ad06104c51166f948319b03c6a', originType: 'service', expiresAt: '2025-02-13T00:43:44.000Z' },
			pricing: { billable: true, pricingModel: 'CBP', category: 'service', type: null },
			sessionId: `${PHONE_NUMBER_ID}:${CUSTOMER_WA_ID}`,
			errors: null,
			errorCode: null,
		});
	});

	it('delivered: a conversation without expiry', () => {
		expect(onlyItem(statusWebhooks.delivered)).toMatchObject({
			status: 'delivered',
			conversation: { id: 'a75d17ad06104c51166f948319b03c6a', originType: 'service', expiresAt: null },
		});
	});

	it('read: no conversation or pricing', () => {
		expect(onlyItem(statusWebhooks.read)).toMatchObject({ status: 'read', conversation: null, pricing: null });
	});

	it('failed with 131047: errors and errorCode', () => {
		const item = onlyItem(statusWebhooks.failed);
		expect(item.status).toBe('failed');
		expect(item.errorCode).toBe(131047);
		expect(item.errors?.[0]).toEqual({
			code: 131047,
			title: 'Re-engagement message',
			message: 'Re-engagement message',
			details: 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
		});
	});
});

describe('normalizeWebhook: batches and other changes', () => {
	it('emits one item per message and status across entries and changes, in order', () => {
		const body = {
			object: 'whatsapp_business_account',
			entry: [
				{
					id: WABA_ID,
					changes: [
						{ field: 'messages', value: messagesValue([messageExamples.text, messageExamples.image]) },
						{ field: 'messages', value: statusesValue([statusExamples.sent, statusExamples.read]) },
					],
				},
				{ id: '999', changes: [{ field: 'messages', value: messagesValue([messageExamples.reaction]) }] },
			],
		};
		const items = normalizeBody(body);
		expect(items.map((i) => [i.event, i.messageId, i.wabaId])).toEqual([
			['message', 'wamid.text1', WABA_ID],
			['message', 'wamid.image1', WABA_ID],
			['status', statusExamples.sent.id, WABA_ID],
			['status', statusExamples.read.id, WABA_ID],
			['message', 'wamid.reaction1', '999'],
		]);
	});

	it('template status update: event named after the field, value kept in raw', () => {
		const item = onlyItem(templateStatusUpdate);
		expect(item).toMatchObject({
			event: 'message_template_status_update',
			wabaId: WABA_ID,
			timestamp: TIMESTAMP_ISO,
			messageId: null,
			from: null,
			sessionId: null,
			raw: { event: 'APPROVED', message_template_name: 'order_confirmation' },
		});
	});

	it('a messages change with only errors becomes one item carrying them', () => {
		const value = {
			messaging_product: 'whatsapp',
			metadata: { display_phone_number: DISPLAY_PHONE_NUMBER, phone_number_id: PHONE_NUMBER_ID },
			errors: [{ code: 131000, title: 'Something went wrong' }],
		};
		expect(onlyItem(envelope([{ value }]))).toMatchObject({
			event: 'messages',
			phoneNumberId: PHONE_NUMBER_ID,
			errorCode: 131000,
			errors: [{ code: 131000, title: 'Something went wrong', message: 'Something went wrong', details: null }],
		});
	});

	it('skips entries of messages that are not objects instead of failing', () => {
		const body = envelope([{ value: messagesValue([null as unknown as Record<string, unknown>, messageExamples.text]) }]);
		expect(normalizeBody(body).map((i) => i.messageId)).toEqual(['wamid.text1']);
	});
});

describe('normalizeWebhook: raw', () => {
	it('keeps raw as it came (the same object) when it is not deeply nested', () => {
		const message = { ...messageExamples.text };
		const [item] = normalizeBody(envelope([{ value: messagesValue([message]) }]));
		expect(item.raw).toBe(message);
	});

	it('cuts raw at 32 levels, so 10 000 levels of nesting cannot break the next node, and keeps the normalized fields', () => {
		let deep: Record<string, unknown> = { end: true };
		for (let level = 0; level < 10_000; level++) deep = { next: deep };
		const message = { ...messageExamples.text, id: 'wamid.deep', extra: deep };
		const [item] = normalizeBody(envelope([{ value: messagesValue([message]) }]));
		expect(item.messageId).toBe('wamid.deep');
		expect(item.text).toBe('Does it come in another color?');
		let depth = 0;
		let node: unknown = item.raw;
		while (typeof node === 'object' && node !== null) {
			node = (node as Record<string, unknown>).extra ?? (node as Record<string, unknown>).next;
			depth++;
		}
		expect(depth).toBe(MAX_RAW_DEPTH);
		expect(node).toMatch(/nested deeper than 32 levels/);
		expect(() => JSON.stringify(item)).not.toThrow();
	});
});

describe('normalizeWebhook: item shape v1 (WhatsApp Trigger 1 and 1.1) stays as it was', () => {
	// The golden file holds, for every body, the items of the normalizer before shape '2026' existed.
	const golden = v1Golden as Record<string, { withRaw: string; withoutRaw: string }>;

	it('pins every documented body, the batch, the errors-only delivery and every 2026 example', () => {
		expect(Object.keys(golden).sort()).toEqual(Object.keys(v1GoldenBodies).sort());
	});

	it.each(Object.keys(v1GoldenBodies))('%s: byte-identical items, with and without raw', (name) => {
		for (const [includeRaw, expected] of [
			[true, golden[name].withRaw],
			[false, golden[name].withoutRaw],
		] as const) {
			const check = validateWebhookEnvelope(v1GoldenBodies[name]);
			if (!check.ok) throw new Error(check.reason);
			const byDefault = JSON.stringify(normalizeWebhook(check.envelope, { includeRaw }));
			const asV1 = JSON.stringify(normalizeWebhook(check.envelope, { includeRaw, itemShape: 'v1', expandHistory: true }));
			expect(JSON.parse(byDefault)).toEqual(JSON.parse(expected));
			expect(byDefault).toBe(expected);
			expect(asV1).toBe(expected);
		}
	});
});
