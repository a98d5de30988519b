import { NodeConnectionTypes } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { sharedMcpPool } from '../shared/mcp/McpConnectionPool';
import { McpOperations } from '../shared/mcp/McpOperations';
import { settle } from '../shared/mcp/errors';
import { ItemParameters } from '../shared/n8n/ItemParameters';
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
		const signal = this.getExecutionCancelSignal?.();
		const output: INodeExecutionData[] = [];
		const parameters = new ItemParameters(this);
		// One McpOperations while the request limits stay the same: it keeps the tool schemas it looked up.
		let server: McpOperations | undefined;
		let serverLimitsKey = '';
		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			const operation = parameters.get<string>('operation', itemIndex);
			const options = parameters.get<McpClientOptions>('options', itemIndex, {});
			const limits = requestLimits(options, signal);
			const limitsKey = `${limits.timeoutMs}|${limits.resetTimeoutOnProgress}|${limits.maxTotalTimeoutMs}`;
			if (!server || limitsKey !== serverLimitsKey) {
				server = new McpOperations(sharedMcpPool(), settings, limits);
				serverLimitsKey = limitsKey;
			}
			const outcome = await settle(operationRunners[operation]({ context: this, parameters, server, itemIndex, options }));
			if (outcome.ok) {
				for (const item of outcome.value) output.push({ ...item, pairedItem: { item: itemIndex } });
			} else if (this.continueOnFail()) {
				output.push({ json: errorItemJson(outcome.error), pairedItem: { item: itemIndex } });
			} else {
				throw toNodeError(this.getNode(), outcome.error, itemIndex);
			}
		}
		return [output];
	}
}
