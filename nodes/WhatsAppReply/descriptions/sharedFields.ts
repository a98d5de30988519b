import type { INodeProperties } from 'n8n-workflow';

import { META_LIMITS } from '../../shared/whatsapp/messages/limits';

/** Fields several message operations share; `operations` says where each one shows. */

/**
 * Fields that differ between node versions come in pairs, one shown on version 1, one from 1.1 on
 * (as n8n's own nodes do it). 1.1 takes an AI Agent's answer with no configuration.
 */
export type NodeVersion = 1 | 1.1;
export const NODE_VERSIONS: NodeVersion[] = [1, 1.1];
export const onVersion = (version: NodeVersion) => ({ '@version': version === 1 ? [1] : [{ _cnd: { gte: 1.1 } }] });

// 1.1: a customer with a username may come without a phone number, never without a user ID.
export const recipientDefault = (version: NodeVersion) => (version === 1 ? '={{ $json.from }}' : '={{ $json.from ?? $json.userId }}');

export const recipientFields = (operations: string[]): INodeProperties[] =>
	NODE_VERSIONS.map((version) => ({
		displayName: 'To',
		name: 'to',
		type: 'string',
		// 1.1 may be left empty: the sender of the WhatsApp Trigger message the item comes from.
		required: version === 1,
		default: recipientDefault(version),
		placeholder: version === 1 ? '+49 151 23456789' : '+49 151 23456789 or US.10000000000000000001',
		description:
			version === 1
				? "The customer's number in international format (any notation: +, spaces, 00 are fine). After a WhatsApp Trigger the default answers whoever wrote."
				: "The customer's number in international format (any notation: +, spaces, 00 are fine) or their user ID (BSUID, e.g. US.10000000000000000001). After a WhatsApp Trigger the default answers whoever wrote, by number when Meta gave it; empty, as after an AI Agent, it is the sender of the WhatsApp Trigger message the item comes from.",
		displayOptions: { show: { resource: ['message'], operation: operations, ...onVersion(version) } },
	}));

export const incomingMessageIdField = (operations: string[], description: string): INodeProperties => ({
	displayName: 'Message ID',
	name: 'messageId',
	type: 'string',
	required: true,
	default: '={{ $json.messageId }}',
	placeholder: 'wamid.HBgL…',
	description,
	displayOptions: { show: { resource: ['message'], operation: operations } },
});

export const senderPhoneNumberIdOption = (version: NodeVersion): INodeProperties => ({
	displayName: 'Sender Phone Number ID',
	name: 'phoneNumberId',
	type: 'string',
	default: '={{ $json.phoneNumberId }}',
	description:
		"Send from this business number instead of the credential's; the default answers from the number that received the message" +
		(version === 1 ? '' : '. Empty, as after an AI Agent: the number that received the WhatsApp Trigger message the item comes from.'),
});

/** Options every send shares: quoting, sender number, country for national numbers. */
export const sendOptionsFields = (operations: string[], extra: INodeProperties[] = []): INodeProperties[] =>
	NODE_VERSIONS.map((version) => ({
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: { show: { resource: ['message'], operation: operations, ...onVersion(version) } },
		options: [
			...extra,
			{
				displayName: 'Default Country',
				name: 'defaultCountry',
				type: 'string',
				default: '',
				placeholder: 'DE',
				description: 'Two-letter country code for numbers written without a country code (e.g. 0151 …). Without it such numbers are read as international.',
			},
			{
				displayName: 'Quote Message ID',
				name: 'quoteMessageId',
				type: 'string',
				default: '={{ $json.messageId }}',
				description:
					"Show this message (the customer's, by default) quoted above the reply" +
					(version === 1 ? '' : '. Empty, as after an AI Agent: the WhatsApp Trigger message the item comes from.'),
			},
			senderPhoneNumberIdOption(version),
		],
	}));

/** Where the per-number send rate is counted: this process, or Redis for every queue-mode worker together. */
export const rateLimitStoreField: INodeProperties = {
	displayName: 'Rate Limit Shared Through',
	name: 'rateLimitStore',
	type: 'options',
	default: 'process',
	displayOptions: { show: { resource: ['message'] } },
	options: [
		{
			name: 'This Process',
			value: 'process',
			description: 'Messages per Second counts the sends of this n8n process. Right for a single n8n process.',
		},
		{
			name: 'Redis (Queue Mode)',
			value: 'redis',
			description: "Messages per Second counts the sends of every n8n worker using the same Redis, so several workers together stay under Meta's limit",
		},
	],
};

/** How a batch of items is sent: rate, concurrency, retries. */
export const sendingSettingsField: INodeProperties = {
	displayName: 'Sending Settings',
	name: 'sendingSettings',
	type: 'collection',
	placeholder: 'Add setting',
	default: {},
	displayOptions: { show: { resource: ['message'] } },
	options: [
		{
			displayName: 'Concurrency',
			name: 'concurrency',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 100 },
			default: 10,
			description: 'How many items are sent at the same time',
		},
		{
			displayName: 'If Redis Is Unreachable',
			name: 'redisUnavailable',
			type: 'options',
			default: 'fail',
			displayOptions: { show: { '/rateLimitStore': ['redis'] } },
			options: [
				{
					name: 'Fail the Item',
					value: 'fail',
					description: 'Nothing is sent; the item fails with an error saying why (error output or Continue On Fail apply)',
				},
				{
					name: "Use This Process's Limit",
					value: 'process',
					description: "Keep sending, each worker under its own limit (a warning is logged): several workers together may then exceed Meta's limit",
				},
			],
		},
		{
			displayName: 'Messages per Second',
			name: 'messagesPerSecond',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 80,
			description: `Per business number, for every workflow of this n8n process (of all workers, with Rate Limit Shared Through Redis). Meta allows ${META_LIMITS.messagesPerSecond} by default (${META_LIMITS.messagesPerSecondUpgraded.toLocaleString('en-US')} after an upgrade, ${META_LIMITS.messagesPerSecondBusinessApp} for numbers also used in the WhatsApp Business app). Sending faster earns error 130429.`,
		},
		{
			displayName: 'Retries',
			name: 'retries',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 10 },
			default: 4,
			description:
				'How often a rate-limited or temporarily failed request is tried again, with growing pauses. A message is never sent twice: timeouts are not retried.',
		},
		{
			displayName: 'Timeout (Seconds)',
			name: 'timeoutSeconds',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 30,
			description: 'How long to wait for each answer from the Graph API',
		},
	],
};
