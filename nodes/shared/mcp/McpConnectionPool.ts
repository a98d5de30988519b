import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import type { RequestOptions } from '@modelcontextprotocol/sdk/shared/protocol.js';
import { StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

import { connectionKey, describeServer, type McpConnectionSettings } from './connectionSettings';
import { McpClientError, settle } from './errors';
import { McpConnection } from './McpConnection';

export interface McpPoolOptions {
	/** Most open connections; the least recently used idle one is closed beyond it. */
	maxSize?: number;
	/** An idle connection is closed after this long unused. */
	idleTtlMs?: number;
}

/**
 * When a call fails because its connection broke, may it run again on a fresh one?
 * - 'always': reads (list, read, get, ping) — repeating them is harmless.
 * - 'ifNotDelivered': tool calls — only when the request cannot have reached the server,
 *   so a tool with side effects never runs twice.
 */
export type McpRetryPolicy = 'always' | 'ifNotDelivered';

/** What the pool needs of a connection: McpConnection in production, a fake in the pool's tests. */
export interface PooledConnection {
	readonly closed: boolean;
	/** The stdio server's pid, so that process exit can end it; undefined for HTTP. */
	readonly pid: number | undefined;
	isServerAlive(): boolean;
	onClosed(listener: () => void): void;
	close(): Promise<void>;
	killSync(): void;
}

/** Opens one connection for these settings; the pool calls it once per key at a time. */
export type OpenPooledConnection<Connection extends PooledConnection> = (
	settings: McpConnectionSettings,
	requestOptions: RequestOptions,
) => Promise<Connection>;

/** The real opener: a client session with the MCP server the settings describe. */
export const openMcpConnection: OpenPooledConnection<McpConnection> = async (settings, requestOptions) => await McpConnection.open(settings, requestOptions);

interface PoolEntry<Connection extends PooledConnection> {
	connection: Connection;
	lastUsedAt: number;
	inUse: number;
}

export interface McpPoolStats {
	opened: number;
	closedIdle: number;
	evicted: number;
	dropped: number;
	replaced: number;
}

const DEFAULTS = { maxSize: 20, idleTtlMs: 5 * 60_000 };

/**
 * Owns every MCP connection of the process: shared across items and executions, keyed by the
 * connection settings, one connect at a time per key, closed when idle, evicted LRU beyond a
 * maximum, dropped when its transport dies and reopened on the next use.
 */
export class McpConnectionPool<Connection extends PooledConnection = McpConnection> {
	readonly options: Required<McpPoolOptions>;

	readonly stats: McpPoolStats = { opened: 0, closedIdle: 0, evicted: 0, dropped: 0, replaced: 0 };

	// Map order is recency order: an entry is moved to the end on every use.
	private readonly entries = new Map<string, PoolEntry<Connection>>();

	private readonly connecting = new Map<string, Promise<Connection>>();

	private readonly openConnection: OpenPooledConnection<Connection>;

	private readonly closing = new Set<Promise<void>>();

	private sweepTimer?: NodeJS.Timeout;

	private readonly exitHook = () => this.killAllSync();

	private exitHookInstalled = false;

	/** openConnection defaults to the real one; only the pool's own tests pass another. */
	constructor(options: McpPoolOptions = {}, openConnection?: OpenPooledConnection<Connection>) {
		this.options = { ...DEFAULTS, ...options };
		// Without an opener Connection is its default, McpConnection, so the real opener fits.
		this.openConnection = openConnection ?? (openMcpConnection as unknown as OpenPooledConnection<Connection>);
	}

	get size(): number {
		return this.entries.size;
	}

	/** Open connections' stdio server pids (for process accounting). */
	get serverPids(): number[] {
		return [...this.entries.values()].map((entry) => entry.connection.pid).filter((pid): pid is number => pid !== undefined);
	}

	/**
	 * Runs fn on the pooled connection for these settings, opening it if needed. If the
	 * connection turns out to be broken, it is replaced once and fn runs again (see McpRetryPolicy).
	 */
	async use<T>(
		settings: McpConnectionSettings,
		fn: (connection: Connection) => Promise<T>,
		options: { requestOptions?: RequestOptions; retry?: McpRetryPolicy } = {},
	): Promise<T> {
		const requestOptions = options.requestOptions ?? {};
		const key = connectionKey(settings);
		const first = await this.acquire(key, settings, requestOptions);
		const attempt = await settle(this.runOn(key, first, fn));
		if (attempt.ok) return attempt.value;
		if (!this.isBrokenConnection(attempt.error, first, options.retry ?? 'always', requestOptions.signal)) {
			throw attempt.error;
		}
		this.stats.replaced++;
		this.drop(key, first);
		const second = await this.acquire(key, settings, requestOptions);
		return await this.runOn(key, second, fn);
	}

	private async runOn<T>(key: string, connection: Connection, fn: (connection: Connection) => Promise<T>): Promise<T> {
		const entry = this.entries.get(key);
		if (entry?.connection === connection) entry.inUse++;
		try {
			return await fn(connection);
		} finally {
			if (entry?.connection === connection) {
				entry.inUse--;
				entry.lastUsedAt = Date.now();
			}
			this.enforceMaxSize();
		}
	}

	private async acquire(key: string, settings: McpConnectionSettings, requestOptions: RequestOptions): Promise<Connection> {
		const entry = this.entries.get(key);
		// A stdio server can die between calls before the SDK notices; /proc knows at once.
		if (entry && !entry.connection.closed && !entry.connection.isServerAlive()) {
			this.stats.dropped++;
			this.drop(key, entry.connection);
		}
		if (entry && !entry.connection.closed) {
			entry.lastUsedAt = Date.now();
			this.entries.delete(key);
			this.entries.set(key, entry);
			return entry.connection;
		}
		if (entry) this.entries.delete(key);
		let pending = this.connecting.get(key);
		if (!pending) {
			// The shared connect must not die with one waiter's execution: it gets only the timeouts.
			const { timeout, maxTotalTimeout } = requestOptions;
			pending = this.open(key, settings, { timeout, maxTotalTimeout });
			this.connecting.set(key, pending);
			const forget = () => this.connecting.delete(key);
			pending.then(forget, forget);
		}
		return await raceAbort(pending, requestOptions.signal, settings);
	}

	private async open(key: string, settings: McpConnectionSettings, requestOptions: RequestOptions): Promise<Connection> {
		const connection = await this.openConnection(settings, requestOptions);
		this.stats.opened++;
		this.entries.set(key, { connection, lastUsedAt: Date.now(), inUse: 0 });
		connection.onClosed(() => {
			if (this.entries.get(key)?.connection === connection) {
				this.entries.delete(key);
				this.stats.dropped++;
			}
		});
		if (connection.pid !== undefined && !this.exitHookInstalled) {
			process.on('exit', this.exitHook);
			this.exitHookInstalled = true;
		}
		this.startSweeping();
		// Not the new one: its call has not started yet (runOn evicts once that call is over).
		this.enforceMaxSize(key);
		return connection;
	}

	private isBrokenConnection(error: unknown, connection: Connection, policy: McpRetryPolicy, signal?: AbortSignal): boolean {
		if (signal?.aborted) return false;
		if (notDelivered(error)) return true;
		if (policy === 'ifNotDelivered') return false;
		return connection.closed || (error instanceof McpError && error.code === ErrorCode.ConnectionClosed);
	}

	private drop(key: string, connection: Connection): void {
		if (this.entries.get(key)?.connection === connection) this.entries.delete(key);
		this.track(connection.close());
	}

	private track(closing: Promise<void>): void {
		const tracked = closing.catch(() => undefined).finally(() => this.closing.delete(tracked));
		this.closing.add(tracked);
	}

	/** Closes idle connections beyond maxSize, least recently used first; `keep` is spared. */
	private enforceMaxSize(keep?: string): void {
		let excess = this.entries.size - Math.max(1, this.options.maxSize);
		for (const [key, entry] of this.entries) {
			if (excess <= 0) break;
			if (entry.inUse > 0 || key === keep) continue;
			this.entries.delete(key);
			this.stats.evicted++;
			this.track(entry.connection.close());
			excess--;
		}
	}

	/** Closes connections idle for longer than idleTtlMs. */
	closeIdle(now = Date.now()): void {
		for (const [key, entry] of this.entries) {
			if (entry.inUse === 0 && now - entry.lastUsedAt >= this.options.idleTtlMs) {
				this.entries.delete(key);
				this.stats.closedIdle++;
				this.track(entry.connection.close());
			}
		}
		if (this.entries.size === 0) this.stopSweeping();
	}

	private startSweeping(): void {
		if (this.sweepTimer) return;
		const every = Math.max(50, Math.min(30_000, Math.floor(this.options.idleTtlMs / 2)));
		this.sweepTimer = setInterval(() => this.closeIdle(), every);
		this.sweepTimer.unref();
	}

	private stopSweeping(): void {
		if (this.sweepTimer) clearInterval(this.sweepTimer);
		this.sweepTimer = undefined;
	}

	/** Closes every connection (stdio servers with their whole process tree) and waits for it. */
	async closeAll(): Promise<void> {
		this.stopSweeping();
		await Promise.allSettled([...this.connecting.values()]);
		for (const [key, entry] of this.entries) {
			this.entries.delete(key);
			this.track(entry.connection.close());
		}
		await Promise.all([...this.closing]);
		process.off('exit', this.exitHook);
		this.exitHookInstalled = false;
	}

	/** On process exit nothing asynchronous runs: signal every server tree synchronously. */
	private killAllSync(): void {
		for (const entry of this.entries.values()) entry.connection.killSync();
	}
}

/** True when the request cannot have reached the server (no session, refused, not connected). */
function notDelivered(error: unknown): boolean {
	if (error instanceof StreamableHTTPError && error.code === 404) return true; // session unknown: server restarted
	const message = String((error as Error)?.message ?? '');
	if (/^Not connected$/.test(message)) return true;
	let current = error as { code?: unknown; cause?: unknown } | undefined;
	for (let depth = 0; current && depth < 5; depth++) {
		if (current.code === 'ECONNREFUSED' || current.code === 'EPIPE') return true;
		current = current.cause as typeof current;
	}
	return false;
}

async function raceAbort<T>(promise: Promise<T>, signal: AbortSignal | undefined, settings: McpConnectionSettings): Promise<T> {
	if (!signal) return await promise;
	const cancelled = () =>
		new McpClientError('cancelled', `Connecting to the MCP server ${describeServer(settings)} was cancelled`, 'The execution was stopped.');
	if (signal.aborted) throw cancelled();
	let onAbort: () => void = () => undefined;
	const aborted = new Promise<never>((_, reject) => {
		onAbort = () => reject(cancelled());
		signal.addEventListener('abort', onAbort, { once: true });
	});
	try {
		return await Promise.race([promise, aborted]);
	} finally {
		signal.removeEventListener('abort', onAbort);
	}
}

let shared: McpConnectionPool | undefined;

/** Pool limits from the environment n8n runs with; anything missing or invalid keeps the default. */
export function poolOptionsFromEnv(env: Record<string, string | undefined>): McpPoolOptions {
	const positive = (value: string | undefined) => (value && /^\d+$/.test(value.trim()) && Number(value) > 0 ? Number(value) : undefined);
	const options: McpPoolOptions = {};
	const maxSize = positive(env.MCP_CLIENT_POOL_MAX_SIZE);
	const idleTtlMs = positive(env.MCP_CLIENT_POOL_IDLE_TTL_MS);
	if (maxSize) options.maxSize = maxSize;
	if (idleTtlMs) options.idleTtlMs = idleTtlMs;
	return options;
}

/**
 * The process-wide pool that every McpClient node shares. Its limits can be set where n8n
 * starts: MCP_CLIENT_POOL_MAX_SIZE (default 20) and MCP_CLIENT_POOL_IDLE_TTL_MS (default 300000).
 */
export function sharedMcpPool(): McpConnectionPool {
	shared ??= new McpConnectionPool(poolOptionsFromEnv(process.env));
	return shared;
}
