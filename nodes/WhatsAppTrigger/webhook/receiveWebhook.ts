import type { ICredentialDataDecryptedObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { isShuttingDown, watchProcessShutdown } from '../../shared/n8n/processShutdown';
import { RedisDedupeStore } from '../../shared/redis/RedisDedupeStore';
import { readRedisCredential, REDIS_CREDENTIAL_TYPE, sharedRedisClient } from '../../shared/redis/redisConnection';
import { defaultDedupeJournalFile, FileDedupeJournal } from '../../shared/whatsapp/dedupeJournal';
import { cloudApiClientFor, readCloudApiCredential, WHATSAPP_CREDENTIAL_TYPE, type CloudApiCredential } from '../../shared/whatsapp/cloudApiCredential';
import { InMemoryDedupeStore, type DedupeStore } from '../../shared/whatsapp/dedupeStore';
import { readSignatureHeader, WEBHOOK_SIGNATURE_HEADER } from '../../shared/whatsapp/webhookSignature';
import { acceptDelivery, PENDING_CLAIM_MS } from './acceptDelivery';
import { downloadArrivalMedia, sendArrivalReceipts } from './decorateArrival';
import { handedOver, watchHandOver, type HandOverResponse } from './handOver';
import { itemShapeFor } from './nodeVersion';
import { answerHandshake } from './verifyHandshake';
import { DEFAULTS } from '../descriptions/WhatsAppTriggerDescription';
import { errorMessage } from '../../shared/caughtError';

watchProcessShutdown();

// "This n8n process": one store for every WhatsApp Trigger of the process (keys are scoped per
// workflow and node), journaled beside n8n's data so that Meta's redeliveries after a restart are
// still recognised. Made on first use, so that loading the node touches no file.
let processDedupeStore: InMemoryDedupeStore | undefined;
function processStore(warn: (message: string) => void): DedupeStore {
	processDedupeStore ??= new InMemoryDedupeStore({ journal: new FileDedupeJournal(defaultDedupeJournalFile(), warn) });
	return processDedupeStore;
}

// n8n's getCredentials() acquires an expression isolate and reads the database on every call,
// which cost more than everything else this node does per webhook (see bench/triggerIngestion.ts).
// Decrypted credentials are therefore kept for a minute per node; a failed signature or verify
// token check with a kept credential is retried with a fresh one, so a rotated secret works at once.
const CREDENTIAL_TTL_MS = 60_000;
const credentialCache = new Map<string, { data: ICredentialDataDecryptedObject; until: number }>();

async function credentialData(ctx: IWebhookFunctions, type: string, fresh: boolean): Promise<{ data: ICredentialDataDecryptedObject; cached: boolean }> {
	const node = ctx.getNode();
	const key = `${ctx.getWorkflow().id}:${node.id}:${type}:${node.credentials?.[type]?.id ?? ''}`;
	const kept = credentialCache.get(key);
	if (!fresh && kept && kept.until > Date.now()) return { data: kept.data, cached: true };
	const data = await ctx.getCredentials(type);
	credentialCache.set(key, { data, until: Date.now() + CREDENTIAL_TTL_MS });
	return { data, cached: false };
}

// A kept credential is re-read for a signature that does not match (the App Secret may have been
// rotated), at most once per few seconds per node: forged deliveries must not cost a database read each.
const CREDENTIAL_REFRESH_GAP_MS = 5_000;
const lastCredentialRefresh = new Map<string, number>();

function mayRefreshCredential(nodeKey: string): boolean {
	const now = Date.now();
	if (now - (lastCredentialRefresh.get(nodeKey) ?? 0) < CREDENTIAL_REFRESH_GAP_MS) return false;
	lastCredentialRefresh.set(nodeKey, now);
	return true;
}

async function credentialOf(ctx: IWebhookFunctions, fresh: boolean): Promise<{ credential: CloudApiCredential; cached: boolean }> {
	const { data, cached } = await credentialData(ctx, WHATSAPP_CREDENTIAL_TYPE, fresh);
	return { credential: readCloudApiCredential(data), cached };
}

async function dedupeStoreFor(ctx: IWebhookFunctions): Promise<DedupeStore> {
	if (ctx.getNodeParameter('duplicateMemory', 'process') !== 'redis') {
		return processStore((message) => ctx.logger.warn(`${logPrefix(ctx)}: ${message}`));
	}
	const { data } = await credentialData(ctx, REDIS_CREDENTIAL_TYPE, false);
	return new RedisDedupeStore(sharedRedisClient(readRedisCredential(data)));
}

// Deliveries whose items n8n has not yet taken over (e.g. waiting for a free execution slot under
// N8N_CONCURRENCY_PRODUCTION_LIMIT), per node: beyond the node's limit new ones are refused.
const waitingForHandOver = new Map<string, number>();

interface TriggerOptions {
	dedupeWindowMinutes?: number;
	downloadMedia?: boolean;
	includeRaw?: boolean;
	includeProfile?: boolean;
	markAsRead?: boolean;
	maxBodySizeKb?: number;
	maxMediaSizeMb?: number;
	maxWaitingDeliveries?: number;
	showTyping?: boolean;
}

function logPrefix(ctx: IWebhookFunctions): string {
	return `WhatsApp Trigger "${ctx.getNode().name}" (workflow ${ctx.getWorkflow().id})`;
}

/** GET: Meta's verification handshake. */
async function answerVerification(ctx: IWebhookFunctions): Promise<IWebhookResponseData> {
	const res = ctx.getResponseObject();
	const query = ctx.getQueryData() as Record<string, unknown>;
	const { credential, cached } = await credentialOf(ctx, false);
	let answer = answerHandshake(query, credential.verifyToken);
	if (answer.status !== 200 && cached) answer = answerHandshake(query, (await credentialOf(ctx, true)).credential.verifyToken);
	if (answer.status === 200) {
		res.status(200).type('text/plain').send(answer.challenge);
		ctx.logger.info(`${logPrefix(ctx)}: answered Meta's webhook verification request`);
	} else {
		res.status(403).type('text/plain').send(`Forbidden: ${answer.reason}`);
		ctx.logger.warn(`${logPrefix(ctx)}: refused a webhook verification request: ${answer.reason}`);
	}
	return { noWebhookResponse: true };
}

/**
 * POST: a delivery. Refusals and deliveries with nothing to run are answered here. A delivery
 * with items is answered by n8n once the execution exists (or is queued): Meta hears 200 only for
 * messages n8n will run, gets a 5xx when n8n cannot take them (and redelivers later), and waits
 * while n8n's concurrency limit is full, which is the backpressure a burst needs.
 */
async function receiveDelivery(ctx: IWebhookFunctions): Promise<IWebhookResponseData> {
	const req = ctx.getRequestObject() as ReturnType<IWebhookFunctions['getRequestObject']> & { readRawBody?: () => Promise<void> };
	const res = ctx.getResponseObject();
	const refuse = (status: number, reason: string, log: 'warn' | 'error' = 'warn'): IWebhookResponseData => {
		res.status(status).json({ error: reason });
		ctx.logger[log](`${logPrefix(ctx)}: rejected a webhook POST with ${status}, nothing executed: ${reason}`, { remoteAddress: req.ip });
		return { noWebhookResponse: true };
	};
	if (isShuttingDown()) return refuse(503, 'n8n is shutting down; Meta will redeliver this later');

	const options = ctx.getNodeParameter('options', {}) as TriggerOptions;
	const node = ctx.getNode();
	const nodeKey = `${ctx.getWorkflow().id}:${node.id}`;
	const maxWaiting = options.maxWaitingDeliveries ?? DEFAULTS.maxWaitingDeliveries;
	if ((waitingForHandOver.get(nodeKey) ?? 0) >= maxWaiting) {
		return refuse(503, `${maxWaiting} deliveries are already waiting for n8n to start them (option "Max Waiting Deliveries"); Meta will redeliver this later`);
	}
	// Refusals that need neither the body nor a credential come first, so they cost next to nothing.
	const maxBodyBytes = (options.maxBodySizeKb ?? DEFAULTS.maxBodySizeKb) * 1024;
	const declaredLength = Number(req.headers['content-length']);
	if (declaredLength > maxBodyBytes) {
		return refuse(413, `the body is ${declaredLength} bytes, more than the ${maxBodyBytes} bytes allowed (option "Max Body Size")`);
	}
	const signatureHeader = ctx.getHeaderData()[WEBHOOK_SIGNATURE_HEADER];
	const header = readSignatureHeader(signatureHeader);
	if (!header.ok) return refuse(401, `signature check failed: ${header.message}`);
	if (/^multipart\//i.test(String(req.headers['content-type'] ?? ''))) {
		return refuse(415, 'a multipart body is not a Cloud API webhook (Meta posts application/json)');
	}
	// From version 1.1 n8n reads the body only for JSON, text, form and XML content types.
	if (!req.rawBody && typeof req.readRawBody === 'function') {
		try {
			await req.readRawBody();
		} catch (error) {
			// n8n's reader refuses bodies over its own limit (N8N_PAYLOAD_SIZE_MAX) and broken streams.
			const tooLarge = (error as { status?: number; type?: string }).status === 413 || (error as { type?: string }).type === 'entity.too.large';
			return refuse(tooLarge ? 413 : 400, `the body could not be read (${errorMessage(error)})`);
		}
	}

	const request = { rawBody: req.rawBody, parsedBody: ctx.getBodyData(), signatureHeader };
	let store: DedupeStore;
	try {
		store = await dedupeStoreFor(ctx);
	} catch (error) {
		return refuse(503, `the duplicate memory is not usable (${errorMessage(error)}); Meta will redeliver this later`, 'error');
	}
	const dedupeWindowMs = (options.dedupeWindowMinutes ?? DEFAULTS.dedupeWindowMinutes) * 60_000;
	const events = ctx.getNodeParameter('events', ['message']) as string[];
	const itemShape = itemShapeFor(node.typeVersion);
	const accept = async (credential: CloudApiCredential) =>
		await acceptDelivery(request, {
			appSecret: credential.appSecret,
			maxBodyBytes,
			includeRaw: options.includeRaw ?? true,
			includeProfile: options.includeProfile ?? true,
			itemShape,
			expandHistory: itemShape === '2026' && events.includes('history') && ctx.getNodeParameter('expandHistory', false) === true,
			selection: {
				events,
				messageTypes: ctx.getNodeParameter('messageTypes', []) as string[],
				statuses: ctx.getNodeParameter('statuses', []) as string[],
			},
			dedupe: {
				store,
				ttlMs: dedupeWindowMs,
				scope: `${nodeKey}:${ctx.getMode()}`,
			},
		});
	const kept = await credentialOf(ctx, false);
	let credential = kept.credential;
	let outcome = await accept(credential);
	if (outcome.status === 401 && outcome.signature === 'mismatch' && kept.cached && mayRefreshCredential(nodeKey)) {
		credential = (await credentialOf(ctx, true)).credential;
		outcome = await accept(credential);
	}

	if (outcome.status !== 200) return refuse(outcome.status, outcome.reason, outcome.status === 503 ? 'error' : 'warn');
	if (outcome.counts.duplicates > 0) {
		ctx.logger.info(`${logPrefix(ctx)}: dropped ${outcome.counts.duplicates} duplicate deliveries (seen within the duplicate window)`);
	}
	if (outcome.items.length === 0) {
		res.status(200).json(outcome.counts);
		return { noWebhookResponse: true };
	}

	waitingForHandOver.set(nodeKey, (waitingForHandOver.get(nodeKey) ?? 0) + 1);
	const claimedKeys = outcome.claimedKeys;
	watchHandOver(res as unknown as HandOverResponse, (status) => {
		waitingForHandOver.set(nodeKey, (waitingForHandOver.get(nodeKey) ?? 1) - 1);
		if (handedOver(status)) {
			store
				.confirm(claimedKeys, dedupeWindowMs)
				.catch((error: Error) =>
					ctx.logger.warn(
						`${logPrefix(ctx)}: could not keep duplicate claims for the whole window (${error.message}); a redelivery after ${PENDING_CLAIM_MS / 60_000} minutes would run again`,
					),
				);
			return;
		}
		ctx.logger.error(
			`${logPrefix(ctx)}: n8n could not start the workflow for ${outcome.counts.accepted} item(s) and answered ${status}; Meta will redeliver them and they will be accepted then`,
		);
		store.release(claimedKeys).catch((error: Error) => ctx.logger.error(`${logPrefix(ctx)}: could not release duplicate claims: ${error.message}`));
	});

	const arrival = {
		downloadMedia: options.downloadMedia === true,
		maxMediaBytes: (options.maxMediaSizeMb ?? DEFAULTS.maxMediaSizeMb) * 1024 * 1024,
		markAsRead: options.markAsRead === true,
		showTyping: options.showTyping === true,
	};
	const tools = {
		clientFor: (phoneNumberId: string | null) =>
			cloudApiClientFor(credential, {
				phoneNumberId: phoneNumberId ?? undefined,
				// A webhook is answered already; these calls only decorate it, so fail fast.
				timeoutMs: 15_000,
				// A Graph version Meta no longer serves is said once per process in n8n's log.
				warn: (message) => ctx.logger.warn(message),
			}),
		toBinary: async (data: Buffer, fileName: string | undefined, mimeType: string) => await ctx.helpers.prepareBinaryData(data, fileName, mimeType),
		warn: (message: string) => ctx.logger.warn(`${logPrefix(ctx)}: ${message}`),
	};
	// The receipt is for the customer: the hand-over does not wait for it. Media it does wait for.
	void sendArrivalReceipts(outcome.items, arrival, tools);
	const items = await downloadArrivalMedia(outcome.items, arrival, tools);
	return {
		// n8n sends this body (the counts, as before) after the execution exists.
		webhookResponse: outcome.counts,
		workflowData: [items.map((item, index) => ({ ...item, pairedItem: { item: index } }))],
	};
}

export async function receiveWebhook(ctx: IWebhookFunctions): Promise<IWebhookResponseData> {
	return ctx.getWebhookName() === 'setup' ? await answerVerification(ctx) : await receiveDelivery(ctx);
}
