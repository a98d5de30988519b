import { NodeConnectionTypes } from 'n8n-workflow';
import type { INodeType, INodeTypeDescription, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { REDIS_CREDENTIAL_TYPE } from '../shared/redis/redisConnection';
import { WHATSAPP_CREDENTIAL_TYPE } from '../shared/whatsapp/cloudApiCredential';
import { whatsAppTriggerProperties } from './descriptions/WhatsAppTriggerDescription';
import { webhookRegistration } from './methods/webhookRegistration';
import { receiveWebhook } from './webhook/receiveWebhook';

export class WhatsAppTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'WhatsApp + MCP: WhatsApp Trigger',
		name: 'whatsAppTrigger',
		icon: { light: 'file:whatsapp.svg', dark: 'file:whatsapp.dark.svg' },
		group: ['trigger'],
		// 1.1 behaves as 1. n8n evaluates an expression on every request to a version-1 webhook
		// node (its v1 Webhook's binaryData option), which costs more than all of this node's checks.
		// 1.2 gives the items of Meta's 2026 Cloud API (BSUIDs, usernames, every change field; see
		// nodeVersion.ts); 1 and 1.1 keep their items byte for byte.
		version: [1, 1.1, 1.2],
		defaultVersion: 1.2,
		subtitle: '={{$parameter["events"].join(", ")}}',
		description: 'Starts the workflow when a customer writes on WhatsApp (Cloud API webhooks): signature-checked, deduplicated, one clean item per message',
		defaults: { name: 'WhatsApp Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: WHATSAPP_CREDENTIAL_TYPE, required: true },
			// n8n's own Redis credential, which queue-mode users already have.
			{ name: REDIS_CREDENTIAL_TYPE, required: true, displayOptions: { show: { duplicateMemory: ['redis'] } } },
		],
		webhooks: [
			// Meta's verification request (hub.challenge) comes as a GET to the same URL.
			{ name: 'setup', httpMethod: 'GET', responseMode: 'onReceived', path: 'webhook' },
			// n8n answers a delivery with items once their execution exists; responseData '' makes it
			// send the node's webhookResponse (the counts) rather than its default body.
			{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', responseData: '', path: 'webhook' },
		],
		properties: whatsAppTriggerProperties,
	};

	webhookMethods = { default: webhookRegistration };

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await receiveWebhook(this);
	}
}
