import type Redis from 'ioredis';

import { SendRateLimitUnavailableError, type SendRateLimiter } from '../whatsapp/SendRateLimiter';

const SLOT_PREFIX = 'n8n-nodes-whatsapp-mcp:send-slot:';
const RELEASE_PREFIX = 'n8n-nodes-whatsapp-mcp:sent:';
const WINDOW_US = 1_000_000;
const KEY_TTL_MS = 60_000;

/**
 * Reserves the next free send slot of a phone number on one schedule shared by every worker
 * (GCRA without burst): slots are 1/rate apart on Redis's clock, and the caller waits for its
 * slot. Returns the microseconds to wait.
 */
const RESERVE_SLOT = `
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000000 + tonumber(clock[2])
local nextFree = tonumber(redis.call('GET', KEYS[1]) or '0')
local slot = math.max(nextFree, now)
redis.call('SET', KEYS[1], string.format('%d', slot + tonumber(ARGV[1])), 'PX', ARGV[2])
return slot - now
`;

/**
 * Records a send as it actually goes out, if fewer than ARGV[2] went out in the last second (a
 * sorted set of release times): a worker whose event loop stalled wakes all its due sends at once,
 * and this keeps such a bunch within the limit. Returns 0 when recorded, else the microseconds
 * until the oldest release leaves the window.
 */
const RECORD_RELEASE = `
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000000 + tonumber(clock[2])
local window = tonumber(ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[2]) then
  redis.call('ZADD', KEYS[1], now, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], ARGV[4])
  return 0
end
local oldest = tonumber(redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')[2])
return math.max(1, oldest + window - now)
`;

type SchedulingClient = Redis & {
	reserveWhatsAppSendSlot(key: string, intervalUs: number, ttlMs: number): Promise<number>;
	recordWhatsAppSend(key: string, windowUs: number, maxPerWindow: number, member: string, ttlMs: number): Promise<number>;
};

/**
 * Fraction of the rate kept in reserve. Smaller than the in-process limiter's 0.1: the schedule and
 * the count run on one clock, and the margin only has to absorb the jitter between a send leaving
 * and its arrival at Meta. Meta counts a number's messages per sliding second; rate-limiter-flexible,
 * the usual library, counts whole-second fixed windows, which let twice the rate through across a
 * window edge: hence these two short scripts.
 */
export const REDIS_SAFETY_MARGIN = 0.07;

/** How late the answer to a release may arrive and still stand for the send's real time. */
const LATE_ANSWER_MS = 20;
/** A starved event loop is late every time: after this many records the send goes anyway. */
const MAX_RECORD_ATTEMPTS = 5;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
let sendCounter = 0;
const instance = `${process.pid}-${Math.random().toString(36).slice(2, 10)}`;

export class RedisSendRateLimiter implements SendRateLimiter {
	private readonly intervalUs: number;
	private readonly maxPerWindow: number;

	constructor(
		private readonly client: Redis,
		readonly messagesPerSecond: number,
		safetyMargin = REDIS_SAFETY_MARGIN,
	) {
		if (!Number.isFinite(messagesPerSecond) || messagesPerSecond <= 0) {
			throw new RangeError(`messagesPerSecond must be a positive number, got ${messagesPerSecond}`);
		}
		const rate = messagesPerSecond * (1 - safetyMargin);
		this.intervalUs = Math.ceil(1_000_000 / rate);
		this.maxPerWindow = Math.max(1, Math.floor(rate));
		if (!('reserveWhatsAppSendSlot' in client)) client.defineCommand('reserveWhatsAppSendSlot', { numberOfKeys: 1, lua: RESERVE_SLOT });
		if (!('recordWhatsAppSend' in client)) client.defineCommand('recordWhatsAppSend', { numberOfKeys: 1, lua: RECORD_RELEASE });
	}

	async acquire(key: string): Promise<void> {
		const client = this.client as SchedulingClient;
		const waitUs = await client.reserveWhatsAppSendSlot(SLOT_PREFIX + key, this.intervalUs, KEY_TTL_MS);
		if (waitUs > 0) await sleep(waitUs / 1000);
		const member = `${instance}-${++sendCounter}`;
		for (let attempt = 1; ; attempt++) {
			const asked = performance.now();
			const moreUs = await client.recordWhatsAppSend(RELEASE_PREFIX + key, WINDOW_US, this.maxPerWindow, member, KEY_TTL_MS);
			if (moreUs > 0) {
				await sleep(moreUs / 1000);
				continue;
			}
			// An answer that reached us late (the event loop was busy) recorded a time the send will
			// not keep: it goes out now, with whatever else woke up. Record it again at the real time.
			if (performance.now() - asked <= LATE_ANSWER_MS || attempt >= MAX_RECORD_ATTEMPTS) return;
			await client.zrem(RELEASE_PREFIX + key, member);
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
