import { NodeApiError, NodeOperationError, type INode, type JsonObject } from 'n8n-workflow';

import { isMcpClientError, type McpClientError, type McpFailureKind } from '../mcp/errors';
import { failedItemJson } from './failedItems';
import { errorMessage } from '../caughtError';

// Failures on the server's side (it answered badly, timed out or went away) are API errors;
// what the user set up wrongly (arguments, allow-list, command) is an operation error.
const API_FAILURES: McpFailureKind[] = ['toolError', 'serverError', 'httpStatus', 'unreachable', 'timeout', 'serverExited'];

/** The json of a failed item under continueOnFail (see failedItemJson): hint, kind and the failure's facts as details. */
export function errorItemJson(error: unknown): JsonObject {
	if (!isMcpClientError(error)) return failedItemJson(errorMessage(error));
	const details: JsonObject = { hint: error.hint, kind: error.kind };
	for (const [key, value] of Object.entries(error.details)) {
		if (value !== undefined && key !== 'inputSchema') details[key] = value as JsonObject[string];
	}
	return failedItemJson(error.message, details);
}

export function toNodeError(node: INode, error: unknown, itemIndex: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	if (!isMcpClientError(error)) {
		return new NodeOperationError(node, error instanceof Error ? error : String(error), { itemIndex });
	}
	const failure = error as McpClientError;
	if (API_FAILURES.includes(failure.kind)) {
		const status = failure.details.status;
		return new NodeApiError(node, errorItemJson(failure), {
			message: failure.message,
			description: failure.hint,
			itemIndex,
			...(typeof status === 'number' ? { httpCode: String(status) } : {}),
		});
	}
	return new NodeOperationError(node, failure.message, { description: failure.hint, itemIndex });
}
