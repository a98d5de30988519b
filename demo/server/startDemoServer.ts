import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';

import { createShopServer, DEMO_SERVER_NAME, DEMO_SERVER_VERSION } from './createShopServer';
import { IN_MEMORY_DB, ShopDatabase } from './shopDatabase';

export const LOOPBACK_HOST = '127.0.0.1';
export const MCP_PATH = '/mcp';
export const SSE_PATH = '/sse';
export const SSE_MESSAGES_PATH = '/messages';
const MAX_BODY_BYTES = 4 * 1024 * 1024;

export interface DemoServerOptions {
	transport: 'http' | 'stdio';
	/** HTTP port on 127.0.0.1; 0 picks a free one. */
	port?: number;
	/** SQLite file, created and seeded when missing; omitted or ':memory:' keeps the shop in memory. */
	dbPath?: string;
	/** Re-create the database file from the seed. */
	resetDb?: boolean;
	/** The shop's clock (seed dates, slots, opening hours); tests pass a fixed one. */
	clock?: () => Date;
	/** Where log lines go; never stdout (stdio transport). Default: stderr. */
	log?: (line: string) => void;
}

export interface RunningDemoServer {
	shop: ShopDatabase;
	/** Streamable HTTP endpoint, e.g. http://127.0.0.1:3333/mcp (http transport only). */
	url?: string;
	/** Legacy HTTP+SSE endpoint, e.g. http://127.0.0.1:3333/sse (http transport only). */
	sseUrl?: string;
	port?: number;
	close(): Promise<void>;
}

type Session = { server: McpServer; transport: StreamableHTTPServerTransport | SSEServerTransport };

export async function startDemoServer(options: DemoServerOptions): Promise<RunningDemoServer> {
	const log = options.log ?? ((line: string) => process.stderr.write(`[demo-shop] ${line}\n`));
	const shop = await ShopDatabase.open({ path: options.dbPath ?? IN_MEMORY_DB, reset: options.resetDb, clock: options.clock });
	log(`database: ${shop.path === IN_MEMORY_DB ? 'in memory' : shop.path}`);
	if (options.transport === 'stdio') return startStdio(shop, log);
	return startHttp(shop, options.port ?? 0, log);
}

async function startStdio(shop: ShopDatabase, log: (line: string) => void): Promise<RunningDemoServer> {
	const server = createShopServer(shop);
	await server.connect(new StdioServerTransport());
	log('listening on stdio');
	return {
		shop,
		async close() {
			await server.close();
			shop.close();
		},
	};
}

async function startHttp(shop: ShopDatabase, port: number, log: (line: string) => void): Promise<RunningDemoServer> {
	const sessions = new Map<string, Session>();

	async function openSession(transport: Session['transport']): Promise<McpServer> {
		const server = createShopServer(shop);
		transport.onclose = () => {
			if (transport.sessionId) sessions.delete(transport.sessionId);
		};
		await server.connect(transport);
		return server;
	}

	async function handleStreamableHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const sessionId = req.headers['mcp-session-id'];
		if (typeof sessionId === 'string') {
			const session = sessions.get(sessionId);
			if (!session || !(session.transport instanceof StreamableHTTPServerTransport)) {
				// 404 tells a client its session is gone and it should initialize again (MCP spec).
				return sendJsonRpcError(res, 404, -32001, `Session ${sessionId} not found: initialize a new session.`);
			}
			return session.transport.handleRequest(req, res);
		}
		if (req.method !== 'POST') return sendJsonRpcError(res, 400, -32000, 'Missing Mcp-Session-Id header: initialize first with a POST.');
		const body = await readJsonBody(req, res);
		if (body === undefined) return;
		if (!isInitializeRequest(body)) {
			return sendJsonRpcError(res, 400, -32000, 'No session: the first request must be "initialize" (without an Mcp-Session-Id header).');
		}
		const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
			sessionIdGenerator: randomUUID,
			onsessioninitialized: (id) => {
				sessions.set(id, { server, transport });
			},
		});
		const server = await openSession(transport);
		await transport.handleRequest(req, res, body);
	}

	async function handleLegacySse(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
		if (url.pathname === SSE_PATH && req.method === 'GET') {
			const transport = new SSEServerTransport(SSE_MESSAGES_PATH, res);
			const server = await openSession(transport);
			sessions.set(transport.sessionId, { server, transport });
			return;
		}
		const session = sessions.get(url.searchParams.get('sessionId') ?? '');
		if (!session || !(session.transport instanceof SSEServerTransport)) {
			res.writeHead(404, { 'content-type': 'text/plain' }).end('Unknown SSE session: open GET /sse first.');
			return;
		}
		await session.transport.handlePostMessage(req, res);
	}

	const httpServer: Server = createServer((req, res) => {
		const url = new URL(req.url ?? '/', `http://${LOOPBACK_HOST}`);
		let handling: Promise<void>;
		if (url.pathname === MCP_PATH) handling = handleStreamableHttp(req, res);
		else if (url.pathname === SSE_PATH || url.pathname === SSE_MESSAGES_PATH) handling = handleLegacySse(req, res, url);
		else if (url.pathname === '/health' && req.method === 'GET') {
			res.writeHead(200, { 'content-type': 'application/json' });
			res.end(JSON.stringify({ status: 'ok', name: DEMO_SERVER_NAME, version: DEMO_SERVER_VERSION, sessions: sessions.size }));
			return;
		} else {
			res.writeHead(404, { 'content-type': 'text/plain' }).end(`Not found. The MCP endpoint is ${MCP_PATH} (Streamable HTTP) or ${SSE_PATH} (HTTP+SSE).`);
			return;
		}
		handling.catch((error: Error) => {
			log(`request failed: ${error.message}`);
			if (!res.headersSent) sendJsonRpcError(res, 500, -32603, 'Internal error in the demo shop server.');
			else res.end();
		});
	});

	await new Promise<void>((resolve, reject) => {
		httpServer.once('error', reject);
		httpServer.listen(port, LOOPBACK_HOST, () => resolve());
	});
	const actualPort = (httpServer.address() as AddressInfo).port;
	const base = `http://${LOOPBACK_HOST}:${actualPort}`;
	log(`listening on ${base}${MCP_PATH} (Streamable HTTP) and ${base}${SSE_PATH} (HTTP+SSE)`);

	return {
		shop,
		port: actualPort,
		url: `${base}${MCP_PATH}`,
		sseUrl: `${base}${SSE_PATH}`,
		async close() {
			for (const { server } of [...sessions.values()]) await server.close().catch(() => undefined);
			sessions.clear();
			httpServer.closeAllConnections();
			await new Promise<void>((resolve) => httpServer.close(() => resolve()));
			shop.close();
		},
	};
}

function sendJsonRpcError(res: ServerResponse, status: number, code: number, message: string): void {
	res.writeHead(status, { 'content-type': 'application/json' });
	res.end(JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null }));
}

/** The parsed JSON body, or undefined after answering 400/413 itself. */
async function readJsonBody(req: IncomingMessage, res: ServerResponse): Promise<unknown> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of req) {
		size += (chunk as Buffer).length;
		if (size > MAX_BODY_BYTES) {
			sendJsonRpcError(res, 413, -32600, `Request body larger than ${MAX_BODY_BYTES} bytes.`);
			return undefined;
		}
		chunks.push(chunk as Buffer);
	}
	try {
		return JSON.parse(Buffer.concat(chunks).toString('utf8'));
	} catch {
		sendJsonRpcError(res, 400, -32700, 'Parse error: the request body is not valid JSON.');
		return undefined;
	}
}
