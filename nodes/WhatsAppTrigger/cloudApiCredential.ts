import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { CloudApiClient } from '../shared/whatsapp/CloudApiClient';

export const CREDENTIAL_TYPE = 'whatsAppCloudApi';

/** The fields of the `whatsAppCloudApi` credential, as strings ('' when unset). */
export interface CloudApiCredential {
	accessToken: string;
	phoneNumberId: string;
	businessAccountId: string;
	appId: string;
	appSecret: string;
	verifyToken: string;
	baseUrl: string;
	apiVersion: string;
}

export function readCloudApiCredential(data: ICredentialDataDecryptedObject): CloudApiCredential {
	const text = (key: string) => (typeof data[key] === 'string' ? (data[key] as string).trim() : '');
	return {
		accessToken: text('accessToken'),
		phoneNumberId: text('phoneNumberId'),
		businessAccountId: text('businessAccountId'),
		appId: text('appId'),
		appSecret: text('appSecret'),
		verifyToken: text('verifyToken'),
		baseUrl: text('baseUrl'),
		apiVersion: text('apiVersion'),
	};
}

/** A Cloud API client for one business phone number (the one that received the webhook). */
export function cloudApiClientFor(credential: CloudApiCredential, phoneNumberId?: string, warn?: (message: string) => void): CloudApiClient {
	return new CloudApiClient({
		baseUrl: credential.baseUrl || undefined,
		apiVersion: credential.apiVersion || undefined,
		accessToken: credential.accessToken,
		phoneNumberId: phoneNumberId || credential.phoneNumberId || undefined,
		businessAccountId: credential.businessAccountId || undefined,
		appId: credential.appId || undefined,
		appSecret: credential.appSecret || undefined,
		// A webhook is answered already; these calls only decorate it, so fail fast.
		timeoutMs: 15_000,
		// A Graph version Meta no longer serves is said once per process in n8n's log.
		warn,
	});
}

/**
 * Why the trigger cannot receive webhooks with this credential, or null when it can: without
 * the app secret no signature can be checked, and without a verify token Meta's handshake fails.
 */
export function missingReceiveSettings(credential: CloudApiCredential): string | null {
	const missing: string[] = [];
	if (!credential.appSecret) missing.push('"App Secret" (Meta app → App settings → Basic → App secret)');
	if (!credential.verifyToken) missing.push('"Webhook Verify Token" (any secret string; enter the same one in the Meta app\'s webhook settings)');
	if (missing.length === 0) return null;
	return `The WhatsApp Trigger needs ${missing.join(' and ')} in the WhatsApp Cloud API credential: it checks every delivery's X-Hub-Signature-256 with the App Secret and answers Meta's verification request with the Verify Token.`;
}
