import type { DedupeJournal } from './dedupeJournal';

/**
 * Remembers which webhook events were already handled, so that Meta's retries of a delivery
 * start no second execution. Async so that a shared store (Redis, for n8n's queue mode with
 * several webhook processes) implements the same interface.
 */
export interface DedupeStore {
	/**
	 * Records `key` for `ttlMs` milliseconds and says whether this is its first sighting in that
	 * window: true = new (handle it), false = a duplicate (drop it). Check and record are one
	 * step, so two concurrent deliveries of the same key cannot both see true.
	 * Rejects when the store cannot be reached (the delivery must then be refused, not accepted).
	 */
	claim(key: string, ttlMs: number): Promise<boolean>;
	/** Sets the claims of a delivery n8n took over to last `ttlMs` from now (the full window). */
	confirm(keys: string[], ttlMs: number): Promise<void>;
	/** Forgets claims whose delivery could not be handed to n8n, so that Meta's redelivery is accepted. */
	release(keys: string[]): Promise<void>;
}

export interface InMemoryDedupeStoreOptions {
	/** Most keys kept; the oldest are forgotten first when full, so memory stays bounded. */
	maxKeys?: number;
	/** Milliseconds since the epoch; injectable so that expiry can be tested without waiting. */
	now?: () => number;
	/** Where claims are kept across restarts of the process (without one they die with it). */
	journal?: DedupeJournal;
}

/** A DedupeStore in this process's memory: right for a single n8n main or webhook process. */
export class InMemoryDedupeStore implements DedupeStore {
	// Map keeps insertion order, and a re-claimed key is re-inserted, so iteration order is
	// mostly expiry order: the sweep stops at the first live key. A confirmed claim (longer TTL)
	// can hide expired ones behind it for a while; lookups check the expiry, and maxKeys bounds memory.
	private readonly expiresAt = new Map<string, number>();

	private readonly maxKeys: number;

	private readonly now: () => number;

	private readonly journal?: DedupeJournal;

	constructor(options: InMemoryDedupeStoreOptions = {}) {
		this.maxKeys = options.maxKeys ?? 100_000;
		this.now = options.now ?? Date.now;
		this.journal = options.journal;
		if (this.journal) {
			const now = this.now();
			// Oldest expiry first, so that the map's order stays expiry order for the sweep.
			const kept = [...this.journal.load()].filter(([, until]) => until > now).sort((a, b) => a[1] - b[1]);
			for (const [key, until] of kept.slice(-this.maxKeys)) this.expiresAt.set(key, until);
			this.journal.rewrite(this.expiresAt);
		}
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
		this.journal?.recordClaim(key, now + ttlMs, this.expiresAt);
		while (this.expiresAt.size > this.maxKeys) {
			const oldest = this.expiresAt.keys().next().value as string;
			this.expiresAt.delete(oldest);
		}
		return true;
	}

	async confirm(keys: string[], ttlMs: number): Promise<void> {
		const until = this.now() + ttlMs;
		for (const key of keys) {
			if (!this.expiresAt.has(key)) continue;
			this.expiresAt.delete(key);
			this.expiresAt.set(key, until);
			this.journal?.recordClaim(key, until, this.expiresAt);
		}
	}

	async release(keys: string[]): Promise<void> {
		for (const key of keys) {
			if (this.expiresAt.delete(key)) this.journal?.recordRelease(key, this.expiresAt);
		}
	}

	private sweep(now: number): void {
		for (const [key, until] of this.expiresAt) {
			if (until > now) break;
			this.expiresAt.delete(key);
		}
	}
}
