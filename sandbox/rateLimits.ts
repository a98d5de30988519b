// Counts events in a sliding window per key (one number's throughput, one recipient's pair rate).

export class SlidingWindowLimit {
	private readonly times = new Map<string, number[]>();

	constructor(
		private readonly maxEvents: number,
		private readonly windowMs: number,
	) {}

	/** Records an event for `key` and says whether it stayed within the limit (refused events are not counted). */
	tryTake(key: string, now = Date.now()): boolean {
		const recent = (this.times.get(key) ?? []).filter((t) => now - t < this.windowMs);
		if (recent.length >= this.maxEvents) {
			this.times.set(key, recent);
			return false;
		}
		recent.push(now);
		this.times.set(key, recent);
		return true;
	}

	clear() {
		this.times.clear();
	}
}
