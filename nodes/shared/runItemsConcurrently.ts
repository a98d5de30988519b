/**
 * Runs `task` for indexes 0..count-1 with at most `concurrency` at once; results keep input order.
 * After a failure no new item starts (the ones in flight finish), and the first failure by
 * index is thrown — so stopping on an error never leaves later items half-sent in the dark.
 */
export async function runItemsConcurrently<T>(count: number, concurrency: number, task: (index: number) => Promise<T>): Promise<T[]> {
	const results = new Array<T>(count);
	const failures = new Map<number, unknown>();
	let next = 0;
	const worker = async () => {
		while (next < count && failures.size === 0) {
			const index = next++;
			try {
				results[index] = await task(index);
			} catch (error) {
				failures.set(index, error);
			}
		}
	};
	// A missing, fractional or nonsensical setting means one at a time (NaN here once meant no workers at all).
	const limit = Number.isFinite(concurrency) && concurrency >= 1 ? Math.floor(concurrency) : 1;
	const workers = Math.min(limit, count);
	await Promise.all(Array.from({ length: workers }, worker));
	if (failures.size > 0) throw failures.get(Math.min(...failures.keys()));
	return results;
}
