import { runItemsConcurrently } from './runItemsConcurrently';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('runItemsConcurrently', () => {
	it('returns results in input order whatever order they finish in', async () => {
		const results = await runItemsConcurrently(5, 3, async (i) => {
			for (let t = 0; t < 5 - i; t++) await tick();
			return i * 10;
		});
		expect(results).toEqual([0, 10, 20, 30, 40]);
	});

	it('never runs more than the concurrency at once', async () => {
		let running = 0;
		let most = 0;
		await runItemsConcurrently(20, 4, async () => {
			running++;
			most = Math.max(most, running);
			await tick();
			running--;
		});
		expect(most).toBe(4);
	});

	it('starts no new item after a failure and throws the first failure by index', async () => {
		const started: number[] = [];
		const run = runItemsConcurrently(10, 2, async (i) => {
			started.push(i);
			if (i === 1) throw new Error('item 1 failed');
			await tick();
			return i;
		});
		await expect(run).rejects.toThrow('item 1 failed');
		expect(started).toEqual([0, 1]);
	});

	it('runs one at a time when the setting is missing or not a positive number', async () => {
		for (const concurrency of [Number.NaN, 0, -3, 0.5]) {
			let running = 0;
			let most = 0;
			const results = await runItemsConcurrently(3, concurrency, async (i) => {
				running++;
				most = Math.max(most, running);
				await tick();
				running--;
				return i;
			});
			expect(results).toEqual([0, 1, 2]);
			expect(most).toBe(1);
		}
	});

	it('handles no items', async () => {
		expect(await runItemsConcurrently(0, 5, async () => 1)).toEqual([]);
	});
});
