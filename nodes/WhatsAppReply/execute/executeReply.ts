import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { CloudApiClientCache, DEFAULT_SENDING_SETTINGS, type SendingSettings } from './cloudApiClientCache';
import { failedItem } from '../../shared/n8n/failedItems';
import { ItemParameters } from '../../shared/n8n/ItemParameters';
import { graphApiVersionWarning, type CloudApiClient } from '../../shared/whatsapp/CloudApiClient';
import { WHATSAPP_CREDENTIAL_TYPE } from '../../shared/whatsapp/cloudApiCredential';
import { ConversationOrigins, senderPhoneNumberId } from './conversationOrigin';
import type { ItemContext, Operation } from './ItemContext';
import { MEDIA_OPERATIONS } from './mediaOperations';
import { MESSAGE_OPERATIONS } from './messageOperations';
import { runItemsConcurrently } from '../../shared/runItemsConcurrently';
import { rateLimiterForExecution } from './sharedRateLimit';
import { TEMPLATE_OPERATIONS } from './templateOperations';
import { errorItemJson, toNodeError } from './toNodeError';

const OPERATIONS: Record<string, Record<string, Operation>> = {
	message: MESSAGE_OPERATIONS,
	media: MEDIA_OPERATIONS,
	template: TEMPLATE_OPERATIONS,
};

/** Runs the chosen operation for every item, concurrently, each with its own pairedItem and error. */
export async function executeReply(fns: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = fns.getInputData();
	if (items.length === 0) return [[]];
	const credential = await fns.getCredentials(WHATSAPP_CREDENTIAL_TYPE);
	const warn = (message: string) => fns.logger.warn(`WhatsApp Reply "${fns.getNode().name}": ${message}`);
	const clients = new CloudApiClientCache(credential, await rateLimiterForExecution(fns), warn);
	// The log says it once per process; the hint shows it on every run, where the user looks.
	const versionWarning = graphApiVersionWarning(typeof credential.apiVersion === 'string' ? credential.apiVersion : undefined);
	if (versionWarning) fns.addExecutionHints({ message: versionWarning, type: 'warning', location: 'outputPane' });
	const resource = fns.getNodeParameter('resource', 0) as string;
	const operationName = fns.getNodeParameter('operation', 0) as string;
	const operation = OPERATIONS[resource]?.[operationName];
	if (!operation) throw new NodeOperationError(fns.getNode(), `Unknown operation "${operationName}" for resource "${resource}"`);
	// Read once where a parameter cannot differ between items (see ItemParameters).
	const parameters = new ItemParameters(fns);
	const run: RunContext = { parameters, clients, version: fns.getNode().typeVersion, origins: new ConversationOrigins(fns) };
	// Concurrency is one setting for the whole run; everything else is read per item.
	const concurrency = Number(parameters.get<IDataObject>('sendingSettings', 0, {}).concurrency ?? 10);
	let succeeded = 0;
	const perItem = await runItemsConcurrently(items.length, concurrency, async (index) => {
		const pairedItem = { item: index };
		const ctx = itemContext(fns, run, index, items[index]);
		try {
			const output = await operation(ctx);
			succeeded++;
			return (Array.isArray(output) ? output : [output]).map((entry) => ({ ...entry, pairedItem }));
		} catch (error) {
			if (fns.continueOnFail()) return [failedItem(errorItemJson(error), index)];
			throw withItemsAlreadyDone(toNodeError(fns.getNode(), error, index), succeeded, items.length, resource);
		}
	});
	return [perItem.flat()];
}

/** What every item of one execution shares. */
interface RunContext {
	parameters: ItemParameters;
	clients: CloudApiClientCache;
	version: number;
	origins: ConversationOrigins;
}

function itemContext(fns: IExecuteFunctions, run: RunContext, index: number, item: INodeExecutionData): ItemContext {
	const cache = new Map<string, unknown>();
	const param = <T>(name: string, fallback?: T): T => {
		if (!cache.has(name)) cache.set(name, run.parameters.get(name, index, fallback));
		return cache.get(name) as T;
	};
	let client: CloudApiClient | undefined;
	let origin: { value: ReturnType<ItemContext['origin']> } | undefined;
	const ctx: ItemContext = {
		fns,
		index,
		item,
		param,
		version: run.version,
		origins: run.origins,
		origin: () => (origin ??= { value: run.origins.of(index) }).value,
		client: () => {
			if (client) return client;
			const options = param<IDataObject>('options', {});
			const settings = param<IDataObject>('sendingSettings', {});
			const sending: SendingSettings = {
				messagesPerSecond: Number(settings.messagesPerSecond ?? DEFAULT_SENDING_SETTINGS.messagesPerSecond),
				retries: Number(settings.retries ?? DEFAULT_SENDING_SETTINGS.retries),
				timeoutSeconds: Number(settings.timeoutSeconds ?? DEFAULT_SENDING_SETTINGS.timeoutSeconds),
				redisUnavailable: settings.redisUnavailable === 'process' ? 'process' : 'fail',
			};
			client = run.clients.clientFor(senderPhoneNumberId(ctx, options), sending);
			return client;
		},
	};
	return ctx;
}

/**
 * A failure that stops the node after other items went out: n8n's "Retry" of the execution runs
 * every item again, so say how many were already sent and how to avoid sending them twice.
 */
function withItemsAlreadyDone<E extends NodeApiError | NodeOperationError>(error: E, succeeded: number, total: number, resource: string): E {
	if (succeeded === 0 || resource === 'media') return error;
	const note = `${succeeded} of ${total} items were already sent in this run: retrying the execution sends them again. For bulk sends, set the node's Settings → On Error to "Continue (using error output)", then retry only the error output's items.`;
	error.description = error.description ? `${error.description} — ${note}` : note;
	return error;
}
