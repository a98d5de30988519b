import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult, ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';

import { customerForUserId } from '../customerIdentity';
import { type CallerScope, scopeFromMeta } from '../customerScope';
import type { ShopDatabase } from '../shopDatabase';
import { ShopError } from '../shopErrors';

export interface ShopToolContext {
	shop: ShopDatabase;
	scope: CallerScope;
}

export interface ShopToolAnswer<T> {
	/** Goes out as structuredContent, checked against the tool's output schema. */
	data: T;
	/** Goes out as the text content: a reply a person can read (WhatsApp formatting). */
	text: string;
}

export interface ShopToolDefinition<Input extends z.ZodRawShape, Output extends z.ZodRawShape> {
	title: string;
	description: string;
	input: Input;
	output: Output;
	annotations: Pick<ToolAnnotations, 'readOnlyHint' | 'idempotentHint' | 'destructiveHint'>;
	run: (args: z.infer<z.ZodObject<Input>>, context: ShopToolContext) => ShopToolAnswer<z.infer<z.ZodObject<Output>>>;
}

/**
 * registerTool without the SDK's zod-compat generics: instantiating them for every tool made the
 * type-check take minutes. The schemas are still zod objects and the SDK still validates with them.
 */
type RegisterPlainTool = (
	name: string,
	config: { title: string; description: string; inputSchema: z.ZodTypeAny; outputSchema: z.ZodTypeAny; annotations: ToolAnnotations },
	callback: (args: unknown, extra: { _meta?: unknown }) => Promise<CallToolResult>,
) => unknown;

/**
 * Registers one shop tool: strict input schema (unknown arguments are rejected by name), an
 * output schema, the caller's scope read from `_meta`, and both structured and text content.
 */
export function registerShopTool<Input extends z.ZodRawShape, Output extends z.ZodRawShape>(
	server: McpServer,
	shop: ShopDatabase,
	name: string,
	definition: ShopToolDefinition<Input, Output>,
): void {
	const inputSchema = z.object(definition.input).strict();
	const outputSchema = z.object(definition.output);
	const registerTool = server.registerTool.bind(server) as unknown as RegisterPlainTool;
	registerTool(
		name,
		{
			title: definition.title,
			description: definition.description,
			inputSchema,
			outputSchema,
			annotations: { openWorldHint: false, destructiveHint: false, ...definition.annotations },
		},
		async (args, extra) => {
			let answer: ShopToolAnswer<unknown>;
			try {
				answer = definition.run(args as z.infer<typeof inputSchema>, { shop, scope: scopeFromMeta(extra._meta, (userId) => customerForUserId(shop, userId)) });
			} catch (error) {
				if (error instanceof ShopError) return error.toToolResult();
				throw error;
			}
			return {
				content: [{ type: 'text' as const, text: answer.text }],
				structuredContent: answer.data as Record<string, unknown>,
			};
		},
	);
}
