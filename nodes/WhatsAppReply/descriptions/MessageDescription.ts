import type { INodeProperties } from 'n8n-workflow';

import { MESSAGE_LIMITS, META_LIMITS } from '../../shared/whatsapp/messages/limits';
import {
	incomingMessageIdField,
	NODE_VERSIONS,
	onVersion,
	rateLimitStoreField,
	recipientFields,
	senderPhoneNumberIdOption,
	sendingSettingsField,
	sendOptionsFields,
} from './sharedFields';

const SENDS = [
	'sendText',
	'sendMedia',
	'sendLocation',
	'sendContacts',
	'sendButtons',
	'sendList',
	'sendCtaUrl',
	'sendFlow',
	'sendTemplate',
	'sendMcpResult',
	'requestContactInfo',
	'requestLocation',
];
const show = (...operation: string[]) => ({ show: { resource: ['message'], operation } });

export const messageOperations: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['message'] } },
	default: 'sendText',
	options: [
		{ name: 'Mark as Read', value: 'markAsRead', action: 'Mark a message as read', description: "Show blue ticks on the customer's message" },
		{ name: 'React', value: 'react', action: 'React to a message', description: 'React with an emoji, or remove the reaction with an empty emoji' },
		{
			name: 'Request Contact Info',
			value: 'requestContactInfo',
			action: 'Ask for a phone number',
			description: "A message with a button that shares the customer's phone number: how to learn the number of a customer who writes with a username",
		},
		{
			name: 'Request Location',
			value: 'requestLocation',
			action: 'Ask for a location',
			description: "A message with a button that sends the customer's location back as a location message",
		},
		{
			name: 'Send Buttons',
			value: 'sendButtons',
			action: 'Send reply buttons',
			description: `Up to ${MESSAGE_LIMITS.replyButtonsMax} buttons the customer taps to answer`,
		},
		{ name: 'Send Contacts', value: 'sendContacts', action: 'Send contact cards' },
		{
			name: 'Send Flow',
			value: 'sendFlow',
			action: 'Send a flow',
			description: `A button that opens a WhatsApp Flow (a form of screens); within ${META_LIMITS.customerServiceWindowHours} h of the customer's last message`,
		},
		{ name: 'Send Link Button', value: 'sendCtaUrl', action: 'Send a link button', description: 'A message with one button that opens a URL' },
		{ name: 'Send List', value: 'sendList', action: 'Send a list', description: `A menu of up to ${MESSAGE_LIMITS.listRowsMax} rows in sections` },
		{ name: 'Send Location', value: 'sendLocation', action: 'Send a location' },
		{
			name: 'Send MCP Result',
			value: 'sendMcpResult',
			action: 'Send an MCP tool result',
			description: 'Answer with the output of the MCP Client node: text, images, files, choices',
		},
		{ name: 'Send Media', value: 'sendMedia', action: 'Send an image video audio document or sticker' },
		{
			name: 'Send Template',
			value: 'sendTemplate',
			action: 'Send a template',
			description: `An approved template: the only message allowed ${META_LIMITS.customerServiceWindowHours} h after the customer last wrote`,
		},
		{ name: 'Send Text', value: 'sendText', action: 'Send a text message' },
		{
			name: 'Show Typing',
			value: 'showTyping',
			action: 'Show the typing indicator',
			description: `Mark the message as read and show "typing…" for up to ${META_LIMITS.typingIndicatorSeconds} seconds or until you reply`,
		},
	],
};

const textFields: INodeProperties[] = [
	{
		displayName: 'Text',
		name: 'text',
		type: 'string',
		typeOptions: { rows: 4 },
		required: true,
		default: '',
		description: `Longer than ${MESSAGE_LIMITS.textBody} characters? It is split into several messages at paragraph or sentence ends`,
		displayOptions: { show: { resource: ['message'], operation: ['sendText'], ...onVersion(1) } },
	},
	{
		displayName: 'Text',
		name: 'text',
		type: 'string',
		typeOptions: { rows: 4 },
		required: true,
		// What n8n's AI Agent answers with: 1.1 sends it with no configuration.
		default: '={{ $json.output }}',
		description: `The default is an AI Agent's answer (its output field). Longer than ${MESSAGE_LIMITS.textBody} characters? It is split into several messages at paragraph or sentence ends, never inside formatting.`,
		displayOptions: { show: { resource: ['message'], operation: ['sendText'], ...onVersion(1.1) } },
	},
	{
		displayName: 'Convert Markdown',
		name: 'markdown',
		type: 'boolean',
		default: true,
		description: 'Whether to turn Markdown as AI models write it (**bold**, headings, links) into WhatsApp formatting',
		displayOptions: { show: { resource: ['message'], operation: ['sendText', 'sendMcpResult'], ...onVersion(1) } },
	},
	{
		displayName: 'Convert Markdown',
		name: 'markdown',
		type: 'boolean',
		default: true,
		// A single *x* is WhatsApp's bold, and models asked for WhatsApp write it so.
		description:
			'Whether to turn Markdown as AI models write it (**bold**, headings, links) into WhatsApp formatting. A single *x* stays bold, as WhatsApp shows it.',
		displayOptions: { show: { resource: ['message'], operation: ['sendText', 'sendMcpResult'], ...onVersion(1.1) } },
	},
];

const mediaFields: INodeProperties[] = [
	{
		displayName: 'Media Type',
		name: 'mediaType',
		type: 'options',
		default: 'image',
		options: [
			{ name: 'Audio', value: 'audio' },
			{ name: 'Document', value: 'document' },
			{ name: 'Image', value: 'image' },
			{ name: 'Sticker', value: 'sticker' },
			{ name: 'Video', value: 'video' },
		],
		displayOptions: show('sendMedia'),
	},
	{
		displayName: 'Source',
		name: 'mediaSource',
		type: 'options',
		default: 'url',
		options: [
			{ name: 'Binary File', value: 'binary', description: 'A file of the input item, uploaded first' },
			{ name: 'Media ID', value: 'id', description: 'Media already uploaded to this number' },
			{ name: 'URL', value: 'url', description: 'A public link Meta downloads from' },
		],
		displayOptions: show('sendMedia'),
	},
	{
		displayName: 'URL',
		name: 'mediaUrl',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'https://example.com/picture.jpg',
		displayOptions: { show: { resource: ['message'], operation: ['sendMedia'], mediaSource: ['url'] } },
	},
	{
		displayName: 'Media ID',
		name: 'mediaId',
		type: 'string',
		required: true,
		default: '',
		displayOptions: { show: { resource: ['message'], operation: ['sendMedia'], mediaSource: ['id'] } },
	},
	{
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		required: true,
		default: 'data',
		hint: 'The name of the input binary field containing the file to be sent',
		displayOptions: { show: { resource: ['message'], operation: ['sendMedia'], mediaSource: ['binary'] } },
	},
	{
		displayName: 'Caption',
		name: 'caption',
		type: 'string',
		default: '',
		description: `Up to ${MESSAGE_LIMITS.mediaCaption} characters; images, videos and documents only`,
		displayOptions: { show: { resource: ['message'], operation: ['sendMedia'], mediaType: ['image', 'video', 'document'] } },
	},
	{
		displayName: 'File Name',
		name: 'filename',
		type: 'string',
		default: '',
		description: 'The name the customer sees for the document',
		displayOptions: { show: { resource: ['message'], operation: ['sendMedia'], mediaType: ['document'] } },
	},
];

const locationFields: INodeProperties[] = [
	{
		displayName: 'Latitude',
		name: 'latitude',
		type: 'number',
		typeOptions: { numberPrecision: 6 },
		required: true,
		default: 0,
		displayOptions: show('sendLocation'),
	},
	{
		displayName: 'Longitude',
		name: 'longitude',
		type: 'number',
		typeOptions: { numberPrecision: 6 },
		required: true,
		default: 0,
		displayOptions: show('sendLocation'),
	},
	{ displayName: 'Name', name: 'locationName', type: 'string', default: '', displayOptions: show('sendLocation') },
	{ displayName: 'Address', name: 'locationAddress', type: 'string', default: '', displayOptions: show('sendLocation') },
];

const contactFields: INodeProperties[] = [
	{
		displayName: 'Contacts',
		name: 'contacts',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		default: {},
		placeholder: 'Add contact',
		displayOptions: show('sendContacts'),
		options: [
			{
				displayName: 'Contact',
				name: 'contact',
				values: [
					{
						displayName: 'Company',
						name: 'company',
						type: 'string',
						default: '',
					},
					{
						displayName: 'Email',
						name: 'email',
						type: 'string',
						placeholder: 'name@email.com',
						default: '',
					},
					{
						displayName: 'Name',
						name: 'name',
						type: 'string',
						required: true,
						default: '',
					},
					{
						displayName: 'Phone',
						name: 'phone',
						type: 'string',
						default: '',
					},
					{
						displayName: 'Website',
						name: 'url',
						type: 'string',
						default: '',
					},
				],
			},
		],
	},
];

const interactiveCommon = (operations: string[]): INodeProperties[] => [
	{
		displayName: 'Body',
		name: 'body',
		type: 'string',
		typeOptions: { rows: 3 },
		required: true,
		default: '',
		description: `The message text above the buttons (up to ${MESSAGE_LIMITS.interactiveBody} characters; ${MESSAGE_LIMITS.listBody} for lists)`,
		displayOptions: show(...operations),
	},
	{
		displayName: 'Header Text',
		name: 'headerText',
		type: 'string',
		default: '',
		description: `Optional bold first line, up to ${MESSAGE_LIMITS.interactiveHeaderText} characters`,
		displayOptions: show(...operations),
	},
	{
		displayName: 'Footer',
		name: 'footer',
		type: 'string',
		default: '',
		description: `Optional small grey line below, up to ${MESSAGE_LIMITS.interactiveFooter} characters`,
		displayOptions: show(...operations),
	},
];

const choicesSource = (operation: string, label: string, defaultExpression: string): INodeProperties[] => [
	{
		displayName: `${label} From`,
		name: 'choicesSource',
		type: 'options',
		default: 'fields',
		options: [
			{ name: 'Fields Below', value: 'fields' },
			{ name: 'An Array in the Input', value: 'input', description: 'E.g. options returned by an MCP tool: strings or {ID, title, description} objects.' },
		],
		displayOptions: show(operation),
	},
	{
		displayName: `${label} (Array)`,
		name: 'choicesArray',
		type: 'json',
		required: true,
		default: defaultExpression,
		description: 'An array of strings or of objects with ID/title/description (label, name or value also work)',
		displayOptions: { show: { resource: ['message'], operation: [operation], choicesSource: ['input'] } },
	},
];

const buttonFields: INodeProperties[] = [
	...interactiveCommon(['sendButtons']),
	...choicesSource('sendButtons', 'Buttons', '={{ $json.structuredContent.options }}'),
	{
		displayName: 'Buttons',
		name: 'buttons',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, maxValue: MESSAGE_LIMITS.replyButtonsMax },
		default: {},
		placeholder: 'Add button',
		description: `${MESSAGE_LIMITS.replyButtonsMin} to ${MESSAGE_LIMITS.replyButtonsMax} buttons; titles up to ${MESSAGE_LIMITS.replyButtonTitle} characters, unique`,
		displayOptions: { show: { resource: ['message'], operation: ['sendButtons'], choicesSource: ['fields'] } },
		options: [
			{
				displayName: 'Button',
				name: 'button',
				values: [
					{ displayName: 'Title', name: 'title', type: 'string', required: true, default: '' },
					{ displayName: 'ID', name: 'id', type: 'string', default: '', description: 'Comes back as button_reply.ID when tapped; the title when empty' },
				],
			},
		],
	},
];

const listFields: INodeProperties[] = [
	...interactiveCommon(['sendList']),
	{
		displayName: 'Button Text',
		name: 'buttonText',
		type: 'string',
		required: true,
		default: 'Choose',
		description: `The label of the button that opens the list (up to ${MESSAGE_LIMITS.listButton} characters)`,
		displayOptions: show('sendList'),
	},
	...choicesSource('sendList', 'Rows', '={{ $json.structuredContent.options }}'),
	{
		displayName: 'Rows',
		name: 'rows',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, maxValue: MESSAGE_LIMITS.listRowsMax },
		default: {},
		placeholder: 'Add row',
		description: `Up to ${MESSAGE_LIMITS.listRowsMax} rows; rows with the same section title are grouped`,
		displayOptions: { show: { resource: ['message'], operation: ['sendList'], choicesSource: ['fields'] } },
		options: [
			{
				displayName: 'Row',
				name: 'row',
				values: [
					{ displayName: 'Title', name: 'title', type: 'string', required: true, default: '', description: `Up to ${MESSAGE_LIMITS.listRowTitle} characters` },
					{
						displayName: 'Description',
						name: 'description',
						type: 'string',
						default: '',
						description: `Up to ${MESSAGE_LIMITS.listRowDescription} characters`,
					},
					{ displayName: 'ID', name: 'id', type: 'string', default: '', description: 'Comes back as list_reply.ID when picked; the title when empty' },
					{
						displayName: 'Section Title',
						name: 'section',
						type: 'string',
						default: '',
						description: `Needed when rows belong to several sections (up to ${MESSAGE_LIMITS.listSectionTitle} characters)`,
					},
				],
			},
		],
	},
];

const ctaFields: INodeProperties[] = [
	...interactiveCommon(['sendCtaUrl']),
	{
		displayName: 'Button Text',
		name: 'displayText',
		type: 'string',
		required: true,
		default: '',
		description: `Up to ${MESSAGE_LIMITS.ctaDisplayText} characters`,
		displayOptions: show('sendCtaUrl'),
	},
	{
		displayName: 'URL',
		name: 'url',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'https://example.com/orders/123',
		displayOptions: show('sendCtaUrl'),
	},
];

const requestFields: INodeProperties[] = [
	{
		displayName: 'Body',
		name: 'body',
		type: 'string',
		typeOptions: { rows: 3 },
		required: true,
		default: '',
		placeholder: 'So that we can reach you by phone, please share your number.',
		description: `The message text above the button (up to ${MESSAGE_LIMITS.interactiveBody} characters). WhatsApp labels the button itself.`,
		displayOptions: show('requestContactInfo', 'requestLocation'),
	},
];

const flowFields: INodeProperties[] = [
	...interactiveCommon(['sendFlow']),
	{
		displayName: 'Flow',
		name: 'flowIdType',
		type: 'options',
		default: 'id',
		options: [
			{ name: 'By ID', value: 'id' },
			{ name: 'By Name', value: 'name' },
		],
		displayOptions: show('sendFlow'),
	},
	{
		displayName: 'Flow ID',
		name: 'flowId',
		type: 'string',
		required: true,
		default: '',
		description: 'WhatsApp Manager → Account tools → Flows',
		displayOptions: { show: { resource: ['message'], operation: ['sendFlow'], flowIdType: ['id'] } },
	},
	{
		displayName: 'Flow Name',
		name: 'flowName',
		type: 'string',
		required: true,
		default: '',
		displayOptions: { show: { resource: ['message'], operation: ['sendFlow'], flowIdType: ['name'] } },
	},
	{
		displayName: 'Button Text',
		name: 'flowCta',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'Book a table',
		description: `The button that opens the flow: up to ${MESSAGE_LIMITS.flowCta} characters, no emoji`,
		displayOptions: show('sendFlow'),
	},
	{
		displayName: 'Flow Action',
		name: 'flowAction',
		type: 'options',
		default: 'navigate',
		options: [
			{ name: 'Data Exchange', value: 'data_exchange', description: "Ask the flow's endpoint for the first screen and its data" },
			{ name: 'Navigate', value: 'navigate', description: 'Open a screen with data given here' },
		],
		displayOptions: show('sendFlow'),
	},
	{
		displayName: 'First Screen',
		name: 'flowScreen',
		type: 'string',
		default: '',
		placeholder: 'FIRST_ENTRY_SCREEN',
		description: "The ID of the screen to open; empty: the flow's first screen",
		displayOptions: { show: { resource: ['message'], operation: ['sendFlow'], flowAction: ['navigate'] } },
	},
	{
		displayName: 'Screen Data',
		name: 'flowData',
		type: 'json',
		default: '',
		description: 'Data for the first screen, a non-empty JSON object, e.g. {"order_id": "1042"}; empty: none',
		displayOptions: { show: { resource: ['message'], operation: ['sendFlow'], flowAction: ['navigate'] } },
	},
	{
		displayName: 'Flow Token',
		// Not "…Token": it is no secret, and n8n's lint would hide it as a password.
		name: 'flowReference',
		type: 'string',
		default: 'unused',
		description: "Comes back with the customer's answer (flowToken on the WhatsApp Trigger item): set it to tell answers apart",
		displayOptions: show('sendFlow'),
	},
	{
		displayName: 'Mode',
		name: 'flowMode',
		type: 'options',
		default: 'published',
		options: [
			{ name: 'Draft', value: 'draft', description: 'For testing a flow not yet published' },
			{ name: 'Published', value: 'published' },
		],
		displayOptions: show('sendFlow'),
	},
];

const templateFields: INodeProperties[] = [
	{
		displayName: 'Template Name or ID',
		name: 'templateName',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getTemplateNames' },
		required: true,
		default: '',
		description:
			'Approved templates of the WhatsApp Business Account in the credential. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		displayOptions: show('sendTemplate'),
	},
	{
		displayName: 'Language Name or ID',
		name: 'languageCode',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getTemplateLanguages', loadOptionsDependsOn: ['templateName'] },
		required: true,
		default: '',
		description:
			'The languages this template is approved in. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		displayOptions: show('sendTemplate'),
	},
	{
		displayName: 'Parameters',
		name: 'templateParameters',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		default: {},
		placeholder: 'Add parameter',
		description: "Values for the template's {{1}}, {{2}}… placeholders, in order per component",
		displayOptions: show('sendTemplate'),
		options: [
			{
				displayName: 'Parameter',
				name: 'parameter',
				values: [
					{
						displayName: 'Button Index',
						name: 'index',
						type: 'number',
						default: 0,
						description: 'Position of the button in the template, from 0',
					},
					{
						displayName: 'Component',
						name: 'component',
						type: 'options',
						default: 'body',
						options: [
							{
								name: 'Body',
								value: 'body',
							},
							{
								name: 'Button',
								value: 'button',
							},
							{
								name: 'Header',
								value: 'header',
							},
						],
					},
					{
						displayName: 'Parameter Name',
						name: 'parameterName',
						type: 'string',
						default: '',
						description: 'For templates with named placeholders ({{order_id}})',
					},
					{
						displayName: 'Type',
						name: 'type',
						type: 'options',
						default: 'text',
						options: [
							{
								name: 'Coupon Code (Copy Code Button)',
								value: 'copy_code',
							},
							{
								name: 'Document Link (Header)',
								value: 'document',
							},
							{
								name: 'Image Link (Header)',
								value: 'image',
							},
							{
								name: 'Payload (Quick Reply Button)',
								value: 'quick_reply',
							},
							{
								name: 'Text',
								value: 'text',
							},
							{
								name: 'URL Suffix (URL Button)',
								value: 'url',
							},
							{
								name: 'Video Link (Header)',
								value: 'video',
							},
						],
					},
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
					},
				],
			},
		],
	},
];

const reactionFields: INodeProperties[] = [
	{
		displayName: 'Emoji',
		name: 'emoji',
		type: 'string',
		default: '👍',
		description: 'One emoji; leave empty to remove your reaction',
		displayOptions: show('react'),
	},
];

const mcpResultFields: INodeProperties[] = [
	{
		displayName: 'Offer Choices as Buttons or List',
		name: 'offerChoices',
		type: 'boolean',
		default: true,
		description: `Whether an options/choices array in the structured content becomes reply buttons (up to ${MESSAGE_LIMITS.replyButtonsMax}) or a list (up to ${MESSAGE_LIMITS.listRowsMax})`,
		displayOptions: show('sendMcpResult'),
	},
	{
		displayName: 'When the Tool Reported an Error',
		name: 'onToolError',
		type: 'options',
		default: 'fail',
		options: [
			{ name: 'Fail the Item', value: 'fail', description: 'Nothing is sent; handle it with an error output or Continue On Fail' },
			{ name: 'Send a Fallback Text', value: 'fallback' },
		],
		displayOptions: show('sendMcpResult'),
	},
	{
		displayName: 'Fallback Text',
		name: 'fallbackText',
		type: 'string',
		default: 'Sorry, something went wrong on our side. Please try again in a moment.',
		displayOptions: { show: { resource: ['message'], operation: ['sendMcpResult'], onToolError: ['fallback'] } },
	},
];

export const messageFields: INodeProperties[] = [
	...recipientFields(SENDS.concat('react')),
	incomingMessageIdField(['markAsRead', 'showTyping'], "The ID of the customer's message (the trigger's messageId)"),
	incomingMessageIdField(['react'], 'The ID of the message to react to'),
	...textFields,
	...mediaFields,
	...locationFields,
	...contactFields,
	...buttonFields,
	...listFields,
	...ctaFields,
	...flowFields,
	...requestFields,
	...templateFields,
	...reactionFields,
	...mcpResultFields,
	...sendOptionsFields(SENDS, [
		{
			displayName: 'Link Preview',
			name: 'previewUrl',
			type: 'boolean',
			default: false,
			description: 'Whether WhatsApp shows a preview of the first link in a text',
		},
	]),
	...NODE_VERSIONS.map((version): INodeProperties => ({
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: { show: { resource: ['message'], operation: ['markAsRead', 'showTyping', 'react'], ...onVersion(version) } },
		options: [senderPhoneNumberIdOption(version)],
	})),
	{
		displayName:
			'Sending to many customers? Set this node\'s Settings → On Error to "Continue (using error output)": with "Stop Workflow", one failed item stops the node and n8n\'s Retry sends every item again, also those already sent.',
		name: 'bulkSendNotice',
		type: 'notice',
		default: '',
		displayOptions: show(...SENDS),
	},
	rateLimitStoreField,
	sendingSettingsField,
];
