import { InProcessSendRateLimiter } from './SendRateLimiter';

const maxInAnySecond = (times: number[]) => {
	let max = 0;
	for (let start = 0, end = 0; end < times.length; end++) {
		while (times[end] - times[start] >= 1000) start++;
		max = Math.max(max, end - start + 1);
	}
	return max;
};

describe('InProcessSendRateLimiter', () => {
	describe('on a simulated clock', () => {
		beforeEach(() => jest.useFakeTimers({ now: 0 }));
		afterEach(() => jest.useRealTimers());

		const releaseTimes = (limiter: InProcessSendRateLimiter, count: number) => {
			const released: number[] = [];
			for (let i = 0; i < count; i++) void limiter.acquire('123').then(() => released.push(Date.now()));
			return released;
		};

		it('never releases more than the rate less the margin within any second', async () => {
			const released = releaseTimes(new InProcessSendRateLimiter({ messagesPerSecond: 100, safetyMargin: 0.1, now: () => Date.now() }), 300);
			await jest.advanceTimersByTimeAsync(10_000);
			expect(released).toHaveLength(300);
			expect(maxInAnySecond(released)).toBe(90);
		});

		it('reaches the rate less the margin: 300 requests at 90/s take 3.3 s', async () => {
			const released = releaseTimes(new InProcessSendRateLimiter({ messagesPerSecond: 100, safetyMargin: 0.1, now: () => Date.now() }), 300);
			await jest.advanceTimersByTimeAsync(3400);
			expect(released).toHaveLength(300);
			expect(Math.round(released[299] / 100) / 10).toBe(3.3);
		});

		it('catches up at most 25 ms of budget after the event loop stalled, not the backlog', async () => {
			const released = releaseTimes(new InProcessSendRateLimiter({ messagesPerSecond: 1000, safetyMargin: 0, now: () => Date.now() }), 1000);
			await jest.advanceTimersByTimeAsync(100);
			const before = released.length;
			jest.setSystemTime(Date.now() + 500); // half a second passes with no timer firing: a backlog of 500
			// The next 20 ms release about 20 on schedule, plus at most 25 to catch up.
			await jest.advanceTimersByTimeAsync(20);
			expect(released.length - before).toBeGreaterThan(25);
			expect(released.length - before).toBeLessThanOrEqual(20 + 25 + 1);
		});
	});

	it('keeps a separate budget per phone number', async () => {
		const limiter = new InProcessSendRateLimiter({ messagesPerSecond: 1, safetyMargin: 0 });
		await limiter.acquire('number-a');
		// A second request for the same number would wait a second; another number goes at once.
		const order: string[] = [];
		await Promise.race([limiter.acquire('number-a').then(() => order.push('a')), limiter.acquire('number-b').then(() => order.push('b'))]);
		expect(order).toEqual(['b']);
		limiter.stop();
	});

	it('rejects waiting requests when stopped', async () => {
		const limiter = new InProcessSendRateLimiter({ messagesPerSecond: 1, safetyMargin: 0 });
		await limiter.acquire('k');
		const waiting = limiter.acquire('k');
		limiter.stop();
		await expect(waiting).rejects.toThrow('stopped');
	});

	it('refuses a rate that is not positive', () => {
		expect(() => new InProcessSendRateLimiter({ messagesPerSecond: 0 })).toThrow(RangeError);
	});
});
