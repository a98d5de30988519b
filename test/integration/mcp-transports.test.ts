// Every operation over each transport against real server-everything processes.
import { McpConnectionPool } from '../../nodes/shared/mcp/McpConnectionPool';
import { McpOperations } from '../../nodes/shared/mcp/McpOperations';
import type { McpConnectionSettings } from '../../nodes/shared/mcp/connectionSettings';
import { McpClientError } from '../../nodes/shared/mcp/errors';
import {
	EVERYTHING_BIN,
	processesWithMarker,
	startEverythingHttp,
	startRecordingProxy,
	uniqueMarker,
	waitFor,
	type RunningHttpServer,
} from './mcp-support/servers';

jest.setTimeout(60_000);

const stdioMarker = uniqueMarker('everything-stdio');
let sse: RunningHttpServer;
let streamable: RunningHttpServer;
let pool: McpConnectionPool;

beforeAll(async () => {
	[sse, streamable] = await Promise.all([startEverythingHttp('sse'), startEverythingHttp('streamableHttp')]);
	pool = new McpConnectionPool();
});

afterAll(async () => {
	await pool.closeAll();
	await Promise.all([sse?.stop(), streamable?.stop()]);
	await waitFor(() => [stdioMarker, sse.marker, streamable.marker].every((m) => processesWithMarker(m).length === 0), 5000, 'servers to exit');
});

const transports: Array<[string, () => McpConnectionSettings]> = [
	['stdio', () => ({ transport: 'stdio', command: process.execPath, args: [EVERYTHING_BIN, 'stdio', stdioMarker] })],
	['sse', () => ({ transport: 'sse', url: sse.url })],
	['streamableHttp', () => ({ transport: 'streamableHttp', url: streamable.url })],
];

describe.each(transports)('over %s', (_name, settings) => {
	const ops = () => new McpOperations(pool, settings(), { timeoutMs: 20_000 });

	test('ping answers', async () => {
		expect((await ops().ping()).ok).toBe(true);
	});

	test('List Tools returns every tool with its input schema', async () => {
		const tools = await ops().listTools();
		const sum = tools.find((tool) => tool.name === 'get-sum');
		expect(sum?.inputSchema.required).toEqual(['a', 'b']);
		expect(tools.length).toBeGreaterThanOrEqual(10);
	});

	test('Call Tool joins text content', async () => {
		const result = await ops().callTool({ name: 'get-sum', arguments: { a: 2, b: 40 } });
		expect(result.text).toBe('The sum of 2 and 40 is 42.');
		expect(result.isError).toBe(false);
	});

	test('Call Tool keeps structured content as JSON', async () => {
		const result = await ops().callTool({ name: 'get-structured-content', arguments: { location: 'Chicago' } });
		expect(result.structuredContent).toEqual({ temperature: expect.any(Number), conditions: expect.any(String), humidity: expect.any(Number) });
	});

	test('Call Tool lifts images out as binary descriptors', async () => {
		const result = await ops().callTool({ name: 'get-tiny-image', arguments: {} });
		expect(result.binaries).toHaveLength(1);
		expect(result.binaries[0]).toMatchObject({ property: 'image_0', mimeType: 'image/png', fileName: 'image_0.png' });
		expect(Buffer.from(result.binaries[0].data, 'base64').subarray(1, 4).toString()).toBe('PNG');
		expect(result.content.find((block) => block.type === 'image')).toEqual({ type: 'image', mimeType: 'image/png', binaryProperty: 'image_0' });
	});

	test('Call Tool keeps resource links and embedded resources', async () => {
		const links = await ops().callTool({ name: 'get-resource-links', arguments: { count: 2 } });
		expect(links.resourceLinks.map((link) => link.uri)).toEqual(['demo://resource/dynamic/blob/1', 'demo://resource/dynamic/text/2']);
		const embedded = await ops().callTool({ name: 'get-resource-reference', arguments: { resourceType: 'Text', resourceId: 3 } });
		expect(embedded.resources).toEqual([expect.objectContaining({ uri: 'demo://resource/dynamic/text/3', text: expect.stringContaining('Resource 3') })]);
	});

	test('List Resources and Read Resource', async () => {
		const resources = await ops().listResources();
		const doc = resources.find((resource) => resource.uri.endsWith('/features.md'));
		expect(doc).toBeDefined();
		const read = await ops().readResource(doc!.uri);
		expect(read.text).toContain('Everything Server - Features');
	});

	test('List Resource Templates, then read a resource made from one', async () => {
		const templates = await ops().listResourceTemplates();
		expect(templates.map((template) => template.uriTemplate)).toContain('demo://resource/dynamic/blob/{resourceId}');
		const read = await ops().readResource('demo://resource/dynamic/blob/7');
		expect(read.binaries).toHaveLength(1);
		expect(Buffer.from(read.binaries[0].data, 'base64').toString()).toContain('Resource 7');
	});

	test('List Prompts and Get Prompt with arguments', async () => {
		const prompts = await ops().listPrompts();
		expect(prompts.find((prompt) => prompt.name === 'args-prompt')?.arguments?.map((arg) => arg.name)).toEqual(['city', 'state']);
		const prompt = await ops().getPrompt('args-prompt', { city: 'Lisbon', state: 'Lisboa' });
		expect(prompt.text).toBe("What's weather in Lisbon, Lisboa?");
	});

	test('a tool result with isError becomes a toolError carrying the result', async () => {
		const error = (await ops()
			.callTool({ name: 'get-resource-reference', arguments: { resourceType: 'Text', resourceId: -4 }, validateArguments: false })
			.catch((e: unknown) => e)) as McpClientError;
		expect(error).toBeInstanceOf(McpClientError);
		expect(error.kind).toBe('toolError');
		expect((error.details.result as { isError: boolean }).isError).toBe(true);
	});
});

test('all three transports share one pool, one connection each', () => {
	expect(pool.size).toBe(3);
	expect(pool.stats.opened).toBe(3);
});

test('automatic mode uses Streamable HTTP where the server speaks it', async () => {
	const local = new McpConnectionPool();
	try {
		await new McpOperations(local, { transport: 'auto', url: streamable.url }).ping();
		const [connection] = await Promise.all([local.use({ transport: 'auto', url: streamable.url }, async (c) => c)]);
		expect(connection.transportKind).toBe('streamableHttp');
	} finally {
		await local.closeAll();
	}
});

test('automatic mode falls back to SSE when Streamable HTTP gets a 4xx', async () => {
	const local = new McpConnectionPool();
	try {
		const connection = await local.use({ transport: 'auto', url: sse.url }, async (c) => c);
		expect(connection.transportKind).toBe('sse');
		expect((await new McpOperations(local, { transport: 'auto', url: sse.url }).callTool({ name: 'echo', arguments: { message: 'via sse' } })).text).toBe(
			'Echo: via sse',
		);
	} finally {
		await local.closeAll();
	}
});

test('headers and the bearer token reach the server on the SSE event stream and every POST', async () => {
	const proxy = await startRecordingProxy(sse.port);
	const local = new McpConnectionPool();
	try {
		const settings: McpConnectionSettings = {
			transport: 'sse',
			url: `http://127.0.0.1:${proxy.port}/sse`,
			bearerToken: 'secret-token-123',
			headers: [{ name: 'X-Tenant', value: 'shop, "north" = 1' }],
		};
		await new McpOperations(local, settings).callTool({ name: 'echo', arguments: { message: 'hi' } });
		const stream = proxy.requests.filter((r) => r.method === 'GET' && r.path.startsWith('/sse'));
		const posts = proxy.requests.filter((r) => r.method === 'POST');
		expect(stream).toHaveLength(1);
		expect(posts.length).toBeGreaterThanOrEqual(3); // initialize, initialized, tools/list, tools/call
		for (const request of [...stream, ...posts]) {
			expect(request.headers.authorization).toBe('Bearer secret-token-123');
			expect(request.headers['x-tenant']).toBe('shop, "north" = 1');
		}
	} finally {
		await local.closeAll();
		await proxy.stop();
	}
});

test('headers and the bearer token reach the server on every Streamable HTTP request', async () => {
	const proxy = await startRecordingProxy(streamable.port);
	const local = new McpConnectionPool();
	try {
		const settings: McpConnectionSettings = {
			transport: 'streamableHttp',
			url: `http://127.0.0.1:${proxy.port}/mcp`,
			bearerToken: 'secret-token-456',
			headers: [{ name: 'X-Tenant', value: 'south' }],
		};
		await new McpOperations(local, settings).callTool({ name: 'echo', arguments: { message: 'hi' } });
		await local.closeAll();
		expect(proxy.requests.map((r) => r.method)).toEqual(expect.arrayContaining(['POST', 'DELETE']));
		for (const request of proxy.requests) {
			expect(request.headers.authorization).toBe('Bearer secret-token-456');
			expect(request.headers['x-tenant']).toBe('south');
		}
	} finally {
		await proxy.stop();
	}
});

test.each(['sse', 'streamableHttp'] as const)('an HTTP server (%s) restarted mid-run: the next call reconnects', async (mode) => {
	const server = await startEverythingHttp(mode);
	const local = new McpConnectionPool();
	try {
		const ops = new McpOperations(local, { transport: mode, url: server.url }, { timeoutMs: 10_000 });
		expect((await ops.callTool({ name: 'echo', arguments: { message: 'one' } })).text).toBe('Echo: one');
		await server.stop();
		const restarted = await startEverythingHttp(mode, server.port);
		try {
			// Give an SSE client the moment it needs to see its stream end.
			if (mode === 'sse') await waitFor(() => local.size === 0, 10_000, 'the broken SSE connection to be dropped');
			expect((await ops.callTool({ name: 'echo', arguments: { message: 'two' } })).text).toBe('Echo: two');
			expect(local.stats.opened).toBe(2);
		} finally {
			await local.closeAll();
			await restarted.stop();
		}
	} finally {
		await local.closeAll();
		await server.stop();
	}
});

test('an HTTP server that is down gives a clear unreachable error', async () => {
	const server = await startEverythingHttp('streamableHttp');
	await server.stop();
	const local = new McpConnectionPool();
	const error = (await new McpOperations(local, { transport: 'streamableHttp', url: server.url }).ping().catch((e: unknown) => e)) as McpClientError;
	expect(error.kind).toBe('unreachable');
	expect(error.message).toContain(`http://127.0.0.1:${server.port}/mcp`);
	expect(error.message).toContain('ECONNREFUSED');
	await local.closeAll();
});
