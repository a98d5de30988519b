import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

/**
 * What a failed item carries when continueOnFail turns its failure into output: `error` and
 * `details` only, because n8n routes an item to the error output ("Continue (using error output)")
 * only when its json has no keys but error, message and details (setting item.error instead makes
 * n8n 2.x replace the json with the bare message, losing the hint and the facts).
 */
export function failedItemJson<Details extends object = never>(message: string, details?: Details): { error: string } | { error: string; details: Details } {
	return details === undefined ? { error: message } : { error: message, details };
}

/** The output item for a failed input item: its error json, paired with the item it stands for. */
export function failedItem(json: IDataObject, itemIndex: number): INodeExecutionData {
	return { json, pairedItem: { item: itemIndex } };
}
