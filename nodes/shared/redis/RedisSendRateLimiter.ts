import type Redis from 'ioredis';

import { SendRateLimitUnavailableError, type SendRateLimiter } from '../whatsapp/SendRateLimiter';

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

/** How late a woken send may still use its slot. */
const LATE_SLOT_MS = 25;
/** Slots one send may take before it goes regardless (a starved event loop is late every time). */
const MAX_RESERVATIONS = 3;

type ReservingClient = Redis & { reserveWhatsAppSendSlot(key: string, intervalUs: number, ttlMs: number): Promise<number> };

/**
 * Fraction of the rate kept in reserve. Smaller than the in-process limiter's 0.1: the schedule is
 * exact (one clock), and the margin only has to absorb the jitter between a slot and the
 * request's arrival at Meta.
 */
export const REDIS_SAFETY_MARGIN = 0.06;

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
		for (let attempt = 1; ; attempt++) {
			const waitUs = await (this.client as ReservingClient).reserveWhatsAppSendSlot(PREFIX + key, this.intervalUs, 60_000);
			const slot = performance.now() + waitUs / 1000;
			if (waitUs > 0) await new Promise((resolve) => setTimeout(resolve, waitUs / 1000));
			// A busy event loop fires timers late, and all late ones at once: a send that missed its
			// slot by more than a moment takes a new one instead of going out in that bunch.
			if (performance.now() - slot <= LATE_SLOT_MS || attempt === MAX_RESERVATIONS) return;
		}
	}
}

const REDIS_RETRY_AFTER_MS = 5_000;

export interface RedisFallback {
	limiter: SendRateLimiter;
	warn(message: string): void;
}

/**
 * The Redis schedule, and what to do when Redis cannot be reached: fail the send with a clear
 * error (default: a second schedule per worker could exceed Meta's limit), or, if the user chose
 * it, use this process's own limiter and say so once.
 */
export class SharedSendRateLimiter implements SendRateLimiter {
	private warned = false;
	// After a failure Redis is skipped for a moment: each try costs up to the command timeout.
	private redisDownUntil = 0;
	private lastFailure = '';

	constructor(
		private readonly redis: RedisSendRateLimiter,
		private readonly where: string,
		private readonly fallback?: RedisFallback,
	) {}

	async acquire(key: string): Promise<void> {
		if (Date.now() >= this.redisDownUntil) {
			try {
				return await this.redis.acquire(key);
			} catch (error) {
				this.redisDownUntil = Date.now() + REDIS_RETRY_AFTER_MS;
				this.lastFailure = `${this.where}: ${(error as Error).message}`;
			}
		}
		if (!this.fallback) {
			throw new SendRateLimitUnavailableError(
				`The shared send rate limit (Redis) cannot be reached, so nothing was sent (${this.lastFailure})`,
				'Start Redis again or fix the Redis credential, or set Sending Settings → "If Redis Is Unreachable" to "Use This Process\'s Limit".',
			);
		}
		if (!this.warned) {
			this.warned = true;
			this.fallback.warn(`the shared send rate limit (Redis) cannot be reached (${this.lastFailure}); sending under this process's own limit instead`);
		}
		await this.fallback.limiter.acquire(key);
	}
}
