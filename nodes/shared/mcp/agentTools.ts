import type { Tool } from '@modelcontextprotocol/sdk/types.js';

import { isMcpClientError } from './errors';
import type { ToolCallResult } from './McpOperations';
import { errorMessage } from '../caughtError';

// What an AI agent sees of an MCP server: which tools, under which names, and every answer as
// text the model can read (failures included, so it can correct itself). No n8n or LangChain here.

export type ToolSelection = 'all' | 'selected' | 'except';

/** The server's tools the agent may use. */
export function selectTools(tools: Tool[], selection: ToolSelection, names: string[] = []): Tool[] {
	const chosen = new Set(names.map((name) => name.trim()).filter(Boolean));
	if (selection === 'selected') return tools.filter((tool) => chosen.has(tool.name));
	if (selection === 'except') return tools.filter((tool) => !chosen.has(tool.name));
	return tools;
}

// OpenAI and Anthropic accept tool names of 1–64 characters from [a-zA-Z0-9_-].
const MAX_TOOL_NAME = 64;

/** The name the model calls a tool by: the optional prefix plus the server's name, made valid. */
export function agentToolName(prefix: string, serverName: string): string {
	const cleanPrefix = prefix.trim().replace(/[^a-zA-Z0-9_-]+/g, '_');
	const joined = cleanPrefix ? `${cleanPrefix.replace(/_+$/, '')}_${serverName}` : serverName;
	return joined.replace(/[^a-zA-Z0-9_-]+/g, '_').slice(0, MAX_TOOL_NAME) || 'tool';
}

/** Agent name → server name, refusing two tools that would reach the model under one name. */
export function agentToolNames(prefix: string, tools: Tool[]): Map<string, string> {
	const names = new Map<string, string>();
	for (const tool of tools) {
		const name = agentToolName(prefix, tool.name);
		const taken = names.get(name);
		if (taken !== undefined) {
			throw new Error(`The tools "${taken}" and "${tool.name}" would both reach the model as "${name}"; exclude one of them`);
		}
		names.set(name, tool.name);
	}
	return names;
}

/** A description the model can use; servers may leave it out. */
export function agentToolDescription(tool: Tool): string {
	const text = tool.description?.trim() || tool.title?.trim() || '';
	return text || `Calls the MCP tool "${tool.name}".`;
}

/** The input schema as the agent needs it: always an object schema. */
export function agentToolSchema(tool: Tool): Record<string, unknown> {
	const schema = (tool.inputSchema ?? {}) as Record<string, unknown>;
	return { ...schema, type: 'object', properties: schema.properties ?? {} };
}

/** A successful result as the model reads it: the text, then structured content as JSON. */
export function resultForModel(result: ToolCallResult): string {
	const parts: string[] = [];
	if (result.text) parts.push(result.text);
	if (result.structuredContent !== undefined) parts.push(JSON.stringify(result.structuredContent));
	const links = result.resourceLinks.map((link) => `${String(link.name ?? 'resource')}: ${String(link.uri ?? '')}`);
	if (links.length) parts.push(`Resources: ${links.join(', ')}`);
	if (result.binaries.length) parts.push(`(${result.binaries.length} binary attachment(s) not shown)`);
	return parts.join('\n') || '(the tool returned no content)';
}

/** A failure as the model reads it: what went wrong and what to do, never a stack. */
export function failureForModel(error: unknown): string {
	if (isMcpClientError(error)) {
		const text = error.kind === 'toolError' ? error.message : `${error.message}. ${error.hint}`;
		return `Error: ${text}`;
	}
	return `Error: ${errorMessage(error)}`;
}

/**
 * The arguments of a call the engine hands over merged into the item the agent answers: the
 * tool's declared arguments, without nulls, and without an optional argument that only repeats the
 * item's own field of that name (the model did not send it: the engine's merge put it there).
 */
export function toolArgumentsFromItem(item: Record<string, unknown>, tool: Tool, original?: Record<string, unknown>): Record<string, unknown> {
	const schema = (tool.inputSchema ?? {}) as { properties?: object; required?: string[] };
	const required = new Set(schema.required ?? []);
	const args: Record<string, unknown> = {};
	for (const name of Object.keys(schema.properties ?? {})) {
		const value = item[name];
		if (value === undefined || value === null || ENGINE_FIELDS.includes(name)) continue;
		if (original && !required.has(name) && Object.prototype.hasOwnProperty.call(original, name) && sameValue(original[name], value)) continue;
		args[name] = value;
	}
	return args;
}

/** What n8n's engine adds to a tool call's item besides the model's arguments. */
export const ENGINE_FIELDS = ['tool', 'toolCallId'];

/**
 * n8n's agent runs a tool call as an item made of the item the agent answers with the model's
 * arguments written over it. The conversation context (who the customer is) is read from that
 * item, so a model that sends a field of the item as an argument (talked into `from: <another
 * customer>`, or a `userId` the item lacks) must not change it. Returns the item the agent answers
 * (the candidate the call's item differs least from) with the fields the model's arguments changed
 * or added that are not the tool's own arguments (nor the engine's `tool` and `toolCallId`), or
 * undefined when the original item is not known.
 */
export function matchAgentItem(
	merged: Record<string, unknown>,
	candidates: Array<Record<string, unknown>>,
	declaredArguments: string[],
): { item: Record<string, unknown>; overridden: string[] } | undefined {
	const ignored = new Set([...declaredArguments, ...ENGINE_FIELDS]);
	let best: { item: Record<string, unknown>; overridden: string[] } | undefined;
	for (const candidate of candidates) {
		const keys = new Set([...Object.keys(candidate), ...Object.keys(merged)]);
		const changed = [...keys].filter((key) => !ignored.has(key) && !sameValue(candidate[key], merged[key]));
		if (!best || changed.length < best.overridden.length) best = { item: candidate, overridden: changed };
		if (changed.length === 0) break;
	}
	return best;
}

/** Item fields the conversation context is usually read from: a tool argument of that name needs the original item. */
export const CONTEXT_FIELDS = ['from', 'userId', 'sessionId', 'phoneNumberId', 'messageId'];

function sameValue(a: unknown, b: unknown): boolean {
	if (a === b) return true;
	if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
	return JSON.stringify(a) === JSON.stringify(b);
}
