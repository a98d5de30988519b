import { BaseToolkit, DynamicStructuredTool, type StructuredToolInterface } from '@langchain/core/tools';
import { NodeOperationError, type ISupplyDataFunctions, type SupplyData } from 'n8n-workflow';

import { agentToolDescription, agentToolSchema } from '../../shared/mcp/agentTools';
import { settle } from '../../shared/mcp/errors';
import { toNodeError } from '../../shared/n8n/mcpNodeError';
import { callForModel, contextFor, offeredTools } from '../execute/agentToolCalls';

// @langchain/core is n8n's own copy (community packages resolve it through the NODE_PATH n8n sets):
// a copy of our own would not be the class the agent checks for.

/** n8n's agent flattens any object with `tools` and `getTools()` into one tool per entry. */
class McpToolkit extends BaseToolkit {
	constructor(readonly tools: StructuredToolInterface[]) {
		super();
	}
}

/**
 * The tools a connected agent gets on each of its turns: the connection's kept tool list (no
 * listing per turn), each tool calling through the shared pool. n8n's agent v3 runs calls through
 * this node's execute(); the func below serves agents and chains that call tools directly.
 */
export async function supplyMcpTools(ctx: ISupplyDataFunctions, itemIndex: number): Promise<SupplyData> {
	const listed = await settle(offeredTools(ctx, itemIndex));
	if (!listed.ok) throw toNodeError(ctx.getNode(), listed.error, itemIndex);
	const offered = listed.value;
	if (offered.stale)
		ctx.logger.warn('MCP Tools: the server could not be reached; the agent gets the tools it listed last, and each call reports the failure to the model');
	const context = contextFor(offered.parameters, itemIndex);
	const tools = [...offered.byAgentName].map(
		([agentName, tool]) =>
			new DynamicStructuredTool({
				name: agentName,
				description: agentToolDescription(tool),
				schema: agentToolSchema(tool),
				func: async (args: Record<string, unknown>) => await callForModel(ctx, offered, { agentName, arguments: args ?? {}, context }, itemIndex),
				metadata: { mcpTool: tool.name },
			}),
	);
	if (tools.length === 0) {
		throw new NodeOperationError(ctx.getNode(), 'No MCP tool is left for the agent', {
			itemIndex,
			description: 'The server lists no tools, or Tools to Include leaves none out of its list. Check the selection.',
		});
	}
	return { response: new McpToolkit(tools) };
}
