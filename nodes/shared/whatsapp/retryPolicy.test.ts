import { isRetryableFailure, parseRetryAfter, retryDelayMs } from './retryPolicy';

describe('isRetryableFailure for a send (never sent twice)', () => {
	it.each([4, 80007, 130429, 131056])('retries Graph rate-limit code %i', (graphCode) => {
		expect(isRetryableFailure({ httpStatus: 400, graphCode }, 'send')).toBe(true);
	});

	it('retries HTTP 429 and 503, which say the request was refused', () => {
		expect(isRetryableFailure({ httpStatus: 429 }, 'send')).toBe(true);
		expect(isRetryableFailure({ httpStatus: 503 }, 'send')).toBe(true);
	});

	it('retries a 5xx that carries a Graph error body (Graph refused it)', () => {
		expect(isRetryableFailure({ httpStatus: 500, graphCode: 1 }, 'send')).toBe(true);
	});

	it('does not retry a bare 500, 502 or 504, after which Meta may have sent the message', () => {
		for (const httpStatus of [500, 502, 504]) expect(isRetryableFailure({ httpStatus }, 'send')).toBe(false);
	});

	it('retries when the connection never opened', () => {
		expect(isRetryableFailure({ networkCode: 'ECONNREFUSED' }, 'send')).toBe(true);
	});

	it('does not retry a timeout or a reset, after which Meta may have sent the message', () => {
		for (const networkCode of ['ECONNABORTED', 'ETIMEDOUT', 'ECONNRESET']) expect(isRetryableFailure({ networkCode }, 'send')).toBe(false);
	});

	it.each([100, 131009, 131047, 131026, 190, 132001])('does not retry final Graph code %i', (graphCode) => {
		expect(isRetryableFailure({ httpStatus: 400, graphCode }, 'send')).toBe(false);
	});
});

describe('isRetryableFailure for an idempotent request', () => {
	it('retries timeouts, resets and any 5xx', () => {
		expect(isRetryableFailure({ networkCode: 'ECONNABORTED' }, 'idempotent')).toBe(true);
		expect(isRetryableFailure({ networkCode: 'ECONNRESET' }, 'idempotent')).toBe(true);
		expect(isRetryableFailure({ httpStatus: 502 }, 'idempotent')).toBe(true);
	});

	it('does not retry a 4xx other than 429', () => {
		expect(isRetryableFailure({ httpStatus: 404 }, 'idempotent')).toBe(false);
	});
});

describe('retryDelayMs', () => {
	const noJitter = () => 0;
	const options = { retries: 5, baseDelayMs: 100, maxDelayMs: 5000 };

	it('doubles with each retry', () => {
		expect([1, 2, 3, 4].map((n) => retryDelayMs(n, undefined, options, noJitter))).toEqual([100, 200, 400, 800]);
	});

	it('adds up to 20 % jitter', () => {
		expect(retryDelayMs(1, undefined, options, () => 1)).toBe(120);
	});

	it('waits at least as long as Retry-After asks', () => {
		expect(retryDelayMs(1, 2000, options, noJitter)).toBe(2000);
	});

	it('never waits longer than maxDelayMs', () => {
		expect(retryDelayMs(10, undefined, options, noJitter)).toBe(5000);
	});

	it('gives up (undefined) when Retry-After is beyond maxDelayMs', () => {
		expect(retryDelayMs(1, 60_000, options)).toBeUndefined();
	});
});

describe('parseRetryAfter', () => {
	it('reads seconds', () => expect(parseRetryAfter('3')).toBe(3000));
	it('reads an HTTP date', () => expect(parseRetryAfter('Tue, 24 Nov 2026 12:00:05 GMT', Date.parse('Tue, 24 Nov 2026 12:00:00 GMT'))).toBe(5000));
	it('ignores garbage', () => expect(parseRetryAfter('soon')).toBeUndefined());
	it('ignores a missing header', () => expect(parseRetryAfter(undefined)).toBeUndefined());
});
