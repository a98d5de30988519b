import type {
	ICredentialTestFunctions,
	ICredentialsDecrypted,
	ILoadOptionsFunctions,
	INodeCredentialTestResult,
	INodeListSearchResult,
	ResourceMapperFields,
} from 'n8n-workflow';

import { describeServer } from '../../shared/mcp/connectionSettings';
import { McpConnectionPool } from '../../shared/mcp/McpConnectionPool';
import { McpOperations } from '../../shared/mcp/McpOperations';
import { isMcpClientError, settle } from '../../shared/mcp/errors';
import type { ToolInputSchema } from '../../shared/mcp/argumentValidation';
import { serverOperations, settingsFrom } from '../../shared/n8n/mcpServerCredential';
import { toolArgumentFields } from '../execute/toolArgumentFields';
import { toNodeError } from '../../shared/n8n/mcpNodeError';

function matches(filter: string | undefined, ...texts: Array<string | undefined>): boolean {
	const needle = (filter ?? '').trim().toLowerCase();
	return !needle || texts.some((text) => text?.toLowerCase().includes(needle));
}

export async function searchTools(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const listed = await settle((await serverOperations(this)).listTools());
	if (!listed.ok) throw toNodeError(this.getNode(), listed.error, 0);
	return {
		results: listed.value
			.filter((tool) => matches(filter, tool.name, tool.title, tool.description))
			.map((tool) => ({ name: tool.title ? `${tool.title} (${tool.name})` : tool.name, value: tool.name, description: tool.description })),
	};
}

export async function searchPrompts(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const listed = await settle((await serverOperations(this)).listPrompts());
	if (!listed.ok) throw toNodeError(this.getNode(), listed.error, 0);
	return {
		results: listed.value
			.filter((prompt) => matches(filter, prompt.name, prompt.title, prompt.description))
			.map((prompt) => ({ name: prompt.title ? `${prompt.title} (${prompt.name})` : prompt.name, value: prompt.name, description: prompt.description })),
	};
}

/** The resource mapper's fields: one per argument in the chosen tool's inputSchema. */
export async function getToolArgumentFields(this: ILoadOptionsFunctions): Promise<ResourceMapperFields> {
	const toolName = this.getNodeParameter('tool', '', { extractValue: true }) as string;
	if (!toolName) return { fields: [], emptyFieldsNotice: 'Choose a tool first' };
	const listed = await settle((await serverOperations(this)).listTools());
	if (!listed.ok) throw toNodeError(this.getNode(), listed.error, 0);
	const tool = listed.value.find((candidate) => candidate.name === toolName);
	if (!tool) return { fields: [], emptyFieldsNotice: `The server has no tool named "${toolName}"` };
	return { fields: toolArgumentFields(tool.inputSchema as ToolInputSchema), emptyFieldsNotice: 'This tool takes no arguments' };
}

/** Credential test: connect and ping on a connection of its own, then close it (and its process). */
export async function mcpServerConnectionTest(this: ICredentialTestFunctions, credential: ICredentialsDecrypted): Promise<INodeCredentialTestResult> {
	const settings = settingsFrom(credential.data);
	const pool = new McpConnectionPool({ maxSize: 1 });
	const pinged = await settle(new McpOperations(pool, settings, { timeoutMs: 20_000 }).ping());
	await pool.closeAll();
	if (pinged.ok) {
		const version = pinged.value.serverVersion as { name?: string; version?: string } | undefined;
		const server = version?.name ? `${version.name} ${version.version ?? ''}`.trim() : describeServer(settings);
		return { status: 'OK', message: `Connected to ${server}; ping answered in ${pinged.value.durationMs} ms` };
	}
	const error = pinged.error;
	return { status: 'Error', message: isMcpClientError(error) ? `${error.message}. ${error.hint}` : String(error) };
}
