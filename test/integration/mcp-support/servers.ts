import { spawn, type ChildProcess } from 'child_process';
import { randomBytes } from 'crypto';
import { readdirSync, readFileSync } from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as path from 'path';

import { freePort } from '../../../n8n-harness/freePort';

export const ROOT = path.resolve(__dirname, '../../..');
export const EVERYTHING_BIN = path.join(ROOT, 'node_modules/.bin/mcp-server-everything');
export const PAGINATED_SERVER = path.join(__dirname, 'paginated-server.mjs');

/** A word put on a server's command line so the test can find exactly its processes in /proc. */
export function uniqueMarker(label = 'mcp-test'): string {
	return `${label}-${randomBytes(6).toString('hex')}`;
}

/** Pids of live (non-zombie) processes whose command line contains the marker. */
export function processesWithMarker(marker: string): number[] {
	const pids: number[] = [];
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
		try {
			const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
			if (!cmdline.includes(marker)) continue;
			const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
			if (stat.slice(stat.lastIndexOf(')') + 2)[0] === 'Z') continue;
			pids.push(Number(entry));
		} catch {
			// gone meanwhile
		}
	}
	return pids;
}

export async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000, what = 'condition'): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!(await condition())) {
		if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 25));
	}
}

async function portAcceptsConnections(port: number): Promise<boolean> {
	return await new Promise((resolve) => {
		const socket = net.connect(port, '127.0.0.1');
		socket.once('connect', () => {
			socket.destroy();
			resolve(true);
		});
		socket.once('error', () => resolve(false));
	});
}

export interface RunningHttpServer {
	port: number;
	/** The MCP endpoint: /mcp for Streamable HTTP, /sse for SSE. */
	url: string;
	child: ChildProcess;
	marker: string;
	stop(): Promise<void>;
}

/**
 * Starts server-everything over HTTP on a free port. It listens on all interfaces (the package
 * calls app.listen(PORT) without a host); the tests only ever talk to 127.0.0.1.
 */
export async function startEverythingHttp(mode: 'sse' | 'streamableHttp', port?: number): Promise<RunningHttpServer> {
	const chosen = port ?? (await freePort());
	const marker = uniqueMarker(`everything-${mode}`);
	const child = spawn(process.execPath, [EVERYTHING_BIN, mode, marker], {
		env: { ...process.env, PORT: String(chosen) },
		stdio: ['ignore', 'ignore', 'ignore'],
		detached: true,
	});
	await waitFor(() => portAcceptsConnections(chosen), 15_000, `server-everything ${mode} on port ${chosen}`);
	const stop = async () => {
		if (child.exitCode !== null || child.signalCode !== null) return;
		const exited = new Promise((resolve) => child.once('exit', resolve));
		try {
			process.kill(-(child.pid as number), 'SIGKILL');
		} catch {
			// already gone
		}
		await exited;
	};
	return { port: chosen, url: `http://127.0.0.1:${chosen}/${mode === 'sse' ? 'sse' : 'mcp'}`, child, marker, stop };
}

export interface RecordedRequest {
	method: string;
	path: string;
	headers: http.IncomingHttpHeaders;
}

/** A plain HTTP proxy in front of a server that records every request's headers. */
export async function startRecordingProxy(targetPort: number): Promise<{ port: number; requests: RecordedRequest[]; stop(): Promise<void> }> {
	const requests: RecordedRequest[] = [];
	const server = http.createServer((req, res) => {
		requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers });
		const upstream = http.request({ host: '127.0.0.1', port: targetPort, method: req.method, path: req.url, headers: req.headers }, (answer) => {
			res.writeHead(answer.statusCode ?? 502, answer.headers);
			answer.pipe(res);
		});
		upstream.on('error', () => res.destroy());
		req.pipe(upstream);
	});
	const port = await freePort();
	await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
	return {
		port,
		requests,
		stop: async () => {
			server.closeAllConnections();
			await new Promise((resolve) => server.close(resolve));
		},
	};
}
