import Bottleneck from 'bottleneck';

/**
 * Paces sends per business phone number so that a batch stays under Meta's throughput limit
 * (80 messages/s by default) and never earns error 130429.
 * The interface is all the client knows: a store shared by several n8n workers (queue mode) can
 * replace the in-process one later (Bottleneck itself can be backed by Redis).
 */
export interface SendRateLimiter {
	/** Resolves when one more request for `key` (a phone number id) may start. */
	acquire(key: string): Promise<void>;
	/** Stops pending timers; later acquire() calls reject. */
	stop?(): Promise<void>;
}

export interface InProcessSendRateLimiterOptions {
	/** Requests per second per key. Meta's default per number is 80 (1,000 after upgrade, 20 for coexistence numbers). */
	messagesPerSecond?: number;
	/**
	 * Fraction of the rate kept in reserve (default 0.05): requests paced exactly at the limit can
	 * reach Meta bunched up by network or event-loop jitter and fill a one-second window.
	 */
	safetyMargin?: number;
}

export const DEFAULT_MESSAGES_PER_SECOND = 80;
export const DEFAULT_SAFETY_MARGIN = 0.05;

/** Spaces request starts evenly per key, 1000/(rate·(1−margin)) ms apart: no burst can exceed the rate in any one-second window. */
export class InProcessSendRateLimiter implements SendRateLimiter {
	readonly messagesPerSecond: number;

	private readonly group: Bottleneck.Group;

	constructor(options: InProcessSendRateLimiterOptions = {}) {
		const rate = options.messagesPerSecond ?? DEFAULT_MESSAGES_PER_SECOND;
		if (!Number.isFinite(rate) || rate <= 0) {
			throw new RangeError(`messagesPerSecond must be a positive number, got ${rate}`);
		}
		const margin = options.safetyMargin ?? DEFAULT_SAFETY_MARGIN;
		if (!(margin >= 0 && margin < 1)) throw new RangeError(`safetyMargin must be at least 0 and below 1, got ${margin}`);
		this.messagesPerSecond = rate;
		this.group = new Bottleneck.Group({ minTime: 1000 / (rate * (1 - margin)), maxConcurrent: null });
	}

	async acquire(key: string): Promise<void> {
		await this.group.key(key).schedule(async () => undefined);
	}

	async stop(): Promise<void> {
		await Promise.all(this.group.limiters().map(({ limiter }) => limiter.stop({ dropWaitingJobs: true })));
	}
}

const sharedLimiters = new Map<number, InProcessSendRateLimiter>();

/**
 * One limiter per configured rate for the whole process, so that concurrent executions and
 * workflows sending from the same number share the budget.
 */
export function sharedSendRateLimiter(messagesPerSecond = DEFAULT_MESSAGES_PER_SECOND): SendRateLimiter {
	let limiter = sharedLimiters.get(messagesPerSecond);
	if (!limiter) {
		limiter = new InProcessSendRateLimiter({ messagesPerSecond });
		sharedLimiters.set(messagesPerSecond, limiter);
	}
	return limiter;
}
