import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { resolve } from 'node:path';

export const REPO_ROOT = resolve(__dirname, '..', '..', '..');
export const TSX = resolve(REPO_ROOT, 'node_modules', '.bin', 'tsx');
export const DEMO_MAIN = resolve(REPO_ROOT, 'demo', 'server', 'main.ts');

/** Seeded customers the tests speak as. */
export const MARIA = '15551230001'; // orders ORD-10039, ORD-10042, ORD-10044; ticket TCK-2001
export const JAMES = '15551230002'; // order ORD-10043; ticket TCK-2002; quote QUO-3002

/** A Tuesday, 10:00 in New York: the team is in. */
export const TUESDAY_MORNING = new Date('2026-11-24T15:00:00Z');

export const metaFor = (waId: string) => ({ whatsapp: { from: waId, sessionId: waId } });

export async function connectHttp(url: string): Promise<Client> {
	const client = new Client({ name: 'demo-server-test', version: '1.0.0' });
	await client.connect(new StreamableHTTPClientTransport(new URL(url)));
	return client;
}

export async function connectStdio(extraArgs: string[] = []): Promise<Client> {
	const client = new Client({ name: 'demo-server-test', version: '1.0.0' });
	await client.connect(
		new StdioClientTransport({
			command: TSX,
			args: [DEMO_MAIN, '--transport', 'stdio', '--db', ':memory:', ...extraArgs],
			cwd: REPO_ROOT,
			stderr: 'pipe',
		}),
	);
	return client;
}

export interface ShopCaller {
	/** Calls a tool expecting success; returns its structured content. */
	ok<T = Record<string, any>>(name: string, args?: Record<string, unknown>): Promise<T & { _text: string }>; // eslint-disable-line @typescript-eslint/no-explicit-any -- a tool's structured content, read by path in assertions
	/** Calls a tool expecting an isError result; returns its text. */
	fails(name: string, args?: Record<string, unknown>): Promise<string>;
	/** Calls a tool expecting an isError result; returns the whole result. */
	failure(name: string, args?: Record<string, unknown>): Promise<CallToolResult>;
}

function textOf(result: CallToolResult): string {
	return result.content
		.filter((part) => part.type === 'text')
		.map((part) => (part as { text: string }).text)
		.join('\n');
}

/** Calls tools as one WhatsApp customer (`_meta.whatsapp.from`), or unrestricted when waId is undefined. */
export function callerFor(client: Client, waId?: string): ShopCaller {
	const call = async (name: string, args: Record<string, unknown>) =>
		(await client.callTool({ name, arguments: args, ...(waId ? { _meta: metaFor(waId) } : {}) })) as CallToolResult;
	return {
		async ok(name, args = {}) {
			const result = await call(name, args);
			if (result.isError) throw new Error(`${name} failed: ${textOf(result)}`);
			// structuredContent is what the tool's outputSchema declares; the caller names its type (T).
			return { ...(result.structuredContent as Record<string, unknown>), _text: textOf(result) } as never;
		},
		async failure(name, args = {}) {
			const result = await call(name, args);
			if (!result.isError) throw new Error(`${name} succeeded but was expected to fail: ${textOf(result)}`);
			return result;
		},
		async fails(name, args = {}) {
			return textOf(await this.failure(name, args));
		},
	};
}

/** Every tool the demo shop offers, by name, sorted: what a client and an agent are offered. */
export const SHOP_TOOLS = [
	'book_delivery_slot',
	'check_stock',
	'create_quote',
	'erase_my_data',
	'find_customer_by_phone',
	'get_marketing_consent',
	'get_order_status',
	'get_ticket',
	'hand_over_to_human',
	'list_customer_orders',
	'list_delivery_slots',
	'open_ticket',
	'place_order',
	'search_knowledge_base',
	'search_products',
	'set_marketing_preference',
	'update_ticket',
];
