#!/usr/bin/env node
// A small MCP server on the official SDK's Server class, over stdio, for what
// server-everything does not do: it pages every list (3 per page) and echoes the request's
// _meta back, so tests can see what reached the server.
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import {
	CallToolRequestSchema,
	GetPromptRequestSchema,
	ListPromptsRequestSchema,
	ListResourcesRequestSchema,
	ListResourceTemplatesRequestSchema,
	ListToolsRequestSchema,
	ReadResourceRequestSchema,
} from '@modelcontextprotocol/sdk/types.js';

const PAGE = 3;
const page = (all, cursor) => {
	const start = cursor ? Number(cursor) : 0;
	const next = start + PAGE < all.length ? String(start + PAGE) : undefined;
	return { items: all.slice(start, start + PAGE), nextCursor: next };
};

const tools = Array.from({ length: 8 }, (_, i) => ({
	name: `tool-${i}`,
	description: `Tool number ${i}`,
	inputSchema: { type: 'object', properties: { n: { type: 'number' } }, required: ['n'], additionalProperties: false },
}));
tools.push({
	name: 'echo-meta',
	description: 'Returns the request _meta and arguments it received',
	inputSchema: { type: 'object', properties: {} },
});
tools.push({
	name: 'add-tool',
	description: 'Adds a tool named by the argument and announces the change (notifications/tools/list_changed)',
	inputSchema: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] },
});
tools.push({ name: 'listings', description: 'How many tool listings (first pages) this server answered', inputSchema: { type: 'object', properties: {} } });
let listings = 0;
const resources = Array.from({ length: 7 }, (_, i) => ({ uri: `page://resource/${i}`, name: `resource-${i}`, mimeType: 'text/plain' }));
const templates = Array.from({ length: 5 }, (_, i) => ({ uriTemplate: `page://template/${i}/{id}`, name: `template-${i}` }));
const prompts = Array.from({ length: 4 }, (_, i) => ({ name: `prompt-${i}`, arguments: [{ name: 'topic', required: true }] }));

const server = new Server({ name: 'paginated-fixture', version: '1.0.0' }, { capabilities: { tools: { listChanged: true }, resources: {}, prompts: {} } });
server.setRequestHandler(ListToolsRequestSchema, async (req) => {
	if (!req.params?.cursor) listings++;
	const { items, nextCursor } = page(tools, req.params?.cursor);
	return { tools: items, nextCursor };
});
server.setRequestHandler(ListResourcesRequestSchema, async (req) => {
	const { items, nextCursor } = page(resources, req.params?.cursor);
	return { resources: items, nextCursor };
});
server.setRequestHandler(ListResourceTemplatesRequestSchema, async (req) => {
	const { items, nextCursor } = page(templates, req.params?.cursor);
	return { resourceTemplates: items, nextCursor };
});
server.setRequestHandler(ListPromptsRequestSchema, async (req) => {
	const { items, nextCursor } = page(prompts, req.params?.cursor);
	return { prompts: items, nextCursor };
});
server.setRequestHandler(ReadResourceRequestSchema, async (req) => ({
	contents: [{ uri: req.params.uri, mimeType: 'text/plain', text: `content of ${req.params.uri}` }],
}));
server.setRequestHandler(GetPromptRequestSchema, async (req) => ({
	messages: [{ role: 'user', content: { type: 'text', text: `${req.params.name} about ${req.params.arguments?.topic}` } }],
}));
server.setRequestHandler(CallToolRequestSchema, async (req) => {
	if (req.params.name === 'echo-meta') {
		const received = { meta: req.params._meta ?? null, arguments: req.params.arguments ?? null };
		return { content: [{ type: 'text', text: JSON.stringify(received) }], structuredContent: received };
	}
	if (req.params.name === 'add-tool') {
		tools.push({ name: String(req.params.arguments?.name), description: 'Added at run time', inputSchema: { type: 'object', properties: {} } });
		await server.sendToolListChanged();
		return { content: [{ type: 'text', text: 'added' }] };
	}
	if (req.params.name === 'listings') return { content: [{ type: 'text', text: String(listings) }] };
	return { content: [{ type: 'text', text: `${req.params.name}: ${req.params.arguments?.n}` }] };
});
await server.connect(new StdioServerTransport());
