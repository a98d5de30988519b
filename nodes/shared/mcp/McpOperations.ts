import type { RequestOptions } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { Prompt, Resource, ResourceTemplate, Tool } from '@modelcontextprotocol/sdk/types.js';

import { dropUndeclaredArguments, prepareToolArguments, type ToolInputSchema } from './argumentValidation';
import { describeServer, type McpConnectionSettings } from './connectionSettings';
import { McpClientError, settle } from './errors';
import type { McpConnection } from './McpConnection';
import type { McpConnectionPool, McpRetryPolicy } from './McpConnectionPool';
import { collectPages } from './pagination';
import { requestFailure, scopedRequestOptions, toRequestOptions, type McpRequestLimits } from './requestOptions';
import { renderResourceRead, renderToolResult, type RenderedResource, type RenderedToolResult } from './resultRendering';
import { auditToolCall, type AuditLogger, type ToolCallOutcome } from './toolCallAudit';

export interface ToolCallRequest {
	name: string;
	arguments?: Record<string, unknown>;
	/** Tools this workflow may call; empty or absent means all. Checked before the server is reached. */
	allowedTools?: string[];
	/** Check arguments against the tool's inputSchema before calling (default true). */
	validateArguments?: boolean;
	/** Remove arguments the inputSchema does not declare. */
	dropUndeclaredArguments?: boolean;
	/** Sent as the request's `_meta` (see conversationContext.ts). */
	meta?: Record<string, unknown>;
	audit?: { logger?: AuditLogger; userId?: string; includeArguments?: boolean };
}

export interface ToolCallResult extends RenderedToolResult {
	tool: string;
	/** Arguments removed by dropUndeclaredArguments. */
	droppedArguments?: string[];
}

export interface PromptResult {
	name: string;
	description?: string;
	messages: unknown[];
	/** Text of all text messages, one per line. */
	text: string;
}

export function isToolAllowed(name: string, allowedTools?: string[]): boolean {
	const allowed = (allowedTools ?? []).map((tool) => tool.trim()).filter(Boolean);
	return allowed.length === 0 || allowed.includes(name);
}

/** Every MCP operation the node offers, on one server, through the pool, with the same limits. */
export class McpOperations {
	private readonly inputSchemas = new Map<string, ToolInputSchema>();

	/** The SDK's options for every request: the limits never change for this object's life. */
	private readonly options: RequestOptions;

	constructor(
		private readonly pool: McpConnectionPool,
		readonly settings: McpConnectionSettings,
		private readonly limits: McpRequestLimits = {},
	) {
		this.options = toRequestOptions(limits);
	}

	private async run<T>(what: string, retry: McpRetryPolicy, fn: (connection: McpConnection, options: RequestOptions) => Promise<T>): Promise<T> {
		let used: McpConnection | undefined;
		const request = scopedRequestOptions(this.options);
		const outcome = await settle(
			this.pool.use(
				this.settings,
				async (connection) => {
					used = connection;
					return await fn(connection, request.options);
				},
				{ requestOptions: request.options, retry },
			),
		);
		request.release();
		if (outcome.ok) return outcome.value;
		throw requestFailure(outcome.error, what, this.settings, this.limits, used);
	}

	async ping(): Promise<{ ok: true; durationMs: number; serverVersion?: unknown }> {
		const started = Date.now();
		return await this.run('ping', 'always', async (connection, options) => {
			await connection.client.ping(options);
			return { ok: true as const, durationMs: Date.now() - started, serverVersion: connection.client.getServerVersion() };
		});
	}

	async listTools(): Promise<Tool[]> {
		return await this.run('listing tools', 'always', async (connection, options) => await connection.listTools(options));
	}

	/**
	 * The tool list the connection keeps (listed on first need, again after the server announces a
	 * change or the connection is replaced): what an agent asks for on every iteration.
	 */
	async cachedTools(): Promise<Tool[]> {
		return await this.run('listing tools', 'always', async (connection, options) => await connection.cachedTools(options));
	}

	/**
	 * The tool's inputSchema from the connection's cached list (listed on first need), kept for
	 * this object's life (one node execution) so that 1000 items do not ask the pool 1000 times.
	 */
	async toolInputSchema(name: string): Promise<ToolInputSchema | undefined> {
		if (this.inputSchemas.has(name)) return this.inputSchemas.get(name);
		const schema = await this.run('listing tools', 'always', async (connection, options) => {
			const tools = await connection.cachedTools(options);
			return tools.find((tool) => tool.name === name)?.inputSchema as ToolInputSchema | undefined;
		});
		if (schema) this.inputSchemas.set(name, schema);
		return schema;
	}

	async listResources(): Promise<Resource[]> {
		return await this.run(
			'listing resources',
			'always',
			async ({ client }, options) =>
				await collectPages(async (cursor) => {
					const page = await client.listResources(cursor ? { cursor } : undefined, options);
					return { items: page.resources, nextCursor: page.nextCursor };
				}),
		);
	}

	async listResourceTemplates(): Promise<ResourceTemplate[]> {
		return await this.run(
			'listing resource templates',
			'always',
			async ({ client }, options) =>
				await collectPages(async (cursor) => {
					const page = await client.listResourceTemplates(cursor ? { cursor } : undefined, options);
					return { items: page.resourceTemplates, nextCursor: page.nextCursor };
				}),
		);
	}

	async listPrompts(): Promise<Prompt[]> {
		return await this.run(
			'listing prompts',
			'always',
			async ({ client }, options) =>
				await collectPages(async (cursor) => {
					const page = await client.listPrompts(cursor ? { cursor } : undefined, options);
					return { items: page.prompts, nextCursor: page.nextCursor };
				}),
		);
	}

	async readResource(uri: string): Promise<RenderedResource> {
		if (!uri.trim()) {
			throw new McpClientError('invalidSettings', 'No resource URI was given', 'Set Resource URI, e.g. one from List Resources or a template filled in.');
		}
		return await this.run(`reading resource "${uri}"`, 'always', async ({ client }, options) =>
			renderResourceRead(uri, await client.readResource({ uri }, options)),
		);
	}

	async getPrompt(name: string, args: Record<string, string> = {}): Promise<PromptResult> {
		return await this.run(`getting prompt "${name}"`, 'always', async ({ client }, options) => {
			const result = await client.getPrompt({ name, arguments: args }, options);
			const text = result.messages
				.map((message) => (message.content.type === 'text' ? message.content.text : ''))
				.filter(Boolean)
				.join('\n');
			return { name, description: result.description, messages: result.messages, text };
		});
	}

	/** Calls a tool; a result with isError is thrown as a 'toolError' carrying the rendered result. */
	async callTool(request: ToolCallRequest): Promise<ToolCallResult> {
		const started = Date.now();
		const args = request.arguments ?? {};
		const audit = (outcome: ToolCallOutcome, error?: string) =>
			auditToolCall(request.audit?.logger, {
				tool: request.name,
				server: describeServer(this.settings),
				outcome,
				durationMs: Date.now() - started,
				userId: request.audit?.userId,
				arguments: request.audit?.includeArguments ? args : undefined,
				error,
			});
		if (!isToolAllowed(request.name, request.allowedTools)) {
			audit('denied');
			throw new McpClientError(
				'toolNotAllowed',
				`The tool "${request.name}" is not in this node's list of allowed tools`,
				`Add it to Allowed Tools if this workflow may use it (allowed now: ${(request.allowedTools ?? []).join(', ')}).`,
				{ tool: request.name },
			);
		}
		const outcome = await settle(
			this.run(`calling tool "${request.name}"`, 'ifNotDelivered', async (connection, options) => {
				let prepared = { arguments: args, dropped: [] as string[] };
				if (request.validateArguments !== false || request.dropUndeclaredArguments) {
					let tool = (await connection.cachedTools(options)).find((candidate) => candidate.name === request.name);
					// The cached list may predate the tool (servers need not announce changes): list again once.
					const tools = tool ? [] : await connection.listTools(options);
					tool ??= tools.find((candidate) => candidate.name === request.name);
					if (!tool) throw toolNotFound(request.name, tools, this.settings);
					const schema = tool.inputSchema as ToolInputSchema;
					prepared =
						request.validateArguments === false
							? dropUndeclaredArguments(args, schema)
							: prepareToolArguments(request.name, args, schema, { dropUndeclared: request.dropUndeclaredArguments });
				}
				const raw = await connection.client.callTool(
					{ name: request.name, arguments: prepared.arguments, ...(request.meta ? { _meta: request.meta } : {}) },
					undefined,
					options,
				);
				const rendered: ToolCallResult = { tool: request.name, ...renderToolResult(raw) };
				if (prepared.dropped.length) rendered.droppedArguments = prepared.dropped;
				return rendered;
			}),
		);
		if (!outcome.ok) {
			const failure = requestFailure(outcome.error, `calling tool "${request.name}"`, this.settings, this.limits);
			audit(failure.kind === 'invalidArguments' ? 'invalidArguments' : 'failed', failure.message);
			throw failure;
		}
		const result = outcome.value;
		if (result.isError) {
			audit('toolError', result.text.slice(0, 300));
			throw new McpClientError(
				'toolError',
				`The tool "${request.name}" reported an error: ${result.text || '(no message)'}`,
				'The server ran the tool and it failed; its message says why. Check the arguments and the data it refers to.',
				{ result },
			);
		}
		audit('ok');
		return result;
	}
}

function toolNotFound(name: string, tools: Tool[], settings: McpConnectionSettings): McpClientError {
	const names = tools.map((tool) => tool.name);
	return new McpClientError(
		'toolNotFound',
		`The MCP server ${describeServer(settings)} has no tool named "${name}"`,
		`Pick one from the list (the server offers: ${names.slice(0, 30).join(', ')}${names.length > 30 ? ', …' : ''}).`,
		{ tools: names },
	);
}
