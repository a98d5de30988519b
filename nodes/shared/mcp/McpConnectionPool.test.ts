// The pool with fake connections; the real opener against real servers is in test/integration/mcp-pool.test.ts.
import type { McpConnectionSettings } from './connectionSettings';
import { settle } from './errors';
import { McpConnectionPool, poolOptionsFromEnv, type McpPoolOptions, type PooledConnection } from './McpConnectionPool';

test('pool limits come from the environment', () => {
	expect(poolOptionsFromEnv({ MCP_CLIENT_POOL_MAX_SIZE: '4', MCP_CLIENT_POOL_IDLE_TTL_MS: '60000' })).toEqual({ maxSize: 4, idleTtlMs: 60000 });
});

test('missing or invalid limits keep the defaults', () => {
	expect(new McpConnectionPool(poolOptionsFromEnv({ MCP_CLIENT_POOL_MAX_SIZE: '0', MCP_CLIENT_POOL_IDLE_TTL_MS: 'soon' })).options).toEqual({
		maxSize: 20,
		idleTtlMs: 300_000,
	});
});

// The pool alone, with fake connections: what it promises about opening, sharing and closing.

/** A connection whose transport the test controls; it records when it is closed. */
class FakeConnection implements PooledConnection {
	closed = false;

	readonly pid = undefined;

	/** When true, close() returns before the close event arrives (it comes with transportEnded()). */
	closeEventLate = false;

	private closedListeners: Array<() => void> = [];

	constructor(readonly settings: McpConnectionSettings) {}

	isServerAlive(): boolean {
		return true;
	}

	onClosed(listener: () => void): void {
		if (this.closed) listener();
		else this.closedListeners.push(listener);
	}

	async close(): Promise<void> {
		if (!this.closeEventLate) this.transportEnded();
	}

	killSync(): void {
		this.transportEnded();
	}

	/** What the SDK's onclose (or a fatal onerror) does: the session is over. */
	transportEnded(): void {
		if (this.closed) return;
		this.closed = true;
		for (const listener of this.closedListeners.splice(0)) listener();
	}
}

function deferred<T>() {
	let resolve!: (value: T) => void;
	let reject!: (error: unknown) => void;
	const promise = new Promise<T>((res, rej) => {
		resolve = res;
		reject = rej;
	});
	return { promise, resolve, reject };
}

const serverA: McpConnectionSettings = { transport: 'streamableHttp', url: 'http://a.test/mcp' };
const serverB: McpConnectionSettings = { transport: 'streamableHttp', url: 'http://b.test/mcp' };
const serverC: McpConnectionSettings = { transport: 'streamableHttp', url: 'http://c.test/mcp' };

/** A pool whose opener hands out fakes, each one listed in `opened`. */
function fakePool(options: McpPoolOptions = {}) {
	const opened: FakeConnection[] = [];
	const openConnection = jest.fn(async (settings: McpConnectionSettings) => {
		const connection = new FakeConnection(settings);
		opened.push(connection);
		return connection;
	});
	return { pool: new McpConnectionPool(options, openConnection), opened, openConnection };
}

const whichConnection = async (connection: FakeConnection) => connection;

/** Starts a call on the server's connection that runs until finish() is called; resolves once it runs. */
async function startLongCall(pool: McpConnectionPool<FakeConnection>, settings: McpConnectionSettings) {
	const started = deferred<FakeConnection>();
	const finish = deferred<void>();
	const result = pool.use(settings, async (connection) => {
		started.resolve(connection);
		await finish.promise;
		return 'done';
	});
	return { connection: await started.promise, finish: () => finish.resolve(), result };
}

let pools: Array<McpConnectionPool<FakeConnection>> = [];
function track<T extends { pool: McpConnectionPool<FakeConnection> }>(made: T): T {
	pools.push(made.pool);
	return made;
}

afterEach(async () => {
	jest.useRealTimers();
	await Promise.all(pools.map(async (pool) => await pool.closeAll()));
	pools = [];
});

describe('opening', () => {
	test('concurrent first uses of one server open one connection and share it', async () => {
		const opening = deferred<FakeConnection>();
		const openConnection = jest.fn(async () => await opening.promise);
		const pool = new McpConnectionPool<FakeConnection>({}, openConnection);
		pools.push(pool);
		const uses = [1, 2, 3].map(async () => await pool.use(serverA, whichConnection));
		const connection = new FakeConnection(serverA);
		opening.resolve(connection);
		expect(await Promise.all(uses)).toEqual([connection, connection, connection]);
		expect(openConnection).toHaveBeenCalledTimes(1);
		expect(pool.stats.opened).toBe(1);
	});

	test('a failed open fails every waiter with the same error and is not remembered', async () => {
		const opening = deferred<FakeConnection>();
		let opens = 0;
		const openConnection = jest.fn(async (settings: McpConnectionSettings) => (++opens === 1 ? await opening.promise : new FakeConnection(settings)));
		const pool = new McpConnectionPool<FakeConnection>({}, openConnection);
		pools.push(pool);
		const uses = [1, 2].map(async () => await settle(pool.use(serverA, whichConnection)));
		const refused = new Error('connect ECONNREFUSED');
		opening.reject(refused);
		expect(await Promise.all(uses)).toEqual([
			{ ok: false, error: refused },
			{ ok: false, error: refused },
		]);
		expect(pool.size).toBe(0);
		// The next use tries again rather than replaying the failure.
		await expect(pool.use(serverA, whichConnection)).resolves.toBeInstanceOf(FakeConnection);
		expect(openConnection).toHaveBeenCalledTimes(2);
	});

	test('later uses of one server reuse its open connection', async () => {
		const { pool, openConnection } = track(fakePool());
		const first = await pool.use(serverA, whichConnection);
		expect(await pool.use(serverA, whichConnection)).toBe(first);
		expect(openConnection).toHaveBeenCalledTimes(1);
	});
});

describe('eviction', () => {
	test('beyond maxSize the least recently used idle connection is closed', async () => {
		const { pool, opened } = track(fakePool({ maxSize: 2 }));
		await pool.use(serverA, whichConnection);
		await pool.use(serverB, whichConnection);
		await pool.use(serverA, whichConnection); // A is now the most recent
		await pool.use(serverC, whichConnection);
		const [a, b, c] = opened;
		expect([a.closed, b.closed, c.closed]).toEqual([false, true, false]);
		expect(pool.stats.evicted).toBe(1);
	});

	test('eviction passes over a busy connection to the least recently used idle one', async () => {
		const { pool } = track(fakePool({ maxSize: 2 }));
		const callOnA = await startLongCall(pool, serverA);
		await pool.use(serverB, whichConnection);
		await pool.use(serverC, whichConnection); // A is busy, so B, the idle one, goes
		expect(callOnA.connection.closed).toBe(false);
		expect(pool.size).toBe(2);
		callOnA.finish();
		await expect(callOnA.result).resolves.toBe('done');
		await pool.use(serverB, whichConnection); // now A is the least recently used, and idle
		expect(callOnA.connection.closed).toBe(true);
		expect(pool.size).toBe(2);
	});

	test('a connection over maxSize while its call runs is closed after the call, not before', async () => {
		const { pool } = track(fakePool({ maxSize: 1 }));
		const callOnA = await startLongCall(pool, serverA);
		const callOnB = await startLongCall(pool, serverB);
		expect(pool.size).toBe(2);
		expect([callOnA.connection.closed, callOnB.connection.closed]).toEqual([false, false]);
		callOnA.finish();
		await expect(callOnA.result).resolves.toBe('done');
		expect([callOnA.connection.closed, callOnB.connection.closed]).toEqual([true, false]);
		expect(pool.size).toBe(1);
		callOnB.finish();
		await callOnB.result;
	});

	test('a connection just opened for a call is not evicted before that call runs', async () => {
		const { pool } = track(fakePool({ maxSize: 1 }));
		const callOnA = await startLongCall(pool, serverA);
		// The pool is full of busy connections: B opens beyond maxSize and must still serve its call.
		const closedWhenCalled = await pool.use(serverB, async (connection) => connection.closed);
		expect(closedWhenCalled).toBe(false);
		expect(callOnA.connection.closed).toBe(false);
		callOnA.finish();
		await callOnA.result;
		// Back within maxSize once the call is over: the least recently used idle connection goes.
		expect(pool.size).toBe(1);
	});
});

describe('idle TTL', () => {
	test('a connection idle for the TTL is closed by the sweep, and the next use opens a new one', async () => {
		jest.useFakeTimers();
		const { pool, opened } = track(fakePool({ idleTtlMs: 1000 }));
		await pool.use(serverA, whichConnection);
		jest.advanceTimersByTime(999);
		expect(opened[0].closed).toBe(false);
		jest.advanceTimersByTime(1000); // the sweep runs every TTL/2
		expect(opened[0].closed).toBe(true);
		expect(pool.stats.closedIdle).toBe(1);
		expect(await pool.use(serverA, whichConnection)).toBe(opened[1]);
	});

	test('a connection busy for longer than the TTL is kept until the TTL after its call', async () => {
		jest.useFakeTimers();
		const { pool, opened } = track(fakePool({ idleTtlMs: 1000 }));
		const call = deferred<void>();
		const running = pool.use(serverA, async () => await call.promise);
		await jest.advanceTimersByTimeAsync(5000);
		expect(opened[0].closed).toBe(false);
		call.resolve();
		await running;
		jest.advanceTimersByTime(500);
		expect(opened[0].closed).toBe(false);
		jest.advanceTimersByTime(1000);
		expect(opened[0].closed).toBe(true);
	});
});

describe('transport end', () => {
	test('a connection whose transport closes or fails is dropped and reopened on the next use', async () => {
		const { pool, opened } = track(fakePool());
		await pool.use(serverA, whichConnection);
		opened[0].transportEnded();
		expect(pool.size).toBe(0);
		expect(pool.stats.dropped).toBe(1);
		expect(await pool.use(serverA, whichConnection)).toBe(opened[1]);
	});

	test('a late close from a replaced connection does not drop its successor', async () => {
		const { pool, opened } = track(fakePool());
		let calls = 0;
		// The first attempt finds its connection broken; the pool replaces it and runs again.
		await pool.use(serverA, async (connection) => {
			if (calls++ > 0) return connection;
			connection.closeEventLate = true;
			throw new Error('Not connected');
		});
		const [old, successor] = opened;
		expect(pool.stats.replaced).toBe(1);
		old.transportEnded(); // the old session's close event arrives after its successor is in place
		expect(pool.size).toBe(1);
		expect(await pool.use(serverA, whichConnection)).toBe(successor);
	});
});
