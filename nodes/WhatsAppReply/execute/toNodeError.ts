import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IDataObject, INode, JsonObject } from 'n8n-workflow';

import { GraphApiError } from '../../shared/whatsapp/GraphApiError';
import { MessageLimitError } from '../../shared/whatsapp/messages/limits';
import { InvalidPhoneNumberError } from '../../shared/whatsapp/phoneNumber';
import { SendRateLimitUnavailableError } from '../../shared/whatsapp/SendRateLimiter';
import { McpToolErrorResult } from '../../shared/whatsapp/renderMcpReply';

/** n8n's error for a failure of one item: Graph errors keep their code and hint. */
export function toNodeError(node: INode, error: unknown, itemIndex: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	if (error instanceof GraphApiError) {
		const code = error.code !== undefined ? ` (Graph error ${error.code}${error.subcode ? `/${error.subcode}` : ''})` : '';
		return new NodeApiError(node, error.toJSON() as JsonObject, {
			message: `${error.message}${code}`,
			description: [error.hint, error.details && !error.hint.includes(error.details) ? `Meta: ${error.details}` : '', error.fbtraceId ? `fbtrace_id: ${error.fbtraceId}` : '']
				.filter(Boolean)
				.join(' — '),
			httpCode: error.httpStatus !== undefined ? String(error.httpStatus) : undefined,
			itemIndex,
		});
	}
	if (error instanceof MessageLimitError) {
		return new NodeOperationError(node, error.message, { itemIndex, description: `Field ${error.field}: ${error.limit}. Nothing was sent for this item.` });
	}
	if (error instanceof SendRateLimitUnavailableError) {
		return new NodeOperationError(node, error.message, { itemIndex, description: error.hint });
	}
	if (error instanceof InvalidPhoneNumberError || error instanceof McpToolErrorResult) {
		return new NodeOperationError(node, error.message, { itemIndex });
	}
	return new NodeOperationError(node, error instanceof Error ? error : String(error), { itemIndex });
}

/**
 * The json of a failed item under continueOnFail: `error` and `details` only, because n8n routes an
 * item to the error output ("Continue (using error output)") only when its json has no keys but
 * error, message and details.
 */
export function errorItemJson(error: unknown): IDataObject {
	const message = error instanceof Error ? error.message : String(error);
	if (error instanceof GraphApiError) return { error: message, details: error.toJSON() as IDataObject };
	if (error instanceof MessageLimitError) return { error: message, details: { field: error.field, limit: error.limit } };
	if (error instanceof SendRateLimitUnavailableError) return { error: message, details: { hint: error.hint } };
	if ((error instanceof NodeApiError || error instanceof NodeOperationError) && error.description) {
		return { error: message, details: { description: error.description } };
	}
	return { error: message };
}
