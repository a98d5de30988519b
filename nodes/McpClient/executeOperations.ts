import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { BinaryDescriptor } from '../shared/mcp/resultRendering';
import { buildContextMeta } from '../shared/mcp/conversationContext';
import { McpClientError } from '../shared/mcp/errors';
import type { McpOperations } from '../shared/mcp/McpOperations';
import type { McpRequestLimits } from '../shared/mcp/requestOptions';
import { argumentsFromMappedFields, pickDeclaredFields } from './toolArgumentFields';

export interface McpClientOptions {
	timeout?: number;
	resetTimeoutOnProgress?: boolean;
	maxTotalTimeout?: number;
	validateArguments?: boolean;
	dropUndeclaredArguments?: boolean;
	allowedTools?: string;
	contextFrom?: string;
	contextSessionId?: string;
	additionalMeta?: string | IDataObject;
	logArguments?: boolean;
}

export function requestLimits(options: McpClientOptions, signal?: AbortSignal): McpRequestLimits {
	return {
		timeoutMs: options.timeout,
		resetTimeoutOnProgress: options.resetTimeoutOnProgress,
		maxTotalTimeoutMs: options.maxTotalTimeout || undefined,
		signal,
	};
}

/** One operation on one item; the caller adds pairedItem and handles errors. */
type OperationRunner = (context: IExecuteFunctions, server: McpOperations, itemIndex: number, options: McpClientOptions) => Promise<INodeExecutionData[]>;

function parseJsonObject(value: unknown, what: string): Record<string, unknown> {
	let parsed = value;
	if (typeof value === 'string') {
		const text = value.trim() || '{}';
		try {
			parsed = JSON.parse(text);
		} catch (error) {
			parsed = new McpClientError('invalidSettings', `${what} is not valid JSON: ${(error as Error).message}`, `Write ${what} as a JSON object, e.g. {"orderId": "123"}.`);
		}
	}
	if (parsed instanceof McpClientError) throw parsed;
	if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
		throw new McpClientError('invalidSettings', `${what} must be a JSON object`, `Write ${what} as a JSON object, e.g. {"orderId": "123"}.`);
	}
	return parsed as Record<string, unknown>;
}

async function binaryData(context: IExecuteFunctions, binaries: BinaryDescriptor[]): Promise<INodeExecutionData['binary']> {
	if (binaries.length === 0) return undefined;
	const binary: NonNullable<INodeExecutionData['binary']> = {};
	for (const descriptor of binaries) {
		binary[descriptor.property] = await context.helpers.prepareBinaryData(Buffer.from(descriptor.data, 'base64'), descriptor.fileName, descriptor.mimeType);
	}
	return binary;
}

const toItems = (entries: unknown[]): INodeExecutionData[] => entries.map((entry) => ({ json: entry as IDataObject }));

async function toolArguments(context: IExecuteFunctions, server: McpOperations, toolName: string, itemIndex: number): Promise<Record<string, unknown>> {
	if (context.getNodeParameter('argumentsInput', itemIndex, 'fields') === 'json') {
		return parseJsonObject(context.getNodeParameter('argumentsJson', itemIndex, '{}'), 'Arguments (JSON)');
	}
	if (context.getNodeParameter('toolArguments.mappingMode', itemIndex, 'defineBelow') === 'autoMapInputData') {
		// "Map Automatically": the item's own fields named like the tool's arguments; no expressions.
		const schema = await server.toolInputSchema(toolName);
		return argumentsFromMappedFields(pickDeclaredFields(context.getInputData()[itemIndex]?.json ?? {}, schema), schema);
	}
	const mapped = context.getNodeParameter('toolArguments.value', itemIndex, null) as Record<string, unknown> | null;
	if (!mapped || Object.keys(mapped).length === 0) return {};
	return argumentsFromMappedFields(mapped, await server.toolInputSchema(toolName));
}

const callTool: OperationRunner = async (context, server, itemIndex, options) => {
	const name = String(context.getNodeParameter('tool', itemIndex, '', { extractValue: true })).trim();
	if (!name) throw new McpClientError('invalidSettings', 'No tool is chosen', 'Pick a tool from the list or enter its name.');
	const additional = options.additionalMeta ? parseJsonObject(options.additionalMeta, 'Additional Meta (JSON)') : {};
	const result = await server.callTool({
		name,
		arguments: await toolArguments(context, server, name, itemIndex),
		allowedTools: (options.allowedTools ?? '').split(','),
		validateArguments: options.validateArguments !== false,
		dropUndeclaredArguments: options.dropUndeclaredArguments === true,
		meta: buildContextMeta({ from: options.contextFrom, sessionId: options.contextSessionId }, additional),
		audit: { logger: context.logger, userId: options.contextFrom || undefined, includeArguments: options.logArguments === true },
	});
	const { binaries, ...json } = result;
	return [{ json: json as unknown as IDataObject, binary: await binaryData(context, binaries) }];
};

const readResource: OperationRunner = async (context, server, itemIndex) => {
	const { binaries, ...json } = await server.readResource(String(context.getNodeParameter('resourceUri', itemIndex, '')).trim());
	return [{ json: json as unknown as IDataObject, binary: await binaryData(context, binaries) }];
};

const getPrompt: OperationRunner = async (context, server, itemIndex) => {
	const name = String(context.getNodeParameter('prompt', itemIndex, '', { extractValue: true })).trim();
	if (!name) throw new McpClientError('invalidSettings', 'No prompt is chosen', 'Pick a prompt from the list or enter its name.');
	const pairs = context.getNodeParameter('promptArguments.argument', itemIndex, []) as Array<{ name?: string; value?: string }>;
	const args: Record<string, string> = {};
	for (const pair of pairs) if (pair.name?.trim()) args[pair.name.trim()] = String(pair.value ?? '');
	return toItems([await server.getPrompt(name, args)]);
};

export const operationRunners: Record<string, OperationRunner> = {
	callTool,
	listTools: async (_context, server) => toItems(await server.listTools()),
	listResources: async (_context, server) => toItems(await server.listResources()),
	listResourceTemplates: async (_context, server) => toItems(await server.listResourceTemplates()),
	listPrompts: async (_context, server) => toItems(await server.listPrompts()),
	readResource,
	getPrompt,
	ping: async (_context, server) => toItems([await server.ping()]),
};
