// The connection pool against real server-everything processes over stdio.
import { McpConnectionPool } from '../../nodes/shared/mcp/McpConnectionPool';
import { McpOperations } from '../../nodes/shared/mcp/McpOperations';
import type { McpConnectionSettings } from '../../nodes/shared/mcp/connectionSettings';
import { McpClientError } from '../../nodes/shared/mcp/errors';
import { EVERYTHING_BIN, processesWithMarker, ROOT, uniqueMarker, waitFor } from './mcp-support/servers';

jest.setTimeout(60_000);

function stdioSettings(marker: string): McpConnectionSettings {
	return { transport: 'stdio', command: process.execPath, args: [EVERYTHING_BIN, 'stdio', marker] };
}

let pool: McpConnectionPool;
const markers: string[] = [];
function marker(): string {
	const value = uniqueMarker();
	markers.push(value);
	return value;
}

beforeEach(() => {
	pool = new McpConnectionPool({ maxSize: 5, idleTtlMs: 60_000 });
});

afterEach(async () => {
	await pool.closeAll();
});

afterAll(async () => {
	// No server started by these tests outlives them.
	await waitFor(() => markers.every((m) => processesWithMarker(m).length === 0), 5000, 'test servers to exit');
});

test('many calls with the same settings share one server process', async () => {
	const m = marker();
	const ops = new McpOperations(pool, stdioSettings(m));
	for (let i = 0; i < 20; i++) {
		const result = await ops.callTool({ name: 'get-sum', arguments: { a: i, b: 1 } });
		expect(result.text).toContain(String(i + 1));
	}
	expect(pool.stats.opened).toBe(1);
	expect(processesWithMarker(m)).toHaveLength(1);
});

test('concurrent first uses share a single connect', async () => {
	const m = marker();
	const ops = new McpOperations(pool, stdioSettings(m));
	const results = await Promise.all(Array.from({ length: 10 }, (_, i) => ops.callTool({ name: 'echo', arguments: { message: `m${i}` } })));
	expect(results.map((r) => r.text)).toEqual(Array.from({ length: 10 }, (_, i) => `Echo: m${i}`));
	expect(pool.stats.opened).toBe(1);
	expect(processesWithMarker(m)).toHaveLength(1);
});

test('different settings get different connections', async () => {
	const [m1, m2] = [marker(), marker()];
	await new McpOperations(pool, stdioSettings(m1)).ping();
	await new McpOperations(pool, stdioSettings(m2)).ping();
	expect(pool.size).toBe(2);
	expect(processesWithMarker(m1)).toHaveLength(1);
	expect(processesWithMarker(m2)).toHaveLength(1);
});

test('beyond maxSize the least recently used connection is closed with its server', async () => {
	pool = new McpConnectionPool({ maxSize: 2, idleTtlMs: 60_000 });
	const [m1, m2, m3] = [marker(), marker(), marker()];
	await new McpOperations(pool, stdioSettings(m1)).ping();
	await new McpOperations(pool, stdioSettings(m2)).ping();
	await new McpOperations(pool, stdioSettings(m1)).ping(); // m1 is now the most recent
	await new McpOperations(pool, stdioSettings(m3)).ping();
	expect(pool.size).toBe(2);
	expect(pool.stats.evicted).toBe(1);
	await waitFor(() => processesWithMarker(m2).length === 0, 5000, 'evicted server to exit');
	expect(processesWithMarker(m1)).toHaveLength(1);
	expect(processesWithMarker(m3)).toHaveLength(1);
});

test('an idle connection is closed after the TTL and reopened on the next use', async () => {
	pool = new McpConnectionPool({ maxSize: 5, idleTtlMs: 200 });
	const m = marker();
	const ops = new McpOperations(pool, stdioSettings(m));
	await ops.ping();
	await waitFor(() => pool.size === 0, 5000, 'idle connection to be closed');
	expect(pool.stats.closedIdle).toBe(1);
	await waitFor(() => processesWithMarker(m).length === 0, 5000, 'idle server to exit');
	await ops.ping();
	expect(pool.stats.opened).toBe(2);
});

test('a server killed between calls is replaced on the next call', async () => {
	const m = marker();
	const ops = new McpOperations(pool, stdioSettings(m));
	await ops.callTool({ name: 'echo', arguments: { message: 'before' } });
	const [pid] = processesWithMarker(m);
	process.kill(pid, 'SIGKILL');
	await waitFor(() => processesWithMarker(m).length === 0, 5000, 'server to die');
	const after = await ops.callTool({ name: 'echo', arguments: { message: 'after' } });
	expect(after.text).toBe('Echo: after');
	expect(pool.stats.opened).toBe(2);
	expect(processesWithMarker(m)).toHaveLength(1);
	expect(processesWithMarker(m)[0]).not.toBe(pid);
});

test('a server killed during a call fails that call clearly, and the next call reconnects', async () => {
	const m = marker();
	const ops = new McpOperations(pool, stdioSettings(m));
	await ops.ping();
	const [pid] = processesWithMarker(m);
	const running = ops.callTool({ name: 'trigger-long-running-operation', arguments: { duration: 5, steps: 5 } });
	setTimeout(() => process.kill(pid, 'SIGKILL'), 300);
	const error = await running.catch((e: unknown) => e);
	expect(error).toBeInstanceOf(McpClientError);
	expect((error as McpClientError).kind).toBe('serverExited');
	expect((error as McpClientError).message).toMatch(/closed the connection/);
	const next = await ops.callTool({ name: 'echo', arguments: { message: 'again' } });
	expect(next.text).toBe('Echo: again');
});

test('a command that does not exist fails with a clear error naming it', async () => {
	const ops = new McpOperations(pool, { transport: 'stdio', command: 'mcp-server-that-does-not-exist-42', args: [] });
	const error = (await ops.ping().catch((e: unknown) => e)) as McpClientError;
	expect(error).toBeInstanceOf(McpClientError);
	expect(error.kind).toBe('commandNotFound');
	expect(error.message).toBe('The command "mcp-server-that-does-not-exist-42" was not found');
	expect(error.hint).toMatch(/full path/);
});

test('a server that exits at start reports its stderr', async () => {
	const ops = new McpOperations(pool, {
		transport: 'stdio',
		command: process.execPath,
		args: ['-e', 'console.error("missing API_KEY: set it in the environment"); process.exit(3)'],
	});
	const error = (await ops.ping().catch((e: unknown) => e)) as McpClientError;
	expect(error.kind).toBe('serverExited');
	expect(error.message).toContain('missing API_KEY: set it in the environment');
});

test('arguments and environment values with spaces, commas, = and JSON reach the server intact', async () => {
	const m = marker();
	const tricky = 'a b,c=d {"json": [1, 2]}';
	const ops = new McpOperations(pool, {
		...stdioSettings(m),
		env: [{ name: 'TRICKY_VALUE', value: tricky }],
		cwd: ROOT,
	});
	const result = await ops.callTool({ name: 'get-env', arguments: {} });
	expect(JSON.parse(result.text).TRICKY_VALUE).toBe(tricky);
});

test('closing a server started through a shell ends its grandchildren too', async () => {
	const m = marker();
	// The shell forks the server (no exec: a command follows) and a helper process that ignores
	// stdin: neither dies when the SDK closes stdin and signals only the shell.
	const helper = `"${process.execPath}" -e "setInterval(() => {}, 1000)" ${m}-helper`;
	const script = `${helper} & "${process.execPath}" "${EVERYTHING_BIN}" stdio ${m}-server; echo done`;
	const ops = new McpOperations(pool, { transport: 'stdio', command: 'sh', args: ['-c', script, m] });
	await ops.ping();
	// sh, the helper and the server (the sh command line names both markers, so count by exact marker).
	expect(processesWithMarker(`${m}-helper`).length).toBe(2);
	expect(processesWithMarker(`${m}-server`).length).toBe(2);
	await pool.closeAll();
	expect(processesWithMarker(m)).toEqual([]);
});

test('a server started through npx leaves nothing behind after closeAll', async () => {
	const m = marker();
	const ops = new McpOperations(pool, { transport: 'stdio', command: 'npx', args: ['--no-install', 'mcp-server-everything', 'stdio', m], cwd: ROOT });
	await ops.ping();
	expect(processesWithMarker(m).length).toBeGreaterThanOrEqual(2);
	await pool.closeAll();
	expect(processesWithMarker(m)).toEqual([]);
});

test('when the process exits without closing, the exit hook ends every server process', async () => {
	const m = marker();
	const { spawnSync } = await import('child_process');
	const child = spawnSync(process.execPath, [require.resolve('tsx/cli'), 'test/integration/mcp-support/exit-hook-child.ts', m], {
		cwd: ROOT,
		encoding: 'utf8',
		timeout: 30_000,
	});
	expect(child.stdout).toContain('connected');
	expect(child.status).toBe(0);
	expect(processesWithMarker(m)).toEqual([]);
});

test('a stdio server that prints a non-JSON line to stdout keeps its connection', async () => {
	const m = marker();
	// The shell writes a stray line on the server's stdout before the server starts.
	const script = `echo "starting up, not JSON"; exec "${process.execPath}" "${EVERYTHING_BIN}" stdio ${m}`;
	const ops = new McpOperations(pool, { transport: 'stdio', command: 'sh', args: ['-c', script] });
	expect((await ops.callTool({ name: 'echo', arguments: { message: 'one' } })).text).toBe('Echo: one');
	expect((await ops.callTool({ name: 'echo', arguments: { message: 'two' } })).text).toBe('Echo: two');
	expect(pool.stats.opened).toBe(1);
});
