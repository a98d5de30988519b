import { NodeConnectionTypes } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription, ISupplyDataFunctions, SupplyData } from 'n8n-workflow';

import { mcpToolsProperties } from './descriptions/McpToolsDescription';
import { CREDENTIAL_TYPE } from '../shared/n8n/mcpServerCredential';
import { executeAgentToolCalls } from './execute/agentToolCalls';
import { getTools } from './methods/loadOptions';
import { supplyMcpTools } from './supplyData/agentToolkit';

export class McpTools implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'WhatsApp + MCP: MCP Tools',
		name: 'mcpTools',
		icon: { light: 'file:mcp.svg', dark: 'file:mcp.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{ $parameter["toolNamePrefix"] ? $parameter["toolNamePrefix"] + "_*" : "All tools of the server" }}',
		description:
			"Give an AI Agent every tool of an MCP server (stdio, SSE, Streamable HTTP) over one pooled connection, with the customer's context on every call",
		defaults: { name: 'MCP Tools' },
		inputs: [],
		outputs: [NodeConnectionTypes.AiTool],
		outputNames: ['Tools'],
		credentials: [{ name: CREDENTIAL_TYPE, required: true }],
		properties: mcpToolsProperties,
	};

	methods = { loadOptions: { getTools } };

	async supplyData(this: ISupplyDataFunctions, itemIndex: number): Promise<SupplyData> {
		return await supplyMcpTools(this, itemIndex);
	}

	/** Each tool call of n8n's AI Agent (v3) arrives here as an item. */
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await executeAgentToolCalls(this);
	}
}
