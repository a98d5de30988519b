import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { INode, JsonObject } from 'n8n-workflow';

import { errorMessage } from '../caughtError';
import { GraphApiError } from '../whatsapp/GraphApiError';

export interface CloudApiFailureContext {
	/** The item that failed, when the call was for one item. */
	itemIndex?: number;
	/** What the node was doing, for calls no item asked for ("read the Meta app's webhook subscriptions"). */
	doing?: string;
}

/**
 * The one mapping of a failed Cloud API call to n8n's error. A GraphApiError becomes a NodeApiError
 * with Graph's code in the message, the hint (what to do), Meta's details and fbtrace_id (what Meta
 * support asks for) in the description, and the HTTP status as its HTTP code. n8n's own errors
 * pass through; anything else becomes a NodeOperationError.
 */
export function cloudApiNodeError(node: INode, error: unknown, context: CloudApiFailureContext = {}): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	const doing = context.doing ? `Could not ${context.doing}: ` : '';
	if (!(error instanceof GraphApiError)) {
		const cause = doing ? `${doing}${errorMessage(error)}` : error instanceof Error ? error : String(error);
		return new NodeOperationError(node, cause, { itemIndex: context.itemIndex });
	}
	const code = error.code !== undefined ? ` (Graph error ${error.code}${error.subcode ? `/${error.subcode}` : ''})` : '';
	return new NodeApiError(node, error.toJSON() as JsonObject, {
		message: `${doing}${error.message}${code}`,
		description: [
			error.hint,
			error.details && !error.hint.includes(error.details) ? `Meta: ${error.details}` : '',
			error.fbtraceId ? `fbtrace_id: ${error.fbtraceId}` : '',
		]
			.filter(Boolean)
			.join(' — '),
		httpCode: error.httpStatus !== undefined ? String(error.httpStatus) : undefined,
		itemIndex: context.itemIndex,
	});
}
