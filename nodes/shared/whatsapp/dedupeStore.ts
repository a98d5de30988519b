/**
 * Remembers which webhook events were already handled, so that Meta's retries of a delivery
 * start no second execution. Async so that a shared store (Redis `SET key 1 NX PX ttl`, for n8n's
 * queue mode with several webhook processes) can implement the same interface.
 */
export interface DedupeStore {
	/**
	 * Records `key` for `ttlMs` milliseconds and says whether this is its first sighting in that
	 * window: true = new (handle it), false = a duplicate (drop it). Check and record are one
	 * step, so two concurrent deliveries of the same key cannot both see true.
	 */
	claim(key: string, ttlMs: number): Promise<boolean>;
}

export interface InMemoryDedupeStoreOptions {
	/** Most keys kept; the oldest are forgotten first when full, so memory stays bounded. */
	maxKeys?: number;
	/** Milliseconds since the epoch; injectable so that expiry can be tested without waiting. */
	now?: () => number;
}

/** A DedupeStore in this process's memory: right for a single n8n main or webhook process. */
export class InMemoryDedupeStore implements DedupeStore {
	// Map keeps insertion order, and a re-claimed key is re-inserted, so iteration order is
	// expiry order when every claim uses the same TTL: the sweep can stop at the first live key.
	private readonly expiresAt = new Map<string, number>();

	private readonly maxKeys: number;

	private readonly now: () => number;

	constructor(options: InMemoryDedupeStoreOptions = {}) {
		this.maxKeys = options.maxKeys ?? 100_000;
		this.now = options.now ?? Date.now;
	}

	get size(): number {
		return this.expiresAt.size;
	}

	async claim(key: string, ttlMs: number): Promise<boolean> {
		return this.claimSync(key, ttlMs);
	}

	/** The same as claim(), for callers that need no await (and for the benchmark). */
	claimSync(key: string, ttlMs: number): boolean {
		const now = this.now();
		this.sweep(now);
		const until = this.expiresAt.get(key);
		if (until !== undefined && until > now) return false;
		this.expiresAt.delete(key);
		this.expiresAt.set(key, now + ttlMs);
		while (this.expiresAt.size > this.maxKeys) {
			const oldest = this.expiresAt.keys().next().value as string;
			this.expiresAt.delete(oldest);
		}
		return true;
	}

	private sweep(now: number): void {
		for (const [key, until] of this.expiresAt) {
			if (until > now) break;
			this.expiresAt.delete(key);
		}
	}
}
