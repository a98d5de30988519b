/**
 * Webhook bodies as Meta documents them (developers.facebook.com → WhatsApp → Webhooks →
 * reference → messages/*, statuses, message_template_status_update), with the example values
 * from those pages filled in for the placeholders. Shared by the unit tests, the real-n8n tests
 * and the benchmarks, so that all of them speak the same payloads.
 */

export const WABA_ID = '102290129340398';
export const PHONE_NUMBER_ID = '106540352242922';
export const DISPLAY_PHONE_NUMBER = '15550783881';
export const CUSTOMER_WA_ID = '16505551234';
export const CUSTOMER_NAME = 'Sheena Nelson';
export const TIMESTAMP = '1739321024';
export const TIMESTAMP_ISO = '2025-02-12T00:43:44.000Z';

type Json = Record<string, unknown>;

/** Wraps `messages`/`statuses` (or any value) the way Meta does: object → entry → changes. */
export function envelope(changes: Array<{ field?: string; value: Json }>, wabaId = WABA_ID): Json {
	return {
		object: 'whatsapp_business_account',
		entry: [{ id: wabaId, changes: changes.map((c) => ({ value: c.value, field: c.field ?? 'messages' })) }],
	};
}

export function messagesValue(messages: Json[], contacts = [customerContact()]): Json {
	return {
		messaging_product: 'whatsapp',
		metadata: { display_phone_number: DISPLAY_PHONE_NUMBER, phone_number_id: PHONE_NUMBER_ID },
		contacts,
		messages,
	};
}

export function statusesValue(statuses: Json[]): Json {
	return {
		messaging_product: 'whatsapp',
		metadata: { display_phone_number: DISPLAY_PHONE_NUMBER, phone_number_id: PHONE_NUMBER_ID },
		statuses,
	};
}

export function customerContact(waId = CUSTOMER_WA_ID, name = CUSTOMER_NAME): Json {
	return { profile: { name }, wa_id: waId };
}

/** A message as Meta sends it: `{from, id, timestamp, type, <type>: {...}}`. */
export function inboundMessage(type: string, content: Json, id = 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUFERjg0NDEzNDdFODU3MUMxMAA='): Json {
	return { from: CUSTOMER_WA_ID, id, timestamp: TIMESTAMP, type, ...content };
}

export const messageExamples = {
	text: inboundMessage('text', { text: { body: 'Does it come in another color?' } }, 'wamid.text1'),
	image: inboundMessage(
		'image',
		{
			image: {
				caption: 'This is a caption',
				mime_type: 'image/jpeg',
				sha256: '81d3bd8a8db4868c9520ed47186e8b7c5789e61ff79f7f834be6950b808a90d3',
				id: '2754859441498128',
			},
		},
		'wamid.image1',
	),
	document: inboundMessage(
		'document',
		{
			document: {
				caption: 'Lucky Shrub Invoice',
				filename: 'lucky-shrub-invoice.pdf',
				mime_type: 'application/pdf',
				sha256: 'Q/VKM2Vh0mNP1eNh/rVuaGkXRIkIvB1PXeZFpM6JD5M=',
				id: '1003383421387256',
			},
		},
		'wamid.document1',
	),
	audio: inboundMessage(
		'audio',
		{
			audio: {
				mime_type: 'audio/ogg; codecs=opus',
				sha256: 'kZzp/XGCLOZu/xGmzBuDjm2ahtMX3mnpISLuHZyU+Bs=',
				id: '1003383421387256',
				voice: true,
			},
		},
		'wamid.audio1',
	),
	video: inboundMessage(
		'video',
		{
			video: {
				caption: 'Nice set!',
				mime_type: 'video/mp4',
				sha256: 'Zh5FYJ9U8nGwTK3vbaIflgVBUOmbNGRsZl0JGyhF5Yk=',
				id: '1003383421387257',
			},
		},
		'wamid.video1',
	),
	sticker: inboundMessage(
		'sticker',
		{
			sticker: {
				mime_type: 'image/webp',
				sha256: 'FhRnD7t8y2C2TLOnZBDLLwm6+2gp0uVgpA0ZoK6hWpU=',
				id: '1003383421387258',
				animated: false,
			},
		},
		'wamid.sticker1',
	),
	location: inboundMessage(
		'location',
		{
			location: {
				address: '101 Forest Hill Road, Menlo Park, CA 94025',
				latitude: 37.44211676562361,
				longitude: -122.16155960083124,
				name: 'Philz Coffee',
				url: 'https://philzcoffee.com/',
			},
		},
		'wamid.location1',
	),
	contacts: inboundMessage(
		'contacts',
		{
			contacts: [
				{
					name: { formatted_name: 'Barbara J. Johnson', first_name: 'Barbara', last_name: 'Johnson' },
					phones: [{ phone: '+1 (415) 555-0123', wa_id: '14155550123', type: 'MOBILE' }],
					emails: [{ email: 'bjohnson@luckyshrub.com', type: 'WORK' }],
				},
			],
		},
		'wamid.contacts1',
	),
	buttonReply: inboundMessage(
		'interactive',
		{
			context: { from: DISPLAY_PHONE_NUMBER, id: 'wamid.HBgLMTQxMjU1NTA4MjkVAgASGBQzQUNCNjk5RDUwNUZGMUZEM0VBRAA=' },
			interactive: { type: 'button_reply', button_reply: { id: 'cancel-button', title: 'Cancel' } },
		},
		'wamid.buttonreply1',
	),
	listReply: inboundMessage(
		'interactive',
		{
			context: { from: DISPLAY_PHONE_NUMBER, id: 'wamid.HBgLMTQxMjU1NTA4MjkVAgASGBQzQUNCNjk5RDUwNUZGMUZEM0VBRAA=' },
			interactive: {
				type: 'list_reply',
				list_reply: { id: 'priority_express', title: 'Priority Mail Express', description: 'Next Day to 2 Days' },
			},
		},
		'wamid.listreply1',
	),
	templateQuickReply: inboundMessage(
		'button',
		{
			context: { from: DISPLAY_PHONE_NUMBER, id: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI3NjQyMUEzNjE0QjY4QzE1QjQA' },
			button: { payload: 'Unsubscribe from Promos', text: 'Unsubscribe from Promos' },
		},
		'wamid.button1',
	),
	reaction: inboundMessage(
		'reaction',
		{ reaction: { message_id: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI4NTMzOTQ4RjYyMkVBQzAzNkEA', emoji: '\u{1F44D}' } },
		'wamid.reaction1',
	),
	reactionRemoved: inboundMessage(
		'reaction',
		{ reaction: { message_id: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI4NTMzOTQ4RjYyMkVBQzAzNkEA' } },
		'wamid.reaction2',
	),
	order: inboundMessage(
		'order',
		{
			order: {
				catalog_id: '194836987003835',
				text: 'Love these!',
				product_items: [{ product_retailer_id: 'di9ozbzfi4', quantity: 2, item_price: 7.99, currency: 'USD' }],
			},
		},
		'wamid.order1',
	),
	system: inboundMessage(
		'system',
		{
			system: {
				body: 'User A changed from 16505551234 to 16505559999',
				wa_id: '16505559999',
				type: 'user_changed_number',
			},
		},
		'wamid.system1',
	),
	unsupported: inboundMessage(
		'unsupported',
		{
			errors: [
				{
					code: 131051,
					title: 'Message type unknown',
					message: 'Message type unknown',
					error_data: { details: 'Message type is currently not supported.' },
				},
			],
			unsupported: { type: 'poll_update' },
		},
		'wamid.unsupported1',
	),
} satisfies Record<string, Json>;

const CONVERSATION = {
	id: 'a75d17ad06104c51166f948319b03c6a',
	expiration_timestamp: '1739407424',
	origin: { type: 'service' },
};
const PRICING = { billable: true, pricing_model: 'CBP', category: 'service' };
const SENT_MESSAGE_ID = 'wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI3MTE5MjVBOTE3MDk5QUVFM0YA';

export const statusExamples = {
	sent: { id: SENT_MESSAGE_ID, status: 'sent', timestamp: TIMESTAMP, recipient_id: CUSTOMER_WA_ID, conversation: CONVERSATION, pricing: PRICING },
	delivered: { id: SENT_MESSAGE_ID, status: 'delivered', timestamp: TIMESTAMP, recipient_id: CUSTOMER_WA_ID, conversation: { id: CONVERSATION.id, origin: CONVERSATION.origin }, pricing: PRICING },
	read: { id: SENT_MESSAGE_ID, status: 'read', timestamp: TIMESTAMP, recipient_id: CUSTOMER_WA_ID },
	failed: {
		id: SENT_MESSAGE_ID,
		status: 'failed',
		timestamp: TIMESTAMP,
		recipient_id: CUSTOMER_WA_ID,
		errors: [
			{
				code: 131047,
				title: 'Re-engagement message',
				message: 'Re-engagement message',
				error_data: {
					details: 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
				},
				href: 'https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/',
			},
		],
	},
} satisfies Record<string, Json>;

export const templateStatusUpdate = {
	object: 'whatsapp_business_account',
	entry: [
		{
			id: WABA_ID,
			time: 1739321024,
			changes: [
				{
					value: {
						event: 'APPROVED',
						message_template_id: 1689556908129832,
						message_template_name: 'order_confirmation',
						message_template_language: 'en_US',
						reason: 'NONE',
					},
					field: 'message_template_status_update',
				},
			],
		},
	],
};

/** Every documented message example wrapped in its own webhook body. */
export const messageWebhooks = Object.fromEntries(
	Object.entries(messageExamples).map(([name, message]) => [name, envelope([{ value: messagesValue([message]) }])]),
) as Record<keyof typeof messageExamples, Json>;

export const statusWebhooks = Object.fromEntries(
	Object.entries(statusExamples).map(([name, status]) => [name, envelope([{ value: statusesValue([status]) }])]),
) as Record<keyof typeof statusExamples, Json>;
