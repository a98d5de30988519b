import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, ISourceData, ISupplyDataFunctions, Logger } from 'n8n-workflow';

import {
	agentToolNames,
	CONTEXT_FIELDS,
	failureForModel,
	matchAgentItem,
	resultForModel,
	selectTools,
	toolArgumentsFromItem,
	type ToolSelection,
} from '../../shared/mcp/agentTools';
import { connectionKey, secretValuesOf } from '../../shared/mcp/connectionSettings';
import { buildContextMeta } from '../../shared/mcp/conversationContext';
import { resolveSimpleExpressions } from '../../shared/n8n/simpleExpressions';
import { redactSecrets } from '../../shared/redactSecrets';
import { McpClientError, settle, withoutSecrets } from '../../shared/mcp/errors';
import { sharedMcpPool } from '../../shared/mcp/McpConnectionPool';
import { McpOperations } from '../../shared/mcp/McpOperations';
import { ItemParameters } from '../../shared/n8n/ItemParameters';
import { CREDENTIAL_TYPE, settingsFrom } from '../../shared/n8n/mcpServerCredential';

// One owner for what happens between an agent and an MCP server: which tools it is offered
// (supplyData) and how each call runs (execute for n8n's agent v3, the tool's func for others).

interface McpToolsOptions {
	logArguments?: boolean;
	timeout?: number;
	validateArguments?: boolean;
}

type NodeContext = IExecuteFunctions | ISupplyDataFunctions;

/** The server's tools this node offers, under the names the model sees. */
export interface OfferedTools {
	parameters: ItemParameters;
	server: McpOperations;
	secrets: string[];
	/** Agent name → the server's tool. */
	byAgentName: Map<string, Tool>;
	/** Set when the list could not be refreshed and the last one known is offered instead. */
	stale?: unknown;
}

// The last list each server gave, so that a server that is down when a turn starts still gives
// the agent its tools, and each call tells the model the server is unreachable (it can say so).
const lastKnownTools = new Map<string, Tool[]>();

// n8n reads and decrypts a credential from its database on every getCredentials (2–4 ms). An agent
// turn runs each tool call as its own execution of this node: one read per execution is enough.
const settingsByExecution = new Map<string, ReturnType<typeof settingsFrom>>();
const MAX_REMEMBERED_EXECUTIONS = 64;

async function connectionSettings(ctx: NodeContext): Promise<ReturnType<typeof settingsFrom>> {
	const credentialId = ctx.getNode().credentials?.[CREDENTIAL_TYPE]?.id;
	const key = `${ctx.getExecutionId()}|${ctx.getNode().name}|${credentialId ?? ''}`;
	const known = settingsByExecution.get(key);
	if (known) return known;
	const settings = settingsFrom(await ctx.getCredentials(CREDENTIAL_TYPE));
	settingsByExecution.set(key, settings);
	if (settingsByExecution.size > MAX_REMEMBERED_EXECUTIONS) settingsByExecution.delete(settingsByExecution.keys().next().value!);
	return settings;
}

export async function offeredTools(ctx: NodeContext, itemIndex: number): Promise<OfferedTools> {
	const settings = await connectionSettings(ctx);
	const secrets = secretValuesOf(settings);
	const parameters = new ItemParameters(ctx);
	const options = parameters.get<McpToolsOptions>('options', itemIndex, {});
	const server = new McpOperations(sharedMcpPool(), settings, {
		timeoutMs: options.timeout || undefined,
		signal: ctx.getExecutionCancelSignal?.(),
	});
	const key = connectionKey(settings);
	const listed = await settle(server.cachedTools());
	let tools: Tool[];
	let stale: unknown;
	if (listed.ok) {
		tools = listed.value;
		lastKnownTools.set(key, tools);
	} else {
		const known = lastKnownTools.get(key);
		if (!known) throw withoutSecrets(listed.error, secrets);
		tools = known;
		stale = withoutSecrets(listed.error, secrets);
	}
	const selection = parameters.get<ToolSelection>('toolSelection', itemIndex, 'all');
	const chosen = selection === 'all' ? [] : parameters.get<string[]>(selection === 'selected' ? 'includeTools' : 'excludeTools', itemIndex, []);
	const selected = selectTools(tools, selection, chosen);
	const names = agentToolNames(String(parameters.get('toolNamePrefix', itemIndex, '')), selected);
	const byName = new Map(selected.map((tool) => [tool.name, tool]));
	const byAgentName = new Map([...names].map(([agentName, serverName]) => [agentName, byName.get(serverName)!]));
	return { parameters, server, secrets, byAgentName, stale };
}

export interface ToolCall {
	agentName: string;
	arguments: Record<string, unknown>;
	/** The customer and conversation, from the node's context expressions on the agent's item. */
	context: { from?: string; userId?: string; sessionId?: string };
}

/** Runs one call and answers in text the model reads; never throws (the model corrects itself). */
export async function callForModel(ctx: NodeContext, offered: OfferedTools, call: ToolCall, itemIndex: number): Promise<string> {
	const options = offered.parameters.get<McpToolsOptions>('options', itemIndex, {});
	const tool = offered.byAgentName.get(call.agentName);
	if (!tool) {
		return failureForModel(new Error(`There is no tool named "${call.agentName}". Available tools: ${[...offered.byAgentName.keys()].join(', ')}`));
	}
	const allowed = [...offered.byAgentName.values()].map((candidate) => candidate.name);
	const outcome = await settle(
		offered.server.callTool({
			name: tool.name,
			arguments: call.arguments,
			allowedTools: allowed,
			validateArguments: options.validateArguments !== false,
			meta: buildContextMeta(call.context),
			audit: { logger: ctx.logger, userId: call.context.from ?? call.context.userId, includeArguments: options.logArguments === true },
		}),
	);
	// A tool may echo what it was given (headers, environment): the connection's secrets never reach the model.
	if (outcome.ok) return redactSecrets(resultForModel(outcome.value), offered.secrets);
	const error = withoutSecrets(outcome.error, offered.secrets);
	logFailure(ctx.logger, tool.name, error);
	return failureForModel(error);
}

function logFailure(logger: Logger, tool: string, error: unknown): void {
	// The message may quote argument values (personal data): the kind and tool are enough to find it.
	const kind = error instanceof McpClientError ? error.kind : 'error';
	logger.warn(`MCP tool call failed and was returned to the model: tool=${tool} kind=${kind}`, { tool, kind });
}

/**
 * The customer and conversation, from the node's context expressions. For a call the engine runs,
 * a plain `{{ $json.x }}` is read from the item the agent answers (`original`), not from the item
 * the model's arguments were written over; other expressions are n8n's (e.g. `$('Trigger').item`).
 */
export function contextFor(parameters: ItemParameters, itemIndex: number, original?: Record<string, unknown>, ctx?: NodeContext): ToolCall['context'] {
	const read = (name: string) => {
		let value: unknown;
		const raw = original && ctx ? ctx.getNodeParameter(name, itemIndex, '', { rawExpressions: true }) : undefined;
		const fromOriginal = original && raw !== undefined ? resolveSimpleExpressions(raw, original as IDataObject) : undefined;
		if (fromOriginal?.resolved) value = fromOriginal.value;
		else value = parameters.get<unknown>(name, itemIndex, '');
		return value === undefined || value === null || value === '' ? undefined : String(value);
	};
	return { from: read('contextFrom'), userId: read('contextUserId'), sessionId: read('contextSessionId') };
}

/**
 * n8n's agent (v3) runs each tool call as an execution of this node whose item is the item the
 * agent answers with the call's arguments and `tool` (the name the model used) written over it.
 */
export async function executeAgentToolCalls(ctx: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = ctx.getInputData();
	const output: INodeExecutionData[] = [];
	let offered: OfferedTools | undefined;
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const json = items[itemIndex].json;
		const answer = (response: string): INodeExecutionData => ({ json: { response }, pairedItem: { item: itemIndex } });
		if (typeof json.tool !== 'string' || !json.tool) {
			output.push(answer(failureForModel(new Error('No tool name came with the call; this node runs only as a tool of an AI Agent'))));
			continue;
		}
		const listed = offered ? { ok: true as const, value: offered } : await settle(offeredTools(ctx, itemIndex));
		if (!listed.ok) {
			output.push(answer(failureForModel(listed.error)));
			continue;
		}
		offered = listed.value;
		const tool = offered.byAgentName.get(json.tool);
		const declared = Object.keys(((tool?.inputSchema ?? {}) as { properties?: object }).properties ?? {});
		const match = matchAgentItem(json, agentInputItems(ctx, items[itemIndex]), declared);
		const args = tool ? toolArgumentsFromItem(json, tool, match?.item) : {};
		const overridden = match?.overridden;
		if (!match && declared.some((name) => CONTEXT_FIELDS.includes(name))) {
			// The tool takes an argument named like a customer field, and the item the agent answers is not known: the customer cannot be told apart from the model's argument.
			ctx.logger.warn(`MCP tool call refused: the customer could not be verified for tool=${tool?.name ?? json.tool}`);
			output.push(answer(failureForModel(new Error('This tool cannot be called here: the customer of this conversation could not be verified.'))));
			continue;
		}
		if (overridden?.length) {
			ctx.logger.warn(`MCP tool call refused: the model sent fields that are not arguments of tool=${tool?.name ?? json.tool}`, { fields: overridden });
			output.push(
				answer(
					failureForModel(
						new Error(
							`${overridden.join(', ')} ${overridden.length === 1 ? 'is not an argument' : 'are not arguments'} of this tool; the customer and the conversation cannot be set by a tool call. Call it again with its own arguments only.`,
						),
					),
				),
			);
			continue;
		}
		output.push(
			answer(
				await callForModel(
					ctx,
					offered,
					{ agentName: json.tool, arguments: args, context: contextFor(offered.parameters, itemIndex, match?.item, ctx) },
					itemIndex,
				),
			),
		);
	}
	return [output];
}

/**
 * The items the agent was answering when it asked for this call: the output of the node before
 * the agent, which the engine names in the call's source. Empty when it cannot be found (then
 * the call runs without the check, as n8n's own MCP tool does).
 */
function agentInputItems(ctx: IExecuteFunctions, item: INodeExecutionData): IDataObject[] {
	const paired = Array.isArray(item.pairedItem) ? item.pairedItem[0] : item.pairedItem;
	const source: ISourceData | undefined = (typeof paired === 'object' && paired?.sourceOverwrite) || ctx.getExecuteData().metadata?.preservedSourceOverwrite;
	if (!source?.previousNode) return [];
	try {
		const items = ctx.getWorkflowDataProxy(0).$items(source.previousNode, source.previousNodeOutput ?? 0, source.previousNodeRun ?? 0);
		return items.map((candidate) => candidate.json);
	} catch {
		return [];
	}
}
