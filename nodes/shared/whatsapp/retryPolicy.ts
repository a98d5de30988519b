import { isTransientGraphCode } from './GraphApiError';

/**
 * When a failed Cloud API call may be sent again. The rule that matters: a message is never sent
 * twice. A send is retried only when Meta surely did not accept it — it answered with a rate
 * limit or an error body, or the connection never opened. A send that timed out or lost its
 * connection after the request went out may have been accepted, so it is not retried.
 */

export interface RetryOptions {
	/** Retries after the first attempt. */
	retries: number;
	/** Delay before the first retry; doubles each time. */
	baseDelayMs: number;
	/** No single wait is longer; a Retry-After beyond it means giving up instead. */
	maxDelayMs: number;
}

export const DEFAULT_RETRY_OPTIONS: RetryOptions = { retries: 4, baseDelayMs: 300, maxDelayMs: 20_000 };

/** `idempotent`: reading, deleting, marking as read — harmless to repeat. `send`: creates something (a message, an upload). */
export type RequestKind = 'idempotent' | 'send';

export interface FailedAttempt {
	/** HTTP status when a response came back. */
	httpStatus?: number;
	/** Graph error code when the response carried a Graph error body. */
	graphCode?: number;
	/** Node/axios error code when no response came back (ECONNREFUSED, ETIMEDOUT, ECONNABORTED, ECONNRESET…). */
	networkCode?: string;
}

/** Failures that happen before a byte of the request reaches the server. */
const CONNECTION_NEVER_OPENED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL']);

/** Failures after which the server may have processed the request. */
const OUTCOME_UNKNOWN = new Set(['ECONNRESET', 'ETIMEDOUT', 'ECONNABORTED', 'EPIPE', 'ERR_SOCKET_CONNECTION_TIMEOUT']);

export function isRetryableFailure(failure: FailedAttempt, kind: RequestKind): boolean {
	if (failure.httpStatus === undefined) {
		if (!failure.networkCode) return false;
		if (CONNECTION_NEVER_OPENED.has(failure.networkCode)) return true;
		return kind === 'idempotent' && OUTCOME_UNKNOWN.has(failure.networkCode);
	}
	const status = failure.httpStatus;
	if (failure.graphCode !== undefined) {
		// Graph answered with an error object: the request was rejected, not accepted.
		return isTransientGraphCode(failure.graphCode) || status === 429 || status >= 500;
	}
	if (status === 429 || status === 503) return true;
	// A bare 500/502/504 from a proxy says nothing about whether Meta processed the send.
	return kind === 'idempotent' && status >= 500;
}

/**
 * Exponential backoff with jitter: base·2^(n-1), at least Retry-After, plus up to 20 % random,
 * capped at maxDelayMs. Returns undefined when Retry-After asks for more than maxDelayMs.
 */
export function retryDelayMs(
	retryNumber: number,
	retryAfterMs: number | undefined,
	options: RetryOptions = DEFAULT_RETRY_OPTIONS,
	random: () => number = Math.random,
): number | undefined {
	if (retryAfterMs !== undefined && retryAfterMs > options.maxDelayMs) return undefined;
	const backoff = options.baseDelayMs * 2 ** Math.max(0, retryNumber - 1);
	const delay = Math.max(backoff, retryAfterMs ?? 0);
	return Math.min(options.maxDelayMs, delay + delay * 0.2 * random());
}

/** Parses a Retry-After header: seconds or an HTTP date. */
export function parseRetryAfter(header: unknown, now: number = Date.now()): number | undefined {
	if (typeof header !== 'string' && typeof header !== 'number') return undefined;
	const text = String(header).trim();
	if (text === '') return undefined;
	const seconds = Number(text);
	if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
	const date = Date.parse(text);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
