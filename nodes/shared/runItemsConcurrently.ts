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
	const workers = Math.max(1, Math.min(concurrency, count));
	await Promise.all(Array.from({ length: workers }, worker));
	if (failures.size > 0) throw failures.get(Math.min(...failures.keys()));
	return results;
}
