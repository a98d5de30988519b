import { NodeConnectionTypes } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { mcpClientProperties } from './descriptions/McpClientDescription';
import { executeMcpClient } from './execute/executeMcpClient';
import { getToolArgumentFields, mcpServerConnectionTest, searchPrompts, searchTools } from './methods/editorMethods';

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
		return await executeMcpClient(this);
	}
}
