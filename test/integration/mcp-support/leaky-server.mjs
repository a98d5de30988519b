#!/usr/bin/env node
// An MCP server that quotes its secrets back in errors: the environment variable LEAK_TOKEN in a
// tool result with isError, and in a JSON-RPC error. For the test that nothing of a connection's
// secrets reaches an error item.
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { CallToolRequestSchema, ListToolsRequestSchema, McpError } from '@modelcontextprotocol/sdk/types.js';

const tools = ['tool-error', 'server-error'].map((name) => ({ name, inputSchema: { type: 'object', properties: {} } }));
const server = new Server({ name: 'leaky-fixture', version: '1.0.0' }, { capabilities: { tools: {} } });
server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools }));
server.setRequestHandler(CallToolRequestSchema, async (req) => {
	const quote = `my token is ${process.env.LEAK_TOKEN}`;
	if (req.params.name === 'server-error') throw new McpError(-32603, quote, { token: process.env.LEAK_TOKEN });
	return { isError: true, content: [{ type: 'text', text: quote }], structuredContent: { env: { LEAK_TOKEN: process.env.LEAK_TOKEN } } };
});
await server.connect(new StdioServerTransport());
