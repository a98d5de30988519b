import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { secretValuesOf } from '../../shared/mcp/connectionSettings';
import { sharedMcpPool } from '../../shared/mcp/McpConnectionPool';
import { McpOperations } from '../../shared/mcp/McpOperations';
import { settle, withoutSecrets } from '../../shared/mcp/errors';
import { failedItem } from '../../shared/n8n/failedItems';
import { ItemParameters } from '../../shared/n8n/ItemParameters';
import { errorItemJson, toNodeError } from '../../shared/n8n/mcpNodeError';
import { CREDENTIAL_TYPE, settingsFrom } from '../../shared/n8n/mcpServerCredential';
import { runItemsConcurrently } from '../../shared/runItemsConcurrently';
import { operationRunners, requestLimits, type McpClientOptions } from './operationRunners';

/** The MCP Client node's execute(): each item's operation on the credential's server, through the shared pool. */
export async function executeMcpClient(context: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = context.getInputData();
	const settings = settingsFrom(await context.getCredentials(CREDENTIAL_TYPE));
	const secrets = secretValuesOf(settings);
	const signal = context.getExecutionCancelSignal?.();
	const parameters = new ItemParameters(context);
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
		const outcome = await settle(operationRunners[operation]({ context, parameters, server: serverFor(options), item: items[itemIndex], itemIndex, options }));
		if (outcome.ok) return outcome.value.map((item) => ({ ...item, pairedItem }));
		const error = withoutSecrets(outcome.error, secrets);
		if (context.continueOnFail()) return [failedItem(errorItemJson(error), itemIndex)];
		throw toNodeError(context.getNode(), error, itemIndex);
	});
	return [perItem.flat()];
}
