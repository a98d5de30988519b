/**
 * Paces sends per business phone number so that a batch stays under Meta's throughput limit
 * (80 messages/s by default) and never earns error 130429.
 * The interface is all the client knows: the Redis schedule shared by several n8n workers
 * (queue mode, nodes/shared/redis) implements it too.
 */
export interface SendRateLimiter {
	/**
	 * Resolves when one more request for `key` (a phone number id) may start, with the function to
	 * call once its answer is in: a limiter may count the request as in flight till then. A request
	 * that failed without an answer is not finished (it may still reach Meta).
	 */
	acquire(key: string): Promise<SendFinished>;
	/** Rejects every waiting acquire() and frees the timers. */
	stop?(): void;
}

/** Says that a request released by a SendRateLimiter has its answer. Safe to call twice. */
export type SendFinished = () => void;

const NOTHING_TO_FINISH: SendFinished = () => undefined;

export interface InProcessSendRateLimiterOptions {
	/** Requests per second per key. Meta's default per number is 80 (1,000 after upgrade, 20 for coexistence numbers). */
	messagesPerSecond?: number;
	/**
	 * Fraction of the rate kept in reserve (default 0.1): requests released exactly at the limit
	 * can reach Meta bunched up by network or event-loop jitter and fill a one-second window.
	 */
	safetyMargin?: number;
	/** Clock in milliseconds; monotonic by default. */
	now?: () => number;
}

/** The shared send schedule (Redis) could not be reached: the request was not sent. */
export class SendRateLimitUnavailableError extends Error {
	readonly hint: string;

	constructor(message: string, hint: string) {
		super(message);
		this.name = 'SendRateLimitUnavailableError';
		this.hint = hint;
	}
}

export const DEFAULT_MESSAGES_PER_SECOND = 80;
export const DEFAULT_SAFETY_MARGIN = 0.1;

const WINDOW_MS = 1000;

interface KeyState {
	waiting: Array<{ resolve: (finished: SendFinished) => void; reject: (error: Error) => void }>;
	/** Release times within the last second, oldest first. */
	releases: number[];
	/** When the next request may go, on the evenly spaced schedule. */
	nextAt: number;
	timer?: NodeJS.Timeout;
}

/**
 * Releases requests on an evenly spaced schedule of rate·(1−margin) per second, and never more
 * than that many within any second *as actually released*. After a late timer it catches up by
 * at most 25 ms of budget (Bottleneck's minTime schedule releases the whole backlog
 * of planned slots at once, which is how a batch earns 130429).
 */
export class InProcessSendRateLimiter implements SendRateLimiter {
	readonly messagesPerSecond: number;

	private readonly intervalMs: number;
	private readonly perWindow: number;
	private readonly burst: number;
	private readonly now: () => number;
	private readonly keys = new Map<string, KeyState>();
	private stopped = false;

	constructor(options: InProcessSendRateLimiterOptions = {}) {
		const rate = options.messagesPerSecond ?? DEFAULT_MESSAGES_PER_SECOND;
		if (!Number.isFinite(rate) || rate <= 0) throw new RangeError(`messagesPerSecond must be a positive number, got ${rate}`);
		const margin = options.safetyMargin ?? DEFAULT_SAFETY_MARGIN;
		if (!(margin >= 0 && margin < 1)) throw new RangeError(`safetyMargin must be at least 0 and below 1, got ${margin}`);
		this.messagesPerSecond = rate;
		const effectiveRate = rate * (1 - margin);
		this.intervalMs = WINDOW_MS / effectiveRate;
		this.perWindow = Math.max(1, Math.floor(effectiveRate));
		// A busy event loop fires timers late: up to 25 ms of budget may go at once to catch up,
		// never the whole backlog (bursts reach Meta unevenly and can fill its one-second window).
		this.burst = Math.max(2, Math.floor(this.perWindow / 40));
		this.now = options.now ?? (() => performance.now());
	}

	acquire(key: string): Promise<SendFinished> {
		if (this.stopped) return Promise.reject(new Error('The send rate limiter was stopped'));
		let state = this.keys.get(key);
		if (!state) {
			state = { waiting: [], releases: [], nextAt: -Infinity };
			this.keys.set(key, state);
		}
		const promise = new Promise<SendFinished>((resolve, reject) => state!.waiting.push({ resolve, reject }));
		if (!state.timer) this.pump(key, state);
		return promise;
	}

	stop(): void {
		this.stopped = true;
		for (const state of this.keys.values()) {
			clearTimeout(state.timer);
			state.waiting.splice(0).forEach((waiter) => waiter.reject(new Error('The send rate limiter was stopped')));
		}
		this.keys.clear();
	}

	private pump(key: string, state: KeyState): void {
		state.timer = undefined;
		while (state.waiting.length > 0) {
			const now = this.now();
			while (state.releases.length > 0 && now - state.releases[0] >= WINDOW_MS) state.releases.shift();
			const windowFull = state.releases.length >= this.perWindow;
			const earliest = Math.max(state.nextAt, windowFull ? state.releases[0] + WINDOW_MS : -Infinity);
			if (now < earliest) {
				state.timer = setTimeout(() => this.pump(key, state), earliest - now);
				return;
			}
			state.nextAt = Math.max(state.nextAt, now - (this.burst - 1) * this.intervalMs) + this.intervalMs;
			state.releases.push(now);
			// One process's releases reach Meta in the order and about the spacing they left: the margin
			// covers the jitter, so the answer's time is not needed here.
			state.waiting.shift()!.resolve(NOTHING_TO_FINISH);
		}
		// Idle keys keep their history (it expires by itself); an idle limiter holds no timer.
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
