// Small measuring kit shared by the benchmarks: percentiles, a bounded-concurrency driver and the
// ratio line every bench prints (ours against a reference measured in the same run).

export function percentile(samples: number[], p: number): number {
	if (samples.length === 0) return NaN;
	const sorted = [...samples].sort((a, b) => a - b);
	const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
	return sorted[rank];
}

export function median(samples: number[]): number {
	return percentile(samples, 50);
}

/** Runs `task(i)` for i in [0, count) with at most `concurrency` in flight; returns each latency in ms. */
export async function timeConcurrently(count: number, concurrency: number, task: (index: number) => Promise<void>): Promise<number[]> {
	const latencies: number[] = new Array(count);
	let next = 0;
	const worker = async () => {
		while (next < count) {
			const index = next++;
			const started = process.hrtime.bigint();
			await task(index);
			latencies[index] = Number(process.hrtime.bigint() - started) / 1e6;
		}
	};
	await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
	return latencies;
}

export function ms(value: number): string {
	return `${value.toFixed(value < 10 ? 2 : 0)} ms`;
}

export function ratio(ours: number, reference: number): string {
	return `${(ours / reference).toFixed(2)}×`;
}

/** Prints a Markdown table (the README takes these as they are). */
export function printTable(headers: string[], rows: Array<Array<string | number>>): void {
	console.log(`| ${headers.join(' | ')} |`);
	console.log(`|${headers.map(() => '---').join('|')}|`);
	for (const row of rows) console.log(`| ${row.join(' | ')} |`);
}
