import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { settle } from '../../shared/mcp/errors';
import { serverOperations } from '../../shared/n8n/mcpServerCredential';
import { toNodeError } from '../../shared/n8n/mcpNodeError';

/** The server's tools for Tools to Include / Leave Out. */
export async function getTools(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const listed = await settle((await serverOperations(this)).listTools());
	if (!listed.ok) throw toNodeError(this.getNode(), listed.error, 0);
	return listed.value
		.map((tool) => ({ name: tool.title ? `${tool.title} (${tool.name})` : tool.name, value: tool.name, description: tool.description }))
		.sort((a, b) => a.name.localeCompare(b.name));
}
