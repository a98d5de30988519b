// Request limits, pagination, validation, allow-list, context and audit against real servers:
// server-everything over stdio, and a paginating server built on the official SDK.
import { getEventListeners } from 'events';
import * as path from 'path';

import { McpConnectionPool } from '../../nodes/shared/mcp/McpConnectionPool';
import { McpOperations } from '../../nodes/shared/mcp/McpOperations';
import { secretValuesOf, type McpConnectionSettings } from '../../nodes/shared/mcp/connectionSettings';
import { buildContextMeta } from '../../nodes/shared/mcp/conversationContext';
import { McpClientError, withoutSecrets } from '../../nodes/shared/mcp/errors';
import { errorItemJson } from '../../nodes/shared/n8n/mcpNodeError';
import type { McpProgress } from '../../nodes/shared/mcp/requestOptions';
import { auditLinesWritten } from '../../nodes/shared/mcp/toolCallAudit';
import { EVERYTHING_BIN, PAGINATED_SERVER, processesWithMarker, uniqueMarker, waitFor } from './mcp-support/servers';

jest.setTimeout(60_000);

const everythingMarker = uniqueMarker('everything-stdio');
const paginatedMarker = uniqueMarker('paginated');
const everything: McpConnectionSettings = { transport: 'stdio', command: process.execPath, args: [EVERYTHING_BIN, 'stdio', everythingMarker] };
const paginated: McpConnectionSettings = { transport: 'stdio', command: process.execPath, args: [PAGINATED_SERVER, paginatedMarker] };
const pool = new McpConnectionPool();

afterAll(async () => {
	await pool.closeAll();
	await waitFor(() => processesWithMarker(everythingMarker).length + processesWithMarker(paginatedMarker).length === 0, 5000, 'servers to exit');
});

async function failure(promise: Promise<unknown>): Promise<McpClientError> {
	const error = await promise.then(
		() => undefined,
		(e: unknown) => e,
	);
	if (!(error instanceof McpClientError)) throw new Error(`expected an McpClientError, got ${String(error)}`);
	return error;
}

describe('the tool list an agent gets on every turn (cachedTools)', () => {
	const marker = uniqueMarker('list-changed');
	const own: McpConnectionSettings = { transport: 'stdio', command: process.execPath, args: [PAGINATED_SERVER, marker] };
	const ops = new McpOperations(pool, own);
	const listings = async () => Number((await ops.callTool({ name: 'listings', validateArguments: false })).text);

	test('is listed once, then kept, and listed again when the server announces a change', async () => {
		const first = await ops.cachedTools();
		expect(first.map((tool) => tool.name)).not.toContain('added-later');
		for (let turn = 0; turn < 20; turn++) await ops.cachedTools();
		expect(await listings()).toBe(1);

		await ops.callTool({ name: 'add-tool', arguments: { name: 'added-later' } });
		await waitFor(async () => (await ops.cachedTools()).some((tool) => tool.name === 'added-later'), 5000, 'the announced tool');
		expect(await listings()).toBe(2);
		for (let turn = 0; turn < 20; turn++) await ops.cachedTools();
		expect(await listings()).toBe(2);
	});
});

describe('pagination', () => {
	const ops = new McpOperations(pool, paginated);

	test('List Tools follows nextCursor to the end', async () => {
		expect((await ops.listTools()).map((tool) => tool.name)).toEqual([
			...Array.from({ length: 8 }, (_, i) => `tool-${i}`),
			'echo-meta',
			'add-tool',
			'listings',
		]);
	});

	test('List Resources follows nextCursor to the end', async () => {
		expect((await ops.listResources()).map((r) => r.uri)).toEqual(Array.from({ length: 7 }, (_, i) => `page://resource/${i}`));
	});

	test('List Resource Templates follows nextCursor to the end', async () => {
		expect(await ops.listResourceTemplates()).toHaveLength(5);
	});

	test('List Prompts follows nextCursor to the end', async () => {
		expect((await ops.listPrompts()).map((p) => p.name)).toEqual(['prompt-0', 'prompt-1', 'prompt-2', 'prompt-3']);
	});

	test('a tool on a later page is found and validated', async () => {
		expect((await ops.callTool({ name: 'tool-7', arguments: { n: 5 } })).text).toBe('tool-7: 5');
	});
});

describe('timeouts, progress and cancel', () => {
	// Connect first with a generous timeout: these tests are about the call, and the short limits
	// below apply to the handshake too (a busy machine can take longer than 500 ms to start the server).
	beforeAll(async () => {
		await new McpOperations(pool, everything, { timeoutMs: 30_000 }).ping();
	});

	test('a call longer than the timeout fails with a timeout error naming the limit', async () => {
		const ops = new McpOperations(pool, everything, { timeoutMs: 500 });
		const error = await failure(ops.callTool({ name: 'trigger-long-running-operation', arguments: { duration: 3, steps: 3 } }));
		expect(error.kind).toBe('timeout');
		expect(error.message).toContain('timed out after 500 ms');
		expect(error.hint).toMatch(/Reset Timeout on Progress/);
	});

	test('progress notifications reset the timeout when asked, so a long call completes', async () => {
		const progress: McpProgress[] = [];
		const ops = new McpOperations(pool, everything, {
			timeoutMs: 1500,
			resetTimeoutOnProgress: true,
			onProgress: (p) => progress.push(p),
		});
		// 8 steps of 0.5 s: 4 s in all, more than twice the timeout, progress every 0.5 s.
		const result = await ops.callTool({ name: 'trigger-long-running-operation', arguments: { duration: 4, steps: 8 } });
		expect(result.text).toContain('Long running operation completed');
		// The last step's notification races the result and may be dropped by the SDK once answered.
		expect(progress.map((p) => p.progress).slice(0, 7)).toEqual([1, 2, 3, 4, 5, 6, 7]);
		expect(progress.every((p) => p.total === 8)).toBe(true);
	});

	test('the maximum total time wins over progress', async () => {
		// Progress every 0.5 s keeps resetting the 2 s timeout; the 1.2 s total ends it at the next progress.
		const ops = new McpOperations(pool, everything, { timeoutMs: 2000, resetTimeoutOnProgress: true, maxTotalTimeoutMs: 1200 });
		const error = await failure(ops.callTool({ name: 'trigger-long-running-operation', arguments: { duration: 6, steps: 12 } }));
		expect(error.kind).toBe('timeout');
		expect(error.message).toContain('maximum total time');
	});

	test('aborting the signal cancels the call', async () => {
		const controller = new AbortController();
		const ops = new McpOperations(pool, everything, { signal: controller.signal });
		setTimeout(() => controller.abort(), 200);
		const error = await failure(ops.callTool({ name: 'trigger-long-running-operation', arguments: { duration: 5, steps: 5 } }));
		expect(error.kind).toBe('cancelled');
	});

	test('finished calls leave no listener on the shared signal, and aborting it then cancels only the running call', async () => {
		// n8n gives every item of an execution the same signal; the SDK never removes its listener.
		const controller = new AbortController();
		const ops = new McpOperations(pool, everything, { signal: controller.signal });
		for (let i = 0; i < 50; i++) await ops.callTool({ name: 'get-sum', arguments: { a: i, b: 1 } });
		await ops.listTools();
		expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
		const running = failure(ops.callTool({ name: 'trigger-long-running-operation', arguments: { duration: 5, steps: 5 } }));
		await waitFor(() => getEventListeners(controller.signal, 'abort').length === 1, 5000, 'the running call to listen');
		controller.abort();
		expect((await running).kind).toBe('cancelled');
		expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
	});

	test('the connection is still usable after a timeout and a cancel', async () => {
		expect((await new McpOperations(pool, everything).callTool({ name: 'echo', arguments: { message: 'ok' } })).text).toBe('Echo: ok');
	});
});

describe('arguments', () => {
	const ops = new McpOperations(pool, everything);

	test('a wrong type is rejected before the call, naming the field and the expected type', async () => {
		const error = await failure(ops.callTool({ name: 'get-sum', arguments: { a: 'five', b: 2 } }));
		expect(error.kind).toBe('invalidArguments');
		expect(error.message).toBe('Wrong arguments for tool "get-sum": "a" must be number, got the text "five"');
	});

	test('a missing required argument is named', async () => {
		const error = await failure(ops.callTool({ name: 'get-sum', arguments: { a: 1 } }));
		expect(error.message).toBe('Wrong arguments for tool "get-sum": "b" is required but missing');
	});

	test('a value outside an enum lists the allowed values', async () => {
		const error = await failure(ops.callTool({ name: 'get-structured-content', arguments: { location: 'Paris' } }));
		expect(error.message).toBe(
			'Wrong arguments for tool "get-structured-content": "location" must be one of "New York", "Chicago", "Los Angeles", got the text "Paris"',
		);
	});

	test('an undeclared argument on a strict schema is named, and can be dropped instead', async () => {
		const strict = new McpOperations(pool, paginated);
		const error = await failure(strict.callTool({ name: 'tool-1', arguments: { n: 1, extra: true } }));
		expect(error.message).toBe('Wrong arguments for tool "tool-1": "extra" is not an argument of this tool (it accepts: n)');
		expect(error.hint).toMatch(/Drop Undeclared Arguments/);
		const result = await strict.callTool({ name: 'tool-1', arguments: { n: 1, extra: true }, dropUndeclaredArguments: true });
		expect(result.text).toBe('tool-1: 1');
		expect(result.droppedArguments).toEqual(['extra']);
	});

	test('an unknown tool is named with the tools the server offers', async () => {
		const error = await failure(ops.callTool({ name: 'get-summ', arguments: {} }));
		expect(error.kind).toBe('toolNotFound');
		expect(error.hint).toContain('get-sum');
	});
});

describe('least privilege, context and audit', () => {
	test('a tool outside the allow-list fails before the server is reached', async () => {
		const local = new McpConnectionPool();
		const error = await failure(new McpOperations(local, everything).callTool({ name: 'get-env', allowedTools: ['echo', 'get-sum'] }));
		expect(error.kind).toBe('toolNotAllowed');
		expect(local.stats.opened).toBe(0);
	});

	test('the conversation context reaches the server in _meta', async () => {
		const meta = buildContextMeta({ from: '15551234567', sessionId: 'conv-1' }, { tenant: 'north' });
		const result = await new McpOperations(pool, paginated).callTool({ name: 'echo-meta', meta });
		expect(result.structuredContent).toEqual({ meta: { whatsapp: { from: '15551234567', sessionId: 'conv-1' }, tenant: 'north' }, arguments: {} });
	});

	test('each call writes one audit line with tool, outcome, duration and user, without arguments unless asked', async () => {
		const lines: Array<{ message: string; meta?: Record<string, unknown> }> = [];
		const logger = { info: (message: string, meta?: Record<string, unknown>) => lines.push({ message, meta }) };
		const ops = new McpOperations(pool, everything);
		await ops.callTool({ name: 'echo', arguments: { message: 'private' }, audit: { logger, userId: '15551234567' } });
		await failure(ops.callTool({ name: 'get-sum', arguments: { a: 'x', b: 1 }, audit: { logger } }));
		await ops.callTool({ name: 'echo', arguments: { message: 'shown' }, audit: { logger, includeArguments: true } });
		await auditLinesWritten();
		expect(lines).toHaveLength(3);
		expect(lines[0].message).toMatch(/^MCP tool call tool=echo outcome=ok durationMs=\d+ server=command ".*" user=\*\*\*4567$/);
		expect(lines[0].message).not.toContain('private');
		expect(lines[1].meta).toMatchObject({ tool: 'get-sum', outcome: 'invalidArguments' });
		expect(lines[2].message).toContain('arguments={"message":"shown"}');
	});
});

describe('secrets a server quotes back', () => {
	const LEAKY_SERVER = path.join(__dirname, 'mcp-support', 'leaky-server.mjs');
	const marker = uniqueMarker('leaky');
	const token = 'env-secret-token-0815';
	const leaky: McpConnectionSettings = {
		transport: 'stdio',
		command: process.execPath,
		args: [LEAKY_SERVER, marker],
		env: [{ name: 'LEAK_TOKEN', value: token }],
	};

	afterAll(async () => {
		await pool.closeAll();
	});

	test.each(['tool-error', 'server-error'])('%s: the error item (message, hint, details with the result) carries no environment value', async (tool) => {
		const error = await failure(new McpOperations(pool, leaky).callTool({ name: tool, arguments: {} }));
		expect(JSON.stringify({ message: error.message, details: error.details })).toContain(token); // what the server sent
		const item = errorItemJson(withoutSecrets(error, secretValuesOf(leaky)));
		expect(JSON.stringify(item)).not.toContain(token);
		expect(JSON.stringify(item)).toContain('***');
	});
});

describe('a server that never completes the handshake, behind a wrapper that forks', () => {
	test('a handshake timeout leaves no process behind, even when wrapper and server ignore SIGTERM', async () => {
		const marker = uniqueMarker('hung-forked');
		// sh forks node (a command follows, so no exec), both ignore SIGTERM, node never answers.
		const script = `trap '' TERM; ${process.execPath} -e "process.on('SIGTERM', () => {}); setInterval(() => {}, 1000)" ${marker}; true`;
		const hung: McpConnectionSettings = { transport: 'stdio', command: 'sh', args: ['-c', script] };
		const error = await failure(new McpOperations(pool, hung, { timeoutMs: 1500 }).ping());
		expect(error.kind).toBe('timeout');
		await waitFor(() => processesWithMarker(marker).length === 0, 10_000, 'the hung server to be ended');
		expect(processesWithMarker(marker)).toEqual([]);
	});
});
