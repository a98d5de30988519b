// The references of bench/mcp-client.ts (a), run by it on n8n's Node binary:
//   raw:     a raw SDK client, one connection, the same tool called `count` times in a row;
//   library: the same calls through nodes/shared/mcp (pool, validation, rendering, audit line).
// Prints {"ms": …} for the timed calls. A first, untimed pass of the same calls warms the JIT, as
// n8n is warm by the time the bench times our node.
// Run: <node> --import tsx bench/mcp-reference-calls.ts raw|library <count> <countFile> <serverNode>
import * as path from 'path';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

import { McpConnectionPool } from '../nodes/shared/mcp/McpConnectionPool';
import { McpOperations } from '../nodes/shared/mcp/McpOperations';

const [mode, countArgument, countFile, serverNode] = process.argv.slice(2);
const count = Number(countArgument);
const server = { command: serverNode, args: [path.join(__dirname, 'mcp-counting-server.mjs'), countFile] };

async function timed(call: (i: number) => Promise<unknown>): Promise<number> {
	for (let i = 0; i < count; i++) await call(i);
	const started = process.hrtime.bigint();
	for (let i = 0; i < count; i++) await call(i);
	return Number(process.hrtime.bigint() - started) / 1e6;
}

async function raw(): Promise<number> {
	const client = new Client({ name: 'bench-raw-sdk', version: '1.0.0' }, { capabilities: {} });
	await client.connect(new StdioClientTransport({ ...server, stderr: 'ignore' }));
	try {
		return await timed(async (i) => await client.callTool({ name: 'get-sum', arguments: { a: i, b: i } }));
	} finally {
		await client.close();
	}
}

async function library(): Promise<number> {
	const pool = new McpConnectionPool();
	const audit = { logger: { info: () => undefined } };
	const operations = new McpOperations(pool, { transport: 'stdio', ...server });
	try {
		return await timed(async (i) => await operations.callTool({ name: 'get-sum', arguments: { a: i, b: i }, audit }));
	} finally {
		await pool.closeAll();
	}
}

(mode === 'raw' ? raw() : library())
	.then((ms) => console.log(JSON.stringify({ ms })))
	.catch((error) => {
		console.error(error);
		process.exit(1);
	});
