import { NodeConnectionTypes } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { mediaFields, mediaOperations } from './descriptions/MediaDescription';
import { messageFields, messageOperations } from './descriptions/MessageDescription';
import { templateFields, templateOperations } from './descriptions/TemplateDescription';
import { REDIS_CREDENTIAL_TYPE } from '../shared/redis/redisConnection';
import { WHATSAPP_CREDENTIAL_TYPE } from '../shared/whatsapp/cloudApiCredential';
import { executeReply } from './execute/executeReply';
import { loadOptions } from './methods/loadOptions';

// One main input and output (a named constant: the two lint plugins disagree on how to write it inline).
const MAIN_CONNECTION = [NodeConnectionTypes.Main];

export class WhatsAppReply implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'WhatsApp + MCP: WhatsApp Reply',
		name: 'whatsAppReply',
		icon: { light: 'file:whatsapp.svg', dark: 'file:whatsapp.dark.svg' },
		group: ['output'],
		// 1.1 takes an AI Agent's answer with no configuration and answers by user ID (execute/nodeVersion.ts); 1 stays as it was.
		version: [1, 1.1],
		defaultVersion: 1.1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Answer customers on WhatsApp (Cloud API): text, media, buttons, lists, flows, templates, reactions, read receipts, requests for a phone number or location, MCP results',
		defaults: { name: 'WhatsApp Reply' },
		inputs: MAIN_CONNECTION,
		outputs: MAIN_CONNECTION,
		usableAsTool: true,
		credentials: [
			{ name: WHATSAPP_CREDENTIAL_TYPE, required: true },
			// n8n's own Redis credential, for a send rate shared by every queue-mode worker.
			{ name: REDIS_CREDENTIAL_TYPE, required: true, displayOptions: { show: { rateLimitStore: ['redis'] } } },
		],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				default: 'message',
				options: [
					{ name: 'Media', value: 'media' },
					{ name: 'Message', value: 'message' },
					{ name: 'Template', value: 'template' },
				],
			},
			messageOperations,
			mediaOperations,
			templateOperations,
			...messageFields,
			...mediaFields,
			...templateFields,
		],
	};

	methods = { loadOptions };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await executeReply(this);
	}
}
