// The demo shop's MCP server as users start it: `tsx demo/server/main.ts` over stdio and over
// HTTP (Streamable HTTP sessions, legacy SSE), with its SQLite file surviving a restart.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import type { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

import { ShopDatabase } from '../../demo/server/shopDatabase';
import { type RunningDemoServer, startDemoServer } from '../../demo/server/startDemoServer';
import { callerFor, connectHttp, connectStdio, DEMO_MAIN, JAMES, MARIA, REPO_ROOT, TSX } from './demo-server-support/demoShopClient';

jest.setTimeout(60_000);

function processIsGone(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return false;
	} catch {
		return true;
	}
}

async function until(condition: () => boolean, what: string): Promise<void> {
	for (let attempt = 0; attempt < 200; attempt++) {
		if (condition()) return;
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
	throw new Error(`Gave up waiting: ${what}`);
}

describe('over stdio (tsx demo/server/main.ts --transport stdio)', () => {
	let client: Client;
	beforeAll(async () => {
		client = await connectStdio();
	});
	afterAll(() => client?.close());

	test('lists the shop tools', async () => {
		expect((await client.listTools()).tools).toHaveLength(17);
	});

	test('answers the _meta customer and hides the orders of others', async () => {
		expect((await callerFor(client, MARIA).ok('get_order_status', { orderNumber: 'ORD-10042' })).order.status).toBe('shipped');
		expect(await callerFor(client, JAMES).fails('get_order_status', { orderNumber: 'ORD-10042' })).toMatch(/^Order ORD-10042 was not found/);
	});

	test('reports bad arguments as schema errors', async () => {
		expect(await callerFor(client, MARIA).fails('check_stock', { sku: 42 })).toMatch(/Input validation error.*sku/s);
	});

	test('ends its process when the client closes the connection', async () => {
		const own = await connectStdio();
		const pid = (own.transport as StdioClientTransport).pid!;
		expect(processIsGone(pid)).toBe(false);
		await own.close();
		await until(() => processIsGone(pid), `process ${pid} to end`);
	});
});

describe('over HTTP in process (startDemoServer)', () => {
	let running: RunningDemoServer;
	beforeEach(async () => {
		running = await startDemoServer({ transport: 'http', port: 0, log: () => undefined });
	});
	afterEach(() => running.close());

	test('listens on loopback only and reports health', async () => {
		expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
		const health = await fetch(new URL('/health', running.url));
		expect(await health.json()).toMatchObject({ status: 'ok', name: 'demo-shop', sessions: 0 });
	});

	test('keeps one session per client, each with its own customer', async () => {
		const maria = await connectHttp(running.url!);
		const james = await connectHttp(running.url!);
		const [mine, theirs] = await Promise.all([callerFor(maria, MARIA).ok('list_customer_orders'), callerFor(james, JAMES).ok('list_customer_orders')]);
		expect([mine.customer.name, theirs.customer.name]).toEqual(['Maria Garcia', 'James Okafor']);
		expect((await (await fetch(new URL('/health', running.url))).json()).sessions).toBe(2);
		await Promise.all([maria.close(), james.close()]);
	});

	test('answers an unknown session id with 404 so clients start a new session', async () => {
		const response = await fetch(running.url!, {
			method: 'POST',
			headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-session-id': 'no-such-session' },
			body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
		});
		expect(response.status).toBe(404);
		expect((await response.json()).error.message).toMatch(/Session no-such-session not found/);
	});

	test('asks for initialize first when a request has no session', async () => {
		const response = await fetch(running.url!, {
			method: 'POST',
			headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
			body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
		});
		expect(response.status).toBe(400);
		expect((await response.json()).error.message).toMatch(/first request must be "initialize"/);
	});

	test('serves the same tools over the legacy HTTP+SSE transport', async () => {
		const client = new Client({ name: 'demo-server-test', version: '1.0.0' });
		await client.connect(new SSEClientTransport(new URL(running.sseUrl!)));
		expect((await callerFor(client, MARIA).ok('get_ticket', { ticketId: 'TCK-2001' })).ticket.subject).toBe('Blender arrived with a cracked jug');
		await client.close();
	});
});

describe('in process with a database file', () => {
	let dataDir: string;
	let dbPath: string;
	let running: RunningDemoServer | undefined;
	let client: Client | undefined;

	beforeEach(() => {
		dataDir = mkdtempSync(join(tmpdir(), 'demo-shop-'));
		dbPath = join(dataDir, 'demo-shop.sqlite');
	});
	afterEach(async () => {
		await client?.close();
		await running?.close();
		client = running = undefined;
		rmSync(dataDir, { recursive: true, force: true });
	});

	async function start(): Promise<Client> {
		running = await startDemoServer({ transport: 'http', port: 0, dbPath, log: () => undefined });
		return (client = await connectHttp(running.url!));
	}

	test('adds the privacy tables to a file written by a version without them, keeping its data', async () => {
		const old = await ShopDatabase.open({ path: dbPath });
		old.transaction(() => {
			old.run('DROP TABLE marketing_consents');
			old.run('DROP TABLE marketing_suppressions');
			old.run("UPDATE customers SET name = 'Maria G.' WHERE wa_id = ?", [MARIA]);
		});
		old.close();

		const maria = callerFor(await start(), MARIA);
		expect((await callerFor(client!).ok('find_customer_by_phone', { phone: MARIA })).customer.name).toBe('Maria G.');
		expect(await maria.ok('set_marketing_preference', { preference: 'stop' })).toMatchObject({ marketing: 'stopped', changed: true });
		expect((await maria.ok('erase_my_data', { confirm: true })).erased).toMatchObject({ customerProfilesDeleted: 1, ordersAnonymised: 3 });
		await client!.close();
		await running!.close();

		const again = callerFor(await start(), MARIA);
		expect(await again.ok('get_marketing_consent')).toMatchObject({ marketing: 'stopped', source: 'suppression_list' });
		expect((await again.ok('erase_my_data', { confirm: true })).nothingLeft).toBe(true);
	});

	test("leaves no trace of an erased customer's profile and tickets in the file", async () => {
		await callerFor(await start(), MARIA).ok('erase_my_data', { confirm: true });
		const file = readFileSync(dbPath);
		expect(file.includes('James Okafor')).toBe(true); // the file is plain enough to search
		for (const trace of ['Maria Garcia', 'maria.garcia@example.com', '418 Lavaca St', 'The jug of my blender was cracked', '1Z999AA10123456784']) {
			expect({ trace, found: file.includes(trace) }).toEqual({ trace, found: false });
		}
	});
});

describe('from the command line with a database file', () => {
	let dataDir: string;
	let server: ChildProcess | undefined;

	beforeEach(() => {
		dataDir = mkdtempSync(join(tmpdir(), 'demo-shop-'));
	});
	afterEach(async () => {
		if (server && server.exitCode === null) {
			server.kill('SIGTERM');
			await new Promise((resolve) => server!.once('exit', resolve));
		}
		rmSync(dataDir, { recursive: true, force: true });
	});

	/** Starts main.ts over HTTP on a free port; resolves with its MCP URL once it listens. */
	function startMain(extraArgs: string[] = []): Promise<string> {
		server = spawn(TSX, [DEMO_MAIN, '--transport', 'http', '--port', '0', '--data-dir', dataDir, ...extraArgs], {
			cwd: REPO_ROOT,
			stdio: ['ignore', 'ignore', 'pipe'],
		});
		return new Promise((resolve, reject) => {
			let log = '';
			server!.stderr!.on('data', (chunk: Buffer) => {
				log += chunk.toString();
				const url = log.match(/listening on (http:\/\/127\.0\.0\.1:\d+\/mcp)/)?.[1];
				if (url) resolve(url);
			});
			server!.once('exit', (code) => reject(new Error(`main.ts exited with ${code}: ${log}`)));
		});
	}

	async function stopMain(): Promise<void> {
		const exited = new Promise((resolve) => server!.once('exit', resolve));
		server!.kill('SIGTERM');
		expect(await exited).toBe(0);
	}

	test('creates and seeds the file on first start, and keeps orders and stock across a restart', async () => {
		let client = await connectHttp(await startMain());
		const maria = callerFor(client, MARIA);
		const { quote } = await maria.ok('create_quote', { items: [{ sku: 'KIT-ESP-01', quantity: 2 }] });
		const { order } = await maria.ok('place_order', { quoteId: quote.quoteId });
		await client.close();
		await stopMain();

		client = await connectHttp(await startMain());
		const again = callerFor(client, MARIA);
		expect((await again.ok('get_order_status', { orderNumber: order.orderNumber })).order.status).toBe('confirmed');
		expect((await again.ok('check_stock', { sku: 'KIT-ESP-01' })).stock).toBe(10);
		await client.close();
		await stopMain();

		client = await connectHttp(await startMain(['--reset']));
		expect((await callerFor(client, MARIA).ok('check_stock', { sku: 'KIT-ESP-01' })).stock).toBe(12);
		await client.close();
	});

	test('refuses an unknown transport with a usage message', () => {
		const result = spawnSync(TSX, [DEMO_MAIN, '--transport', 'carrier-pigeon'], { cwd: REPO_ROOT, encoding: 'utf8' });
		expect(result.status).toBe(2);
		expect(result.stderr).toMatch(/--transport must be stdio or http, not "carrier-pigeon"[\s\S]*Usage:/);
	});
});
