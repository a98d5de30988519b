import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { BinaryDescriptor } from '../../shared/mcp/resultRendering';
import type { ItemParameters } from '../../shared/n8n/ItemParameters';
import { buildContextMeta } from '../../shared/mcp/conversationContext';
import { McpClientError } from '../../shared/mcp/errors';
import type { McpOperations } from '../../shared/mcp/McpOperations';
import type { McpRequestLimits } from '../../shared/mcp/requestOptions';
import { argumentsFromMappedFields, pickDeclaredFields } from './toolArgumentFields';
import { errorMessage } from '../../shared/caughtError';

export interface McpClientOptions {
	concurrency?: number;
	timeout?: number;
	resetTimeoutOnProgress?: boolean;
	maxTotalTimeout?: number;
	validateArguments?: boolean;
	dropUndeclaredArguments?: boolean;
	allowedTools?: string;
	contextFrom?: string;
	contextUserId?: string;
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

/** What an operation sees of one item. */
export interface ItemRun {
	context: IExecuteFunctions;
	parameters: ItemParameters;
	server: McpOperations;
	item: INodeExecutionData;
	itemIndex: number;
	options: McpClientOptions;
}

/** One operation on one item; the caller adds pairedItem and handles errors. */
type OperationRunner = (run: ItemRun) => Promise<INodeExecutionData[]>;

function parseJsonObject(value: unknown, what: string): Record<string, unknown> {
	let parsed = value;
	if (typeof value === 'string') {
		const text = value.trim() || '{}';
		try {
			parsed = JSON.parse(text);
		} catch (error) {
			parsed = new McpClientError(
				'invalidSettings',
				`${what} is not valid JSON: ${errorMessage(error)}`,
				`Write ${what} as a JSON object, e.g. {"orderId": "123"}.`,
			);
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

async function toolArguments({ parameters, server, item, itemIndex }: ItemRun, toolName: string): Promise<Record<string, unknown>> {
	if (parameters.get<string>('argumentsInput', itemIndex, 'fields') === 'json') {
		return parseJsonObject(parameters.get('argumentsJson', itemIndex, '{}'), 'Arguments (JSON)');
	}
	if (parameters.get<string>('toolArguments.mappingMode', itemIndex, 'defineBelow') === 'autoMapInputData') {
		// "Map Automatically": the item's own fields named like the tool's arguments; no expressions.
		const schema = await server.toolInputSchema(toolName);
		return argumentsFromMappedFields(pickDeclaredFields(item.json ?? {}, schema), schema);
	}
	const mapped = parameters.get<Record<string, unknown> | null>('toolArguments.value', itemIndex, null, { evaluateInN8n: true });
	if (!mapped || Object.keys(mapped).length === 0) return {};
	return argumentsFromMappedFields(mapped, await server.toolInputSchema(toolName));
}

const callTool: OperationRunner = async (run) => {
	const { context, parameters, server, itemIndex, options } = run;
	const name = String(parameters.get('tool', itemIndex, '', { extractValue: true })).trim();
	if (!name) throw new McpClientError('invalidSettings', 'No tool is chosen', 'Pick a tool from the list or enter its name.');
	const additional = options.additionalMeta ? parseJsonObject(options.additionalMeta, 'Additional Meta (JSON)') : {};
	const result = await server.callTool({
		name,
		arguments: await toolArguments(run, name),
		allowedTools: (options.allowedTools ?? '').split(','),
		validateArguments: options.validateArguments !== false,
		dropUndeclaredArguments: options.dropUndeclaredArguments === true,
		meta: buildContextMeta({ from: options.contextFrom, userId: options.contextUserId, sessionId: options.contextSessionId }, additional),
		audit: { logger: context.logger, userId: options.contextFrom || options.contextUserId || undefined, includeArguments: options.logArguments === true },
	});
	const { binaries, ...json } = result;
	return [{ json: json as unknown as IDataObject, binary: await binaryData(context, binaries) }];
};

const readResource: OperationRunner = async ({ context, parameters, server, itemIndex }) => {
	const { binaries, ...json } = await server.readResource(String(parameters.get('resourceUri', itemIndex, '')).trim());
	return [{ json: json as unknown as IDataObject, binary: await binaryData(context, binaries) }];
};

const getPrompt: OperationRunner = async ({ parameters, server, itemIndex }) => {
	const name = String(parameters.get('prompt', itemIndex, '', { extractValue: true })).trim();
	if (!name) throw new McpClientError('invalidSettings', 'No prompt is chosen', 'Pick a prompt from the list or enter its name.');
	const pairs = parameters.get<Array<{ name?: string; value?: string }>>('promptArguments.argument', itemIndex, []);
	const args: Record<string, string> = {};
	for (const pair of pairs) if (pair.name?.trim()) args[pair.name.trim()] = String(pair.value ?? '');
	return toItems([await server.getPrompt(name, args)]);
};

export const operationRunners: Record<string, OperationRunner> = {
	callTool,
	listTools: async ({ server }) => toItems(await server.listTools()),
	listResources: async ({ server }) => toItems(await server.listResources()),
	listResourceTemplates: async ({ server }) => toItems(await server.listResourceTemplates()),
	listPrompts: async ({ server }) => toItems(await server.listPrompts()),
	readResource,
	getPrompt,
	ping: async ({ server }) => toItems([await server.ping()]),
};
