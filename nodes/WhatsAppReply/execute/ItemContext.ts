import type { IBinaryKeyData, IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { CloudApiClient } from '../../shared/whatsapp/CloudApiClient';
import type { ConversationOrigin, ConversationOrigins } from './conversationOrigin';

/** What an operation sees of one input item. */
export interface ItemContext {
	fns: IExecuteFunctions;
	index: number;
	item: INodeExecutionData;
	/** The node's typeVersion (see nodeVersion.ts for what 1.1 changes). */
	version: number;
	/** The WhatsApp Triggers upstream, for the whole execution. */
	origins: ConversationOrigins;
	/** The WhatsApp Trigger message this item comes from (looked up once, when needed). */
	origin(): ConversationOrigin | undefined;
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
