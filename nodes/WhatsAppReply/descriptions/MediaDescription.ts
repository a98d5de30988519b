import type { INodeProperties } from 'n8n-workflow';

import { META_LIMITS } from '../../shared/whatsapp/messages/limits';

const show = (...operation: string[]) => ({ show: { resource: ['media'], operation } });

export const mediaOperations: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['media'] } },
	default: 'download',
	options: [
		{ name: 'Delete', value: 'delete', action: 'Delete media' },
		{ name: 'Download', value: 'download', action: 'Download media', description: 'Into binary data, e.g. an image the customer sent' },
		{ name: 'Get', value: 'get', action: 'Get media info', description: 'A short-lived URL, MIME type, size and hash' },
		{ name: 'Upload', value: 'upload', action: 'Upload media', description: 'Returns a media ID to send by ID' },
	],
};

export const mediaFields: INodeProperties[] = [
	{
		displayName: 'Media ID',
		name: 'mediaId',
		type: 'string',
		required: true,
		default: '={{ $json.media.id }}',
		description: "The media's ID; after a WhatsApp Trigger the default is the received image, audio, video, document or sticker",
		displayOptions: show('delete', 'download', 'get'),
	},
	{
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		required: true,
		default: 'data',
		hint: 'The name of the input binary field containing the file to be uploaded',
		displayOptions: show('upload'),
	},
	{
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		required: true,
		default: 'data',
		hint: 'The name of the output binary field to put the file in',
		displayOptions: show('download'),
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: show('delete', 'download', 'get', 'upload'),
		options: [
			{
				displayName: 'Max Size (MB)',
				name: 'maxSizeMb',
				type: 'number',
				typeOptions: { minValue: 0.01 },
				default: 100,
				description: `Refuse to download larger files (WhatsApp documents can be ${META_LIMITS.documentMegabytes} MB)`,
				displayOptions: { show: { '/operation': ['download'] } },
			},
			{
				displayName: 'Sender Phone Number ID',
				name: 'phoneNumberId',
				type: 'string',
				default: '={{ $json.phoneNumberId }}',
				description: "The business number the media belongs to, instead of the credential's",
			},
		],
	},
];
