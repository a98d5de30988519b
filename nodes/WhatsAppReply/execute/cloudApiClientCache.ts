import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import type { CloudApiClient } from '../../shared/whatsapp/CloudApiClient';
import { cloudApiClientFor, readCloudApiCredential, type CloudApiCredential } from '../../shared/whatsapp/cloudApiCredential';
import { sharedSendRateLimiter, type SendRateLimiter } from '../../shared/whatsapp/SendRateLimiter';

export interface SendingSettings {
	messagesPerSecond: number;
	retries: number;
	timeoutSeconds: number;
	/** With the rate limit shared through Redis: 'fail' the item or use this 'process's limiter. */
	redisUnavailable: 'fail' | 'process';
}

export const DEFAULT_SENDING_SETTINGS: SendingSettings = { messagesPerSecond: 80, retries: 4, timeoutSeconds: 30, redisUnavailable: 'fail' };

/** The limiter a client paces its sends with (the process-wide one unless the node shares it through Redis). */
export type RateLimiterFor = (settings: SendingSettings) => SendRateLimiter;

const processRateLimiter: RateLimiterFor = (settings) => sharedSendRateLimiter(settings.messagesPerSecond);

/**
 * One client per sender number and settings for an execution. Clients share the process-wide
 * keep-alive sockets and, per rate, the process-wide (or Redis-wide) rate limiter.
 */
export class CloudApiClientCache {
	private readonly clients = new Map<string, CloudApiClient>();
	private readonly credential: CloudApiCredential;

	constructor(
		credentialData: ICredentialDataDecryptedObject,
		private readonly rateLimiterFor: RateLimiterFor = processRateLimiter,
		/** Where a client tells (once per process) that the credential's Graph API version is too old. */
		private readonly warn?: (message: string) => void,
	) {
		this.credential = readCloudApiCredential(credentialData);
	}

	clientFor(phoneNumberId: string | undefined, settings: SendingSettings = DEFAULT_SENDING_SETTINGS): CloudApiClient {
		const sender = (phoneNumberId ?? '').trim() || this.credential.phoneNumberId;
		const key = JSON.stringify([sender, settings]);
		let client = this.clients.get(key);
		if (!client) {
			client = cloudApiClientFor(this.credential, {
				phoneNumberId: sender,
				timeoutMs: settings.timeoutSeconds * 1000,
				retry: { retries: settings.retries },
				rateLimiter: this.rateLimiterFor(settings),
				warn: this.warn,
			});
			this.clients.set(key, client);
		}
		return client;
	}
}
