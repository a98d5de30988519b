import type Redis from 'ioredis';

import { SendRateLimitUnavailableError, type SendFinished, type SendRateLimiter } from '../whatsapp/SendRateLimiter';
import { errorMessage } from '../caughtError';

const SLOT_PREFIX = 'n8n-nodes-whatsapp-mcp:send-slot:';
// The name the earlier release count used: workers of both versions count together during a rolling upgrade.
const SENDS_PREFIX = 'n8n-nodes-whatsapp-mcp:sent:';
const WINDOW_US = 1_000_000;
const KEY_TTL_MS = 60_000;
// The scripts hand numbers to Redis through string.format('%d'): Lua would print a microsecond clock as %.14g.

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
 * Gives a send a place among the ARGV[2] sends that may share any one-second window at Meta (a
 * sorted set scored by when each send was answered; sends in flight are scored ARGV[4] ahead, so
 * that a worker that died mid-send frees its place in the end). A send reaches Meta between its
 * release and its answer, whatever stalls its process or the network: holding its place from
 * release until a second after its answer bounds every second as Meta counts it. A send that
 * failed without an answer (timeout, reset) may still reach Meta: it stays counted until its
 * in-flight time is over.
 * Returns 0: go now. More: the place of the earliest answered send was taken over, go in that many
 * microseconds. Less than 0: every place is in flight, ask again in -result microseconds.
 */
const TAKE_PLACE = `
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000000 + tonumber(clock[2])
local window = tonumber(ARGV[1])
local inFlight = tonumber(ARGV[4])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', string.format('%d', now - window))
local wait = 0
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then
  local earliest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  local answeredAt = tonumber(earliest[2])
  if answeredAt > now then return -tonumber(ARGV[6]) end
  redis.call('ZREM', KEYS[1], earliest[1])
  wait = answeredAt + window - now
end
redis.call('ZADD', KEYS[1], string.format('%d', now + wait + inFlight), ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return wait
`;

/** Scores a released send by the time its answer came (only if it is still counted). */
const FINISH_SEND = `
local clock = redis.call('TIME')
return redis.call('ZADD', KEYS[1], 'XX', string.format('%d', tonumber(clock[1]) * 1000000 + tonumber(clock[2])), ARGV[1])
`;

type SchedulingClient = Redis & {
	reserveWhatsAppSendSlot(key: string, intervalUs: number, ttlMs: number): Promise<number>;
	takeWhatsAppSendPlace(
		key: string,
		windowUs: number,
		maxPerWindow: number,
		member: string,
		inFlightUs: number,
		ttlMs: number,
		pollUs: number,
	): Promise<number>;
	finishWhatsAppSend(key: string, member: string): Promise<number>;
};

/**
 * No fraction of the rate is kept in reserve: a send's place is bounded by its answer, whatever the
 * jitter (the in-process limiter, which counts releases only, keeps 0.1). The price is throughput:
 * a place is held for a second plus the send's round trip, so the sustained rate is the limit /
 * (1 s + round trip). Meta counts a number's messages per sliding second; rate-limiter-flexible,
 * the usual library, counts whole-second fixed windows, which let twice the rate through across a
 * window edge: hence these short scripts.
 */
export interface RedisSendRateLimiterOptions {
	/** The longest a send may wait for its answer (the client's timeout): a send not answered stays counted until then. */
	longestSendMs?: number;
}

/** Beyond the client's timeout, for a timer that fires late. */
const IN_FLIGHT_SLACK_MS = 5_000;
/** While every place is held by a send in flight, how often to look again. */
const IN_FLIGHT_POLL_US = 20_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
let sendCounter = 0;
const instance = `${process.pid}-${Math.random().toString(36).slice(2, 10)}`;

export class RedisSendRateLimiter implements SendRateLimiter {
	private readonly intervalUs: number;
	private readonly maxPerWindow: number;
	private readonly inFlightUs: number;
	/** The sends key outlives every send it counts. */
	private readonly sendsKeyTtlMs: number;

	constructor(
		private readonly client: Redis,
		readonly messagesPerSecond: number,
		options: RedisSendRateLimiterOptions = {},
	) {
		if (!Number.isFinite(messagesPerSecond) || messagesPerSecond <= 0) {
			throw new RangeError(`messagesPerSecond must be a positive number, got ${messagesPerSecond}`);
		}
		this.intervalUs = Math.ceil(1_000_000 / messagesPerSecond);
		this.maxPerWindow = Math.max(1, Math.floor(messagesPerSecond));
		const inFlightMs = (options.longestSendMs ?? 30_000) + IN_FLIGHT_SLACK_MS;
		this.inFlightUs = inFlightMs * 1000;
		this.sendsKeyTtlMs = Math.max(KEY_TTL_MS, inFlightMs + WINDOW_US / 1000);
		if (!('reserveWhatsAppSendSlot' in client)) client.defineCommand('reserveWhatsAppSendSlot', { numberOfKeys: 1, lua: RESERVE_SLOT });
		if (!('takeWhatsAppSendPlace' in client)) client.defineCommand('takeWhatsAppSendPlace', { numberOfKeys: 1, lua: TAKE_PLACE });
		if (!('finishWhatsAppSend' in client)) client.defineCommand('finishWhatsAppSend', { numberOfKeys: 1, lua: FINISH_SEND });
	}

	async acquire(key: string): Promise<SendFinished> {
		const client = this.client as SchedulingClient;
		const slotUs = await client.reserveWhatsAppSendSlot(SLOT_PREFIX + key, this.intervalUs, KEY_TTL_MS);
		if (slotUs > 0) await sleep(slotUs / 1000);
		const sendsKey = SENDS_PREFIX + key;
		const member = `${instance}-${++sendCounter}`;
		for (;;) {
			const waitUs = await client.takeWhatsAppSendPlace(sendsKey, WINDOW_US, this.maxPerWindow, member, this.inFlightUs, this.sendsKeyTtlMs, IN_FLIGHT_POLL_US);
			// Node's timers may fire up to a millisecond early by the wall clock Redis and Meta keep.
			if (waitUs > 0) await sleep(Math.ceil(waitUs / 1000) + 1);
			if (waitUs >= 0) break;
			await sleep(-waitUs / 1000);
		}
		let finished = false;
		return () => {
			if (finished) return;
			finished = true;
			// Unrecorded (Redis gone), the send stops counting when its in-flight time runs out.
			client.finishWhatsAppSend(sendsKey, member).catch(() => undefined);
		};
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

	async acquire(key: string): Promise<SendFinished> {
		if (Date.now() >= this.redisDownUntil) {
			try {
				return await this.redis.acquire(key);
			} catch (error) {
				this.redisDownUntil = Date.now() + REDIS_RETRY_AFTER_MS;
				this.lastFailure = `${this.where}: ${errorMessage(error)}`;
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
		return this.fallback.limiter.acquire(key);
	}
}
