import { CloudApiClient, type CloudApiClientOptions } from './CloudApiClient';

/**
 * The one owner of the WhatsApp Cloud API credential's contract: its type name, its fields and
 * how they become a CloudApiClient. The credential class (credentials/) only describes the form.
 */
export const WHATSAPP_CREDENTIAL_TYPE = 'whatsAppCloudApi';

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

/** The credential's data as n8n decrypts it; anything but a string reads as '' (trimmed otherwise). */
export function readCloudApiCredential(data: Readonly<Record<string, unknown>>): CloudApiCredential {
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

/** How a caller tunes its client; the phone number id defaults to the credential's. */
export type CloudApiClientSettings = Omit<CloudApiClientOptions, 'baseUrl' | 'apiVersion' | 'accessToken' | 'businessAccountId' | 'appId' | 'appSecret'>;

/**
 * A client for one business phone number of the credential. Empty fields are left out so the
 * client's defaults (graph.facebook.com, v25.0) apply.
 */
export function cloudApiClientFor(credential: CloudApiCredential, settings: CloudApiClientSettings = {}): CloudApiClient {
	return new CloudApiClient({
		...settings,
		baseUrl: credential.baseUrl || undefined,
		apiVersion: credential.apiVersion || undefined,
		accessToken: credential.accessToken,
		phoneNumberId: settings.phoneNumberId || credential.phoneNumberId || undefined,
		businessAccountId: credential.businessAccountId || undefined,
		appId: credential.appId || undefined,
		appSecret: credential.appSecret || undefined,
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
