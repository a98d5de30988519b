import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

// Everything the Cloud API needs in one place; the base URL and version are fields so that a
// sandbox or a newer Graph version never needs a code change.
export class WhatsAppCloudApi implements ICredentialType {
	// Saved workflows and credentials refer to this name; the nodes ask for it as WHATSAPP_CREDENTIAL_TYPE.
	name = 'whatsAppCloudApi';

	displayName = 'WhatsApp + MCP: WhatsApp Cloud API';

	icon = 'file:whatsapp.svg' as const;

	documentationUrl = 'https://developers.facebook.com/docs/whatsapp/cloud-api/get-started';

	properties: INodeProperties[] = [
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'A system-user access token with the whatsapp_business_messaging and whatsapp_business_management permissions',
		},
		{
			displayName: 'Phone Number ID',
			name: 'phoneNumberId',
			type: 'string',
			default: '',
			required: true,
			description: 'The ID of the business phone number that sends messages (WhatsApp Manager → API Setup), not the phone number itself',
		},
		{
			displayName: 'WhatsApp Business Account ID',
			name: 'businessAccountId',
			type: 'string',
			default: '',
			description: 'Needed to list message templates and phone numbers',
		},
		{
			displayName: 'App ID',
			name: 'appId',
			type: 'string',
			default: '',
			description: 'The Meta app that receives the webhooks; used to manage webhook subscriptions',
		},
		{
			displayName: 'App Secret',
			name: 'appSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'Signs every webhook (X-Hub-Signature-256). The WhatsApp Trigger refuses to activate without it.',
		},
		{
			displayName: 'Webhook Verify Token',
			name: 'verifyToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'Any secret string; enter the same value as "Verify token" in the Meta app\'s WhatsApp webhook settings',
		},
		{
			displayName: 'Graph API Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://graph.facebook.com',
			description: 'Change only to use the local Cloud API sandbox or a proxy',
		},
		{
			displayName: 'Graph API Version',
			name: 'apiVersion',
			type: 'string',
			// Only new credentials get it: saved ones keep the version stored with them.
			default: 'v25.0',
			placeholder: 'v25.0',
			description: 'The Graph API version to call, any vNN.0 (v25.0 is served until 2028-07-29)',
		},
		{
			displayName: 'Graph API v20.0 and older no longer answer, and v21.0 stops on 2027-01-21: set the version to v25.0',
			name: 'apiVersionNotice',
			type: 'notice',
			default: '',
			// Below v22.0, with or without the "v" and ".0".
			displayOptions: { show: { apiVersion: [{ _cnd: { regex: '^\\s*[vV]?(1?\\d|2[01])(\\.\\d+)?\\s*$' } }] } },
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: { Authorization: '=Bearer {{$credentials.accessToken}}' },
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}/{{$credentials.apiVersion}}',
			url: '=/{{$credentials.phoneNumberId}}',
			qs: { fields: 'display_phone_number,verified_name' },
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message: 'The access token is invalid or has expired (Graph error 190): create a new system-user token and paste it into this credential',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 400,
					message:
						'Graph API rejected the Phone Number ID: copy the ID (not the phone number) from WhatsApp Manager → API Setup, and check the token can access it',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message: 'The token lacks permission for this phone number: grant whatsapp_business_messaging to the system user',
				},
			},
		],
	};
}
