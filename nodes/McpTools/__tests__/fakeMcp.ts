import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { RequestOptions } from '@modelcontextprotocol/sdk/shared/protocol.js';
import { CallToolRequestSchema, ListToolsRequestSchema, type CallToolResult, type Tool } from '@modelcontextprotocol/sdk/types.js';
import { NodeHelpers } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeParameters, ISupplyDataFunctions } from 'n8n-workflow';

import { CLIENT_INFO, type McpConnection } from '../../shared/mcp/McpConnection';
import { McpConnectionPool, type PooledConnection } from '../../shared/mcp/McpConnectionPool';
import { McpTools } from '../McpTools.node';

// The MCP Tools node as n8n runs it, without n8n or a server process: an MCP server in this
// process (the SDK's Server over an in-memory transport), the pool opening clients to it, and a
// stand-in for the parts of n8n's node contexts the node uses.

export interface ReceivedCall {
	name: string;
	arguments: Record<string, unknown>;
	meta?: Record<string, unknown>;
}

/** An MCP server in this process: the tools it lists, what it answers, and every call it received. */
export class InMemoryMcpServer {
	readonly calls: ReceivedCall[] = [];

	constructor(
		readonly tools: Tool[],
		private readonly answer: (call: ReceivedCall) => CallToolResult,
	) {}

	async connectClient(): Promise<Client> {
		const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
		const server = new Server({ name: 'in-memory-shop', version: '1.0.0' }, { capabilities: { tools: {} } });
		server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: this.tools }));
		server.setRequestHandler(CallToolRequestSchema, async (request) => {
			const call: ReceivedCall = { name: request.params.name, arguments: request.params.arguments ?? {}, meta: request.params._meta };
			this.calls.push(call);
			return this.answer(call);
		});
		await server.connect(serverSide);
		const client = new Client(CLIENT_INFO, { capabilities: {} });
		await client.connect(clientSide);
		return client;
	}
}

/** What McpOperations uses of an McpConnection, over a client of the in-memory server. */
class InMemoryConnection implements PooledConnection {
	closed = false;

	readonly pid = undefined;

	readonly stderrTail = '';

	private toolList?: Promise<Tool[]>;

	private closedListeners: Array<() => void> = [];

	constructor(readonly client: Client) {}

	async listTools(options: RequestOptions = {}): Promise<Tool[]> {
		this.toolList = this.client.listTools(undefined, options).then((page) => page.tools);
		return await this.toolList;
	}

	async cachedTools(options: RequestOptions = {}): Promise<Tool[]> {
		return await (this.toolList ?? this.listTools(options));
	}

	isServerAlive(): boolean {
		return true;
	}

	onClosed(listener: () => void): void {
		if (this.closed) listener();
		else this.closedListeners.push(listener);
	}

	async close(): Promise<void> {
		this.killSync();
		await this.client.close();
	}

	killSync(): void {
		this.closed = true;
		for (const listener of this.closedListeners.splice(0)) listener();
	}
}

/** A pool whose every connection is a client of this server (the shape McpOperations expects). */
export function poolServing(server: InMemoryMcpServer): McpConnectionPool {
	return new McpConnectionPool<McpConnection>({}, async () => new InMemoryConnection(await server.connectClient()) as unknown as McpConnection);
}

/** Made-up credential values: a server quoting them back must not reach the model. */
export const SHOP_BEARER = 'sk-shop-7f3a9c2e41';
export const SHOP_HEADER_VALUE = 'hdr-secret-55d01b';

/** The mcpServerApi credential as n8n hands it over. The pool ignores it: every connection reaches the in-memory server. */
export function credential(url = 'http://shop.test/mcp'): IDataObject {
	return { transport: 'streamableHttp', url, bearerToken: SHOP_BEARER, headers: { header: [{ name: 'X-Api-Key', value: SHOP_HEADER_VALUE }] } };
}

const description = new McpTools().description;

/** The node's parameters as n8n stores them: the description's defaults, and what the user set. */
export function parametersFor(set: INodeParameters = {}): INodeParameters {
	return NodeHelpers.getNodeParameters(description.properties, set, true, false, { typeVersion: 1 }, description)!;
}

export interface FakeNodeRun {
	parameters?: INodeParameters;
	items: INodeExecutionData[];
	credentials?: IDataObject;
	/** The output of the node before the agent (the items the agent answers), as the call's source names it; absent when unknown. */
	agentInput?: IDataObject[];
}

let executions = 0;

/**
 * A stand-in for ISupplyDataFunctions and IExecuteFunctions for one run of the node. Parameters
 * "={{ $json.a }}" are read from the item, as n8n does (other expressions are not supported).
 */
export function fakeNodeContext(run: FakeNodeRun) {
	const executionId = `execution-${++executions}`;
	const parameters = run.parameters ?? parametersFor();
	const warnings: string[] = [];
	const evaluate = (value: unknown, itemIndex: number): unknown => {
		if (typeof value === 'string' && value.startsWith('=')) {
			const path = /^=\{\{\s*\$json\.(\w+)\s*\}\}$/.exec(value)?.[1];
			if (!path) throw new Error(`fake n8n cannot evaluate ${value}`);
			return run.items[itemIndex]?.json[path];
		}
		return value;
	};
	const fns = {
		getNode: () => ({
			id: 'mcp-tools',
			name: 'MCP Tools',
			type: 'n8n-nodes-whatsapp-mcp.mcpTools',
			typeVersion: 1,
			position: [0, 0],
			parameters,
			credentials: { mcpServerApi: { id: 'credential-1', name: 'Shop MCP' } },
		}),
		getExecutionId: () => executionId,
		getCredentials: async () => run.credentials ?? credential(),
		getInputData: () => run.items,
		getNodeParameter: (name: string, itemIndex: number, fallback?: unknown, options?: { rawExpressions?: boolean }) => {
			const value = parameters[name];
			if (value === undefined) {
				if (fallback === undefined) throw new Error(`Could not get parameter "${name}"`);
				return fallback;
			}
			return options?.rawExpressions ? value : evaluate(value, itemIndex);
		},
		getExecutionCancelSignal: () => undefined,
		getExecuteData: () => ({
			data: { main: [run.items] },
			node: fns.getNode(),
			source: null,
			metadata: run.agentInput ? { preservedSourceOverwrite: { previousNode: 'WhatsApp Trigger', previousNodeOutput: 0, previousNodeRun: 0 } } : undefined,
		}),
		getWorkflowDataProxy: () => ({
			$items: (node: string) => {
				if (node !== 'WhatsApp Trigger' || !run.agentInput) throw new Error(`No data of node "${node}"`);
				return run.agentInput.map((json) => ({ json }));
			},
		}),
		logger: { warn: (message: string) => warnings.push(message), info: () => undefined, debug: () => undefined, error: () => undefined },
	};
	return {
		supplyData: fns as unknown as ISupplyDataFunctions,
		execute: fns as unknown as IExecuteFunctions,
		warnings,
	};
}

/** A shop's MCP server: tools with and without arguments, one taking an argument named like a customer field. */
export const SHOP_TOOLS: Tool[] = [
	{
		name: 'lookup_order',
		description: 'Finds an order by its number.',
		inputSchema: { type: 'object', properties: { orderId: { type: 'string', description: 'The order number, e.g. 1042' } }, required: ['orderId'] },
	},
	{
		name: 'open_ticket',
		description: 'Opens a support ticket.',
		inputSchema: { type: 'object', properties: { subject: { type: 'string' } }, required: ['subject'] },
	},
	{
		name: 'schedule_callback',
		description: 'Books a call back to the customer.',
		inputSchema: { type: 'object', properties: { from: { type: 'string', description: 'The earliest time, e.g. 14:00' } }, required: ['from'] },
	},
	{ name: 'show_connection', description: 'Shows how the client connected (for debugging).', inputSchema: { type: 'object', properties: {} } },
];

export function shopServer(): InMemoryMcpServer {
	return new InMemoryMcpServer(SHOP_TOOLS, (call) => {
		const customer = (call.meta?.whatsapp as { from?: string } | undefined)?.from ?? 'nobody';
		if (call.name === 'lookup_order') return { content: [{ type: 'text', text: `Order ${String(call.arguments.orderId)} of ${customer}: on its way` }] };
		// A debugging tool that quotes the client's credentials back: they must not reach the model.
		if (call.name === 'show_connection') return { content: [{ type: 'text', text: `Authorization: Bearer ${SHOP_BEARER}; X-Api-Key: ${SHOP_HEADER_VALUE}` }] };
		return { content: [{ type: 'text', text: 'done' }] };
	});
}

/** The customer's message as the WhatsApp Trigger hands it to the agent. */
export const CUSTOMER = { from: '4915112345678', userId: 'DE.1000shopcustomer', sessionId: 'business-number:4915112345678', text: 'Where is order 1042?' };
