import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { beforeCloudApi2026, fromCloudApi2026 } from '../webhook/nodeVersion';

/** The change fields of a WhatsApp Business Account webhook that the node can start on, besides messages. */
export const OTHER_CHANGE_FIELDS = [
	{ name: 'Account Review Update', value: 'account_review_update' },
	{ name: 'Account Update', value: 'account_update' },
	{ name: 'Business Capability Update', value: 'business_capability_update' },
	{ name: 'Message Template Quality Update', value: 'message_template_quality_update' },
	{ name: 'Message Template Status Update', value: 'message_template_status_update' },
	{ name: 'Phone Number Name Update', value: 'phone_number_name_update' },
	{ name: 'Phone Number Quality Update', value: 'phone_number_quality_update' },
	{ name: 'Security', value: 'security' },
	{ name: 'Template Category Update', value: 'template_category_update' },
];

/** Version 1.2: the change fields of Meta's 2026 Cloud API that become generic items (their value in "raw"). */
export const OTHER_CHANGE_FIELDS_2026 = [
	...OTHER_CHANGE_FIELDS,
	{ name: 'Account Alerts', value: 'account_alerts' },
	{ name: 'Automatic Events (Click-to-WhatsApp)', value: 'automatic_events' },
	{ name: 'Business Username Updates', value: 'business_username_updates' },
	{ name: 'Calls', value: 'calls' },
	{ name: 'Flows', value: 'flows' },
	{ name: 'Group Lifecycle Update', value: 'group_lifecycle_update' },
	{ name: 'Group Participants Update', value: 'group_participants_update' },
	{ name: 'Group Settings Update', value: 'group_settings_update' },
	{ name: 'Group Status Update', value: 'group_status_update' },
].sort((a, b) => a.name.localeCompare(b.name));

/** Version 1.2: an option that takes whatever the other options do not name (a type, status or field Meta adds later). */
export const ANY_OTHER = 'anyOther';

/** Version 1.2: the events of "Trigger On", each with the webhook field the Meta app must be subscribed to. */
export const EVENTS_2026: Array<INodePropertyOptions & { field: string | null }> = [
	{ name: 'Customer Messages', value: 'message', field: 'messages', description: 'A customer sent a message, tapped a button or reacted' },
	{
		name: 'Message Statuses',
		value: 'status',
		field: 'messages',
		description: 'Sent, delivered, read, played or failed updates of the messages you sent, with pricing',
	},
	{ name: 'Delivery Errors', value: 'messages', field: 'messages', description: 'A messages webhook that carries only errors' },
	{
		name: 'Business App Echoes',
		value: 'message_echo',
		field: 'smb_message_echoes',
		description: 'Messages your business sent from the WhatsApp Business app or a linked device (coexistence)',
	},
	{
		name: 'Chat History Sync',
		value: 'history',
		field: 'history',
		description: 'Past chats of the WhatsApp Business app, in chunks: one item per chunk, or per message with "Expand History"',
	},
	{
		name: 'Business App Contacts Sync',
		value: 'smb_app_state_sync',
		field: 'smb_app_state_sync',
		description: 'Contacts added to or removed from the WhatsApp Business app: one item per contact',
	},
	{
		name: 'Standby (Meta Business Agent Threads)',
		value: 'standby',
		field: 'standby',
		description:
			'Messages, echoes and statuses of threads Meta Business Agent handles, flagged "standby": listen only: any message you send takes the thread over',
	},
	{
		name: 'Thread Handovers',
		value: 'handover',
		field: 'messaging_handovers',
		description: 'Control of a thread passed to or taken by your app',
	},
	{
		name: 'Marketing Opt-Outs and Opt-Ins',
		value: 'user_preferences',
		field: 'user_preferences',
		description: 'A customer stopped or resumed marketing messages: one item per customer',
	},
	...OTHER_CHANGE_FIELDS_2026.map((field) => ({ ...field, field: field.value })),
	{
		name: 'Any Other Field',
		value: ANY_OTHER,
		field: null,
		description: 'Any change field not listed here that the Meta app is subscribed to (one item each, its value in "raw")',
	},
];

export const MESSAGE_TYPES = [
	'audio',
	'button',
	'contacts',
	'document',
	'image',
	'interactive',
	'location',
	'order',
	'reaction',
	'sticker',
	'system',
	'text',
	'unsupported',
	'video',
];

const messageTypeNames: Record<string, string> = {
	audio: 'Audio (Incl. Voice Notes)',
	button: 'Template Quick-Reply Button',
	contacts: 'Contacts',
	document: 'Document',
	image: 'Image',
	interactive: 'Interactive Reply (Button or List)',
	location: 'Location',
	order: 'Order',
	reaction: 'Reaction',
	sticker: 'Sticker',
	system: 'System Notice',
	text: 'Text',
	unsupported: 'Unsupported',
	video: 'Video',
};

export const STATUS_VALUES = ['sent', 'delivered', 'read', 'failed', 'deleted'];

/** Version 1.2: every message type Meta sends (a Flow's answer is an Interactive Reply), and any other. */
export const MESSAGE_TYPES_2026 = [...MESSAGE_TYPES, 'edit', 'request_welcome', 'revoke', 'unknown'].sort();

const messageTypeNames2026: Record<string, string> = {
	...messageTypeNames,
	edit: 'Edit (Coexistence)',
	interactive: 'Interactive Reply (Button, List, Flow, Call Permission, …)',
	request_welcome: 'Welcome Request (Chat Opened)',
	revoke: 'Revoke (Coexistence)',
	unknown: 'Unknown',
};

export const STATUS_VALUES_2026 = ['sent', 'delivered', 'read', 'played', 'failed', 'deleted'];

const statusOptions = (values: string[]) => values.map((value) => ({ name: value[0].toUpperCase() + value.slice(1), value }));

/** The option defaults, for code that reads an option the user never set (keep equal to the defaults below). */
export const DEFAULTS = {
	dedupeWindowMinutes: 1440,
	maxBodySizeKb: 4096,
	maxMediaSizeMb: 16,
	maxWaitingDeliveries: 100,
};

export const whatsAppTriggerProperties: INodeProperties[] = [
	{
		displayName:
			'In your Meta app (WhatsApp → Configuration → Webhook), paste the <b>Production URL</b> shown under "Webhook URLs" above as the Callback URL, and the <b>Webhook Verify Token</b> of the selected credential as the Verify token, then subscribe the <i>messages</i> field. Meta allows one callback URL per app. Deliveries are checked against the credential\'s <b>App Secret</b>: without it the trigger will not activate.',
		name: 'setupNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { registration: ['manual'] } },
	},
	{
		displayName:
			"On activation the node points the Meta app's WhatsApp webhook (one per app) at this workflow's Production URL, using the credential's App ID, App Secret and Webhook Verify Token, and subscribes the WhatsApp Business Account to the app. If the app already sends its webhooks elsewhere, activation stops with a warning unless \"Replace Existing Subscription\" is on.",
		name: 'automaticNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { registration: ['automatic'] } },
	},
	{
		displayName: 'Webhook Registration',
		name: 'registration',
		type: 'options',
		default: 'manual',
		options: [
			{
				name: 'Manual (Paste URL and Token in Meta Dashboard)',
				value: 'manual',
				description: 'You enter the callback URL and verify token in the Meta app yourself',
			},
			{
				name: 'Automatic (Needs App ID and App Secret)',
				value: 'automatic',
				description: "The node subscribes the Meta app to this workflow's URL when the workflow is activated",
			},
		],
	},
	{
		displayName: 'Replace Existing Subscription',
		name: 'replaceExistingSubscription',
		type: 'boolean',
		default: false,
		description: "Whether to take over the app's webhook when it points to another URL (another workflow or system then stops receiving WhatsApp events)",
		displayOptions: { show: { registration: ['automatic'] } },
	},
	{
		displayName: 'Duplicate Memory',
		name: 'duplicateMemory',
		type: 'options',
		default: 'process',
		description: "Where the trigger remembers which messages it has already started the workflow for, so that Meta's redeliveries start nothing twice",
		options: [
			{
				name: 'This Process',
				value: 'process',
				description: "In memory, kept in a file beside n8n's data so that it survives restarts. Right for a single n8n process.",
			},
			{
				name: 'Redis (Queue Mode)',
				value: 'redis',
				description:
					'Shared by every n8n process using the same Redis: needed when several webhook processes receive deliveries. If Redis cannot be reached, deliveries are refused with 503 and Meta redelivers them later.',
			},
		],
	},
	{
		displayName: 'Trigger On',
		name: 'events',
		type: 'multiOptions',
		required: true,
		default: ['message'],
		description: 'Which webhook events start the workflow',
		displayOptions: { show: { ...beforeCloudApi2026 } },
		options: [
			{
				name: 'Customer Messages',
				value: 'message',
				description: 'A customer sent a message, tapped a button or reacted',
			},
			{
				name: 'Message Statuses',
				value: 'status',
				description: 'Sent, delivered, read or failed updates of the messages you sent (up to three per message)',
			},
			{
				name: 'Delivery Errors',
				value: 'messages',
				description: 'A messages webhook that carries only errors',
			},
			...OTHER_CHANGE_FIELDS,
		],
	},
	{
		displayName: 'Trigger On',
		name: 'events',
		type: 'multiOptions',
		required: true,
		default: ['message'],
		description: 'Which webhook events start the workflow',
		displayOptions: { show: { ...fromCloudApi2026 } },
		options: EVENTS_2026.map(({ field, ...option }) => option),
	},
	{
		displayName: 'Expand History',
		name: 'expandHistory',
		type: 'boolean',
		default: false,
		description: 'Whether to output one item per synced message instead of one summary item per history chunk (a chunk can hold thousands of messages)',
		displayOptions: { show: { events: ['history'], ...fromCloudApi2026 } },
	},
	{
		displayName: 'Message Types',
		name: 'messageTypes',
		type: 'multiOptions',
		default: [],
		description: 'Which message types start the workflow; leave empty for every type',
		options: MESSAGE_TYPES.map((value) => ({ name: messageTypeNames[value], value })),
		displayOptions: { show: { events: ['message'], ...beforeCloudApi2026 } },
	},
	{
		displayName: 'Message Types',
		name: 'messageTypes',
		type: 'multiOptions',
		default: [],
		description: 'Which message types start the workflow; leave empty for every type',
		options: [
			...MESSAGE_TYPES_2026.map((value) => ({ name: messageTypeNames2026[value], value })),
			{ name: 'Any Other Type', value: ANY_OTHER, description: 'A type not listed here, such as one Meta adds later' },
		],
		displayOptions: { show: { events: ['message'], ...fromCloudApi2026 } },
	},
	{
		displayName: 'Statuses',
		name: 'statuses',
		type: 'multiOptions',
		default: ['sent', 'delivered', 'read', 'failed'],
		description: 'Which message statuses start the workflow',
		options: statusOptions(STATUS_VALUES),
		displayOptions: { show: { events: ['status'], ...beforeCloudApi2026 } },
	},
	{
		displayName: 'Statuses',
		name: 'statuses',
		type: 'multiOptions',
		default: ['sent', 'delivered', 'read', 'failed'],
		description: 'Which message statuses start the workflow ("played": a voice message was first played)',
		options: [
			...statusOptions(STATUS_VALUES_2026),
			{ name: 'Any Other Status', value: ANY_OTHER, description: 'A status not listed here, such as one Meta adds later' },
		],
		displayOptions: { show: { events: ['status'], ...fromCloudApi2026 } },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Download Media',
				name: 'downloadMedia',
				type: 'boolean',
				default: false,
				description:
					'Whether to download images, audio, video, documents and stickers into the binary property "data" (the media URL Meta gives is short-lived and needs the access token)',
			},
			{
				displayName: 'Duplicate Window (Minutes)',
				name: 'dedupeWindowMinutes',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 1440,
				description:
					'Meta re-sends deliveries it thinks failed: a message or status seen again within this many minutes starts no second execution. 0 turns this off. Where it is remembered is set by "Duplicate Memory".',
			},
			{
				displayName: 'Include Customer Profile',
				name: 'includeProfile',
				type: 'boolean',
				default: true,
				description:
					"Whether to add the customer's WhatsApp profile name and username (contactName, username). Turn off, with Include Raw Payload, to keep less personal data in n8n's executions.",
			},
			{
				displayName: 'Include Raw Payload',
				name: 'includeRaw',
				type: 'boolean',
				default: true,
				description: 'Whether to add the original message or status object as "raw" (other events always carry their payload in "raw")',
			},
			{
				displayName: 'Mark as Read',
				name: 'markAsRead',
				type: 'boolean',
				default: false,
				description: 'Whether to mark each incoming message as read (blue ticks) when it arrives',
			},
			{
				displayName: 'Max Body Size (KB)',
				name: 'maxBodySizeKb',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 4096,
				description: 'Webhook bodies larger than this are refused with 413 and start nothing',
			},
			{
				displayName: 'Max Media Size (MB)',
				name: 'maxMediaSizeMb',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 16,
				description: 'With Download Media on, larger files are not downloaded; the item then says why in "mediaDownloadError"',
			},
			{
				displayName: 'Max Waiting Deliveries',
				name: 'maxWaitingDeliveries',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 100,
				description:
					'Deliveries answered only once n8n has started their execution (for example while N8N_CONCURRENCY_PRODUCTION_LIMIT is reached). Beyond this many waiting at once, new ones are refused with 503 and Meta redelivers them later.',
			},
			{
				displayName: 'Show Typing Indicator',
				name: 'showTyping',
				type: 'boolean',
				default: false,
				description:
					'Whether to show "typing…" to the customer when a message arrives, until you reply or for up to 25 seconds (this also marks the message as read)',
			},
		],
	},
];
