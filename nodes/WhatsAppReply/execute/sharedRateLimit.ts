import type { IExecuteFunctions } from 'n8n-workflow';

import { RedisSendRateLimiter, SharedSendRateLimiter } from '../../shared/redis/RedisSendRateLimiter';
import { readRedisCredential, REDIS_CREDENTIAL_TYPE, sharedRedisClient } from '../../shared/redis/redisConnection';
import { sharedSendRateLimiter } from '../../shared/whatsapp/SendRateLimiter';
import type { RateLimiterFor, SendingSettings } from './cloudApiClientCache';

/**
 * The rate limiters of one execution when "Rate Limit Shared Through" is Redis: one schedule per
 * phone number in Redis for every worker together, with the fallback the user chose. Undefined
 * for the default (this process's limiter).
 */
export async function rateLimiterForExecution(fns: IExecuteFunctions): Promise<RateLimiterFor | undefined> {
	if (fns.getNodeParameter('resource', 0) !== 'message') return undefined;
	if (fns.getNodeParameter('rateLimitStore', 0, 'process') !== 'redis') return undefined;
	const credential = readRedisCredential(await fns.getCredentials(REDIS_CREDENTIAL_TYPE));
	const client = sharedRedisClient(credential);
	const where = `Redis at ${credential.host}:${credential.port}`;
	const limiters = new Map<string, SharedSendRateLimiter>();
	return (settings: SendingSettings) => {
		const key = `${settings.messagesPerSecond}:${settings.redisUnavailable}:${settings.timeoutSeconds}`;
		let limiter = limiters.get(key);
		if (!limiter) {
			const fallback =
				settings.redisUnavailable === 'process'
					? {
							limiter: sharedSendRateLimiter(settings.messagesPerSecond),
							warn: (message: string) => fns.logger.warn(`WhatsApp Reply "${fns.getNode().name}": ${message}`),
						}
					: undefined;
			limiter = new SharedSendRateLimiter(
				new RedisSendRateLimiter(client, settings.messagesPerSecond, { longestSendMs: settings.timeoutSeconds * 1000 }),
				where,
				fallback,
			);
			limiters.set(key, limiter);
		}
		return limiter;
	};
}
