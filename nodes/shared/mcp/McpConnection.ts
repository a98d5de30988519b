import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport, StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { RequestOptions } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { ToolListChangedNotificationSchema, type Tool } from '@modelcontextprotocol/sdk/types.js';

import { describeServer, type McpConnectionSettings, type McpTransportKind } from './connectionSettings';
import { McpClientError, settle } from './errors';
import { collectPages } from './pagination';
import { findProcessTree, terminateProcesses, terminateProcessesSync, watchProcess, type ProcessWatch } from './processTree';
import { errorMessage } from '../caughtError';

export const CLIENT_INFO = { name: 'n8n-nodes-whatsapp-mcp', version: '0.1.0' };

/** How often a stdio server's process tree is recorded during the handshake. */
const TREE_RECORD_INTERVAL_MS = 100;
const STDERR_TAIL_CHARS = 4000;

/** Headers for every HTTP request of a connection: the user's list plus the bearer token. */
export function requestHeaders(settings: McpConnectionSettings): Record<string, string> {
	const headers: Record<string, string> = {};
	for (const { name, value } of settings.headers ?? []) headers[name] = value;
	if (settings.bearerToken) headers.Authorization = `Bearer ${settings.bearerToken}`;
	return headers;
}

function parseUrl(settings: McpConnectionSettings): URL {
	if (!URL.canParse(settings.url ?? '')) {
		throw new McpClientError(
			'invalidSettings',
			`The MCP server URL "${settings.url ?? ''}" is not a valid URL`,
			'Set the URL in the MCP Server credential to the full endpoint, e.g. http://127.0.0.1:3001/mcp or …/sse.',
		);
	}
	return new URL(settings.url as string);
}

function createHttpTransport(kind: 'streamableHttp' | 'sse', settings: McpConnectionSettings): Transport {
	const url = parseUrl(settings);
	const headers = requestHeaders(settings);
	if (kind === 'streamableHttp') {
		return new StreamableHTTPClientTransport(url, { requestInit: { headers } });
	}
	// The event stream is opened by the eventsource library, which ignores requestInit: its
	// fetch must add the headers itself or auth is lost on the stream (a common bug elsewhere).
	const streamFetch: typeof fetch = async (input, init) => {
		const merged = new Headers(init?.headers);
		for (const [name, value] of Object.entries(headers)) merged.set(name, value);
		return await fetch(input, { ...init, headers: merged });
	};
	return new SSEClientTransport(url, { requestInit: { headers }, eventSourceInit: { fetch: streamFetch } });
}

/** One live client session with one MCP server. */
export class McpConnection {
	private closing?: Promise<void>;

	private closedListeners: Array<() => void> = [];

	private isClosed = false;

	private toolList?: Promise<Tool[]>;

	/** The stdio server's process, watched so that a server that died between calls is seen at once. */
	private readonly serverProcess?: ProcessWatch;

	private constructor(
		readonly client: Client,
		readonly transport: Transport,
		readonly transportKind: McpTransportKind,
		readonly settings: McpConnectionSettings,
		private readonly stderr: { tail: string },
	) {
		const pid = this.pid;
		if (pid !== undefined) this.serverProcess = watchProcess(pid);
		// The SDK calls onclose when the process exits or the stream ends, onerror on transport faults.
		client.onclose = () => this.markClosed();
		client.onerror = (error) => {
			// Only a broken event stream leaves the session unusable. A stdio server that prints a
			// non-JSON line to stdout, or one failed POST, does not: the process exit (onclose) or
			// the failed request says so.
			if (transportKind === 'sse' || /SSE stream disconnected|Failed to reconnect|Maximum reconnection/i.test(error.message)) {
				void this.close();
			}
		};
		client.setNotificationHandler(ToolListChangedNotificationSchema, async () => {
			this.toolList = undefined;
		});
	}

	/** Every tool of the server, following nextCursor to the end; refreshes the cache. */
	async listTools(options: RequestOptions = {}): Promise<Tool[]> {
		const listing = collectPages(async (cursor) => {
			const page = await this.client.listTools(cursor ? { cursor } : undefined, options);
			return { items: page.tools, nextCursor: page.nextCursor };
		});
		this.toolList = listing;
		listing.catch(() => {
			if (this.toolList === listing) this.toolList = undefined;
		});
		return await listing;
	}

	/** The tool list from the last listing (for argument validation); listed on first need. */
	async cachedTools(options: RequestOptions = {}): Promise<Tool[]> {
		return await (this.toolList ?? this.listTools(options));
	}

	/** Opens a session; in automatic mode tries Streamable HTTP, then SSE on a 4xx, with a fresh Client. */
	static async open(settings: McpConnectionSettings, options: RequestOptions = {}): Promise<McpConnection> {
		if (settings.transport === 'stdio') return await McpConnection.openStdio(settings, options);
		if (settings.transport !== 'auto') return await McpConnection.openHttp(settings.transport, settings, options);
		const streamable = await settle(McpConnection.openHttp('streamableHttp', settings, options));
		if (streamable.ok) return streamable.value;
		const status = streamable.error instanceof McpClientError ? streamable.error.details.status : undefined;
		if (typeof status === 'number' && status >= 400 && status < 500) {
			return await McpConnection.openHttp('sse', settings, options);
		}
		throw streamable.error;
	}

	private static async openHttp(kind: 'streamableHttp' | 'sse', settings: McpConnectionSettings, options: RequestOptions) {
		const transport = createHttpTransport(kind, settings);
		const client = new Client(CLIENT_INFO, { capabilities: {} });
		const connected = await settle(client.connect(transport, options));
		if (!connected.ok) {
			await client.close().catch(() => undefined);
			throw connectFailure(connected.error, settings, kind, '', options.signal);
		}
		return new McpConnection(client, transport, kind, settings, { tail: '' });
	}

	private static async openStdio(settings: McpConnectionSettings, options: RequestOptions) {
		if (!settings.command) {
			throw new McpClientError(
				'invalidSettings',
				'No command is set for the stdio MCP server',
				'Set Command in the MCP Server credential, e.g. npx, and the server package in Arguments.',
			);
		}
		const env: Record<string, string> = {};
		for (const { name, value } of settings.env ?? []) env[name] = value;
		const transport = new StdioClientTransport({
			command: settings.command,
			args: settings.args ?? [],
			env,
			cwd: settings.cwd,
			stderr: 'pipe',
		});
		// Keep the end of the server's stderr: it says why a server failed to start.
		const stderr = { tail: '' };
		transport.stderr?.on('data', (chunk: Buffer) => {
			stderr.tail = (stderr.tail + chunk.toString('utf8')).slice(-STDERR_TAIL_CHARS);
		});
		const client = new Client(CLIENT_INFO, { capabilities: {} });
		// connect() spawns the server synchronously; from then on its process tree is recorded while
		// the handshake runs. On a failed handshake the SDK closes the transport itself and kills the
		// first process, so a wrapper's child (sh -c, npx) would already be re-parented and out of
		// reach by the time we look: end every process seen instead.
		const connecting = settle(client.connect(transport, options));
		const seen = new Set<number>();
		const record = () => {
			const pid = transport.pid;
			if (pid) for (const member of findProcessTree(pid)) seen.add(member);
		};
		record();
		const recorder = setInterval(record, TREE_RECORD_INTERVAL_MS);
		recorder.unref();
		const connected = await connecting;
		clearInterval(recorder);
		if (!connected.ok) {
			record();
			await Promise.race([client.close().catch(() => undefined), new Promise((r) => setTimeout(r, 500).unref())]);
			await terminateProcesses([...seen]);
			// Let the pipe deliver the last of stderr before quoting it.
			await new Promise((r) => setImmediate(r));
			throw connectFailure(connected.error, settings, 'stdio', stderr.tail, options.signal);
		}
		return new McpConnection(client, transport, 'stdio', settings, stderr);
	}

	get closed(): boolean {
		return this.isClosed;
	}

	/** Pid of the stdio server's first process (undefined for HTTP). */
	get pid(): number | undefined {
		return this.transport instanceof StdioClientTransport ? (this.transport.pid ?? undefined) : undefined;
	}

	/**
	 * False once a stdio server has exited or been killed, even before the SDK has noticed (the
	 * exit event waits for the event loop, and a killed process takes a while to become a zombie;
	 * the next call would be written into a dead pipe and never answered).
	 */
	isServerAlive(): boolean {
		return this.serverProcess?.isAlive() ?? true;
	}

	get stderrTail(): string {
		return this.stderr.tail;
	}

	onClosed(listener: () => void): void {
		if (this.isClosed) listener();
		else this.closedListeners.push(listener);
	}

	private markClosed(): void {
		if (this.isClosed) return;
		this.isClosed = true;
		this.serverProcess?.close();
		for (const listener of this.closedListeners.splice(0)) listener();
	}

	/** Ends the session; for stdio the server's whole process tree is ended too. Idempotent. */
	async close(): Promise<void> {
		this.closing ??= this.shutDown();
		return await this.closing;
	}

	private async shutDown(): Promise<void> {
		const pid = this.pid;
		// Captured first: once the root exits, its children are re-parented and cannot be found.
		const tree = pid ? findProcessTree(pid) : [];
		this.markClosed();
		if (this.transport instanceof StreamableHTTPClientTransport && this.transport.sessionId) {
			// Frees the server's session state; a server that does not support DELETE answers 405.
			await withDeadline(this.transport.terminateSession(), 1000).catch(() => undefined);
		}
		// Closing stdin first lets a well-behaved server exit on its own.
		await withDeadline(this.client.close(), tree.length > 0 ? 500 : 2000).catch(() => undefined);
		if (tree.length > 0) await terminateProcesses(tree);
	}

	/** For process 'exit': end the server's process tree synchronously. */
	killSync(): void {
		const pid = this.pid;
		this.markClosed();
		if (pid) terminateProcessesSync(findProcessTree(pid));
	}
}

async function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
	let timer: NodeJS.Timeout | undefined;
	const deadline = new Promise<undefined>((resolve) => {
		timer = setTimeout(() => resolve(undefined), ms);
		timer.unref();
	});
	try {
		return await Promise.race([promise, deadline]);
	} finally {
		clearTimeout(timer);
	}
}

function httpStatusOf(error: unknown): number | undefined {
	const code = (error as { code?: unknown })?.code;
	if (
		(error instanceof StreamableHTTPError || (error as Error)?.name === 'SseError' || error?.constructor?.name === 'SseError') &&
		typeof code === 'number' &&
		code >= 100
	) {
		return code;
	}
	const match = /HTTP (\d{3})|Non-200 status code \((\d{3})\)|status code:? (\d{3})/i.exec(String((error as Error)?.message));
	return match ? Number(match[1] ?? match[2] ?? match[3]) : undefined;
}

function networkCodeOf(error: unknown): string | undefined {
	let current = error as { code?: unknown; cause?: unknown } | undefined;
	for (let depth = 0; current && depth < 5; depth++) {
		if (typeof current.code === 'string') return current.code;
		current = current.cause as typeof current;
	}
	return undefined;
}

/** Turns whatever connect threw into an McpClientError with a fix-it hint. */
export function connectFailure(
	error: unknown,
	settings: McpConnectionSettings,
	kind: McpTransportKind,
	stderrTail: string,
	signal?: AbortSignal,
): McpClientError {
	const server = describeServer(settings);
	const message = errorMessage(error);
	if (signal?.aborted) {
		return new McpClientError('cancelled', `Connecting to the MCP server ${server} was cancelled`, 'The execution was stopped.', {}, error);
	}
	if (/-32001|timed out/i.test(message)) {
		return new McpClientError(
			'timeout',
			`The MCP server ${server} did not finish the handshake in time`,
			'Check that the server starts and speaks MCP on this transport, or raise the Timeout option.',
			{ stderr: stderrTail || undefined },
			error,
		);
	}
	if (kind === 'stdio') {
		const code = networkCodeOf(error);
		if (code === 'ENOENT') {
			return new McpClientError(
				'commandNotFound',
				`The command "${settings.command}" was not found`,
				'Install it on the machine that runs n8n, or set Command to its full path (PATH is the one n8n runs with).',
				{ stderr: stderrTail || undefined },
				error,
			);
		}
		if (code === 'EACCES') {
			return new McpClientError(
				'commandNotFound',
				`The command "${settings.command}" is not executable`,
				'Make the file executable or point Command at the right program.',
				{},
				error,
			);
		}
		const tail = stderrTail.trim();
		return new McpClientError(
			'serverExited',
			`The MCP server ${server} exited before the handshake${tail ? `: ${lastLines(tail)}` : ''}`,
			'Run the same command in a terminal to see why it fails; check Arguments, Environment Variables and Working Directory.',
			{ stderr: tail || undefined },
			error,
		);
	}
	const status = httpStatusOf(error);
	if (status !== undefined) {
		const hint =
			status === 401 || status === 403
				? 'The server refused the credentials: check Bearer Token and Headers in the MCP Server credential.'
				: status === 404 || status === 405
					? 'Check the URL: Streamable HTTP endpoints often end in /mcp, SSE ones in /sse; or choose the other transport.'
					: 'Check the URL and that the server is an MCP server.';
		return new McpClientError('httpStatus', `The MCP server ${server} answered HTTP ${status} over ${kind}`, hint, { status }, error);
	}
	const code = networkCodeOf(error);
	return new McpClientError(
		'unreachable',
		`Could not reach the MCP server ${server}${code ? ` (${code})` : ''}: ${message}`,
		'Check that the server is running and that the URL, host and port are right.',
		{ code },
		error,
	);
}

function lastLines(text: string, count = 3): string {
	return text
		.split('\n')
		.filter((line) => line.trim() !== '')
		.slice(-count)
		.join(' | ')
		.slice(-600);
}
