import type Redis from 'ioredis';

import type { SendRateLimiter } from '../whatsapp/SendRateLimiter';

const PREFIX = 'n8n-nodes-whatsapp-mcp:send-slot:';

/**
 * Reserves the next free send slot of a phone number on one schedule shared by every worker
 * (GCRA without burst): slots are 1/rate apart on Redis's clock, and the caller waits for its
 * slot. Meta counts a number's messages per sliding second; fixed one-second windows (what
 * rate-limiter-flexible's Redis limiter counts, whole seconds only) let twice the rate through
 * across a window edge, so the schedule is kept here in one short script.
 * Returns the microseconds to wait before sending.
 */
const RESERVE_SLOT = `
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000000 + tonumber(clock[2])
local nextFree = tonumber(redis.call('GET', KEYS[1]) or '0')
local slot = math.max(nextFree, now)
redis.call('SET', KEYS[1], string.format('%d', slot + tonumber(ARGV[1])), 'PX', ARGV[2])
return slot - now
`;

type ReservingClient = Redis & { reserveWhatsAppSendSlot(key: string, intervalUs: number, ttlMs: number): Promise<number> };

/**
 * Fraction of the rate kept in reserve. Smaller than the in-process limiter's 0.1: the schedule is
 * exact (one clock), and the margin only has to absorb the jitter between a slot and the
 * request's arrival at Meta.
 */
export const REDIS_SAFETY_MARGIN = 0.08;

export class RedisSendRateLimiter implements SendRateLimiter {
	private readonly intervalUs: number;

	constructor(
		private readonly client: Redis,
		readonly messagesPerSecond: number,
		safetyMargin = REDIS_SAFETY_MARGIN,
	) {
		if (!Number.isFinite(messagesPerSecond) || messagesPerSecond <= 0) {
			throw new RangeError(`messagesPerSecond must be a positive number, got ${messagesPerSecond}`);
		}
		this.intervalUs = Math.ceil(1_000_000 / (messagesPerSecond * (1 - safetyMargin)));
		if (!('reserveWhatsAppSendSlot' in client)) client.defineCommand('reserveWhatsAppSendSlot', { numberOfKeys: 1, lua: RESERVE_SLOT });
	}

	async acquire(key: string): Promise<void> {
		const waitUs = await (this.client as ReservingClient).reserveWhatsAppSendSlot(PREFIX + key, this.intervalUs, 60_000);
		if (waitUs > 0) await new Promise((resolve) => setTimeout(resolve, waitUs / 1000));
	}
}
