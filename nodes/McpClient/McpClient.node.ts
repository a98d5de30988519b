import { NodeConnectionTypes } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { secretValuesOf } from '../shared/mcp/connectionSettings';
import { sharedMcpPool } from '../shared/mcp/McpConnectionPool';
import { McpOperations } from '../shared/mcp/McpOperations';
import { settle, withoutSecrets } from '../shared/mcp/errors';
import { ItemParameters } from '../shared/n8n/ItemParameters';
import { runItemsConcurrently } from '../shared/runItemsConcurrently';
import { getToolArgumentFields, mcpServerConnectionTest, searchPrompts, searchTools } from './editorMethods';
import { operationRunners, requestLimits, type McpClientOptions } from './executeOperations';
import { mcpClientProperties } from './McpClientDescription';
import { errorItemJson, toNodeError } from './nodeErrors';
import { CREDENTIAL_TYPE, settingsFrom } from './serverConnection';

export class McpClient implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'WhatsApp + MCP: MCP Client',
		name: 'mcpClient',
		icon: { light: 'file:mcp.svg', dark: 'file:mcp.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ($parameter["tool"] && $parameter["tool"].value ? ": " + $parameter["tool"].value : "")}}',
		description: 'Call tools, read resources and get prompts from any MCP server (stdio, SSE, Streamable HTTP) over pooled connections',
		defaults: { name: 'MCP Client' },
		// The older n8n-nodes-base rules want the literal 'main'; n8n's community rules (newer) forbid it.
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		usableAsTool: true,
		credentials: [{ name: 'mcpServerApi', required: true, testedBy: 'mcpServerConnectionTest' }],
		properties: mcpClientProperties,
	};

	methods = {
		listSearch: { searchTools, searchPrompts },
		resourceMapping: { getToolArgumentFields },
		credentialTest: { mcpServerConnectionTest },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const settings = settingsFrom(await this.getCredentials(CREDENTIAL_TYPE));
		const secrets = secretValuesOf(settings);
		const signal = this.getExecutionCancelSignal?.();
		const parameters = new ItemParameters(this);
		// One McpOperations per set of request limits: it keeps the tool schemas it looked up.
		const servers = new Map<string, McpOperations>();
		const serverFor = (options: McpClientOptions) => {
			const limits = requestLimits(options, signal);
			const key = `${limits.timeoutMs}|${limits.resetTimeoutOnProgress}|${limits.maxTotalTimeoutMs}`;
			let server = servers.get(key);
			if (!server) servers.set(key, (server = new McpOperations(sharedMcpPool(), settings, limits)));
			return server;
		};
		const concurrency = Number(parameters.get<McpClientOptions>('options', 0, {}).concurrency);
		const perItem = await runItemsConcurrently(items.length, concurrency, async (itemIndex) => {
			const pairedItem = { item: itemIndex };
			const operation = parameters.get<string>('operation', itemIndex);
			const options = parameters.get<McpClientOptions>('options', itemIndex, {});
			const outcome = await settle(operationRunners[operation]({ context: this, parameters, server: serverFor(options), item: items[itemIndex], itemIndex, options }));
			if (outcome.ok) return outcome.value.map((item) => ({ ...item, pairedItem }));
			const error = withoutSecrets(outcome.error, secrets);
			if (this.continueOnFail()) return [{ json: errorItemJson(error), pairedItem }];
			throw toNodeError(this.getNode(), error, itemIndex);
		});
		return [perItem.flat()];
	}
}
