import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IDataObject, INode } from 'n8n-workflow';

import { cloudApiNodeError } from '../../shared/n8n/cloudApiNodeError';
import { failedItemJson } from '../../shared/n8n/failedItems';
import { GraphApiError } from '../../shared/whatsapp/GraphApiError';
import { MessageLimitError } from '../../shared/whatsapp/messages/limits';
import { InvalidPhoneNumberError } from '../../shared/whatsapp/phoneNumber';
import { SendRateLimitUnavailableError } from '../../shared/whatsapp/SendRateLimiter';
import { McpToolErrorResult } from '../../shared/whatsapp/renderMcpReply';
import { errorMessage } from '../../shared/caughtError';

/** n8n's error for a failure of one item: Graph errors as cloudApiNodeError maps them, the node's own with their facts. */
export function toNodeError(node: INode, error: unknown, itemIndex: number): NodeApiError | NodeOperationError {
	if (error instanceof MessageLimitError) {
		return new NodeOperationError(node, error.message, { itemIndex, description: `Field ${error.field}: ${error.limit}. Nothing was sent for this item.` });
	}
	if (error instanceof SendRateLimitUnavailableError) {
		return new NodeOperationError(node, error.message, { itemIndex, description: error.hint });
	}
	if (error instanceof InvalidPhoneNumberError || error instanceof McpToolErrorResult) {
		return new NodeOperationError(node, error.message, { itemIndex });
	}
	return cloudApiNodeError(node, error, { itemIndex });
}

/** The json of a failed item under continueOnFail (see failedItemJson): the facts of each failure kind as details. */
export function errorItemJson(error: unknown): IDataObject {
	const message = errorMessage(error);
	if (error instanceof GraphApiError) return failedItemJson(message, error.toJSON() as IDataObject);
	if (error instanceof MessageLimitError) return failedItemJson(message, { field: error.field, limit: error.limit });
	if (error instanceof SendRateLimitUnavailableError) return failedItemJson(message, { hint: error.hint });
	if ((error instanceof NodeApiError || error instanceof NodeOperationError) && error.description) {
		return failedItemJson(message, { description: error.description });
	}
	return failedItemJson(message);
}
