import type { IBinaryKeyData, IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { CloudApiClient } from '../../shared/whatsapp/CloudApiClient';

/** What an operation sees of one input item. */
export interface ItemContext {
	fns: IExecuteFunctions;
	index: number;
	item: INodeExecutionData;
	/** A node parameter for this item. */
	param<T>(name: string, fallback?: T): T;
	/** The client for this item's sender number and settings. */
	client(): CloudApiClient;
}

/** What an operation returns for its item (pairedItem is added by the caller). */
export interface OperationOutput {
	json: IDataObject;
	binary?: IBinaryKeyData;
}

/** One output item per input item, or several (Get Many). */
export type Operation = (ctx: ItemContext) => Promise<OperationOutput | OperationOutput[]>;
