import type { IExecuteFunctions, ILoadOptionsFunctions } from 'n8n-workflow';

import { settingsFromCredential, type McpConnectionSettings } from '../mcp/connectionSettings';
import { sharedMcpPool } from '../mcp/McpConnectionPool';
import { McpOperations } from '../mcp/McpOperations';
import type { McpRequestLimits } from '../mcp/requestOptions';

export const CREDENTIAL_TYPE = 'mcpServerApi';

export function settingsFrom(data: object | undefined): McpConnectionSettings {
	return settingsFromCredential((data ?? {}) as Parameters<typeof settingsFromCredential>[0]);
}

/** Operations on the credential's server through the process-wide pool (editor lookups). */
export async function serverOperations(context: IExecuteFunctions | ILoadOptionsFunctions, limits: McpRequestLimits = {}): Promise<McpOperations> {
	const settings = settingsFrom(await context.getCredentials(CREDENTIAL_TYPE));
	return new McpOperations(sharedMcpPool(), settings, { timeoutMs: 30_000, ...limits });
}
