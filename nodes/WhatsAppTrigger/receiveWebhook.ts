import type { IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { InMemoryDedupeStore, type DedupeStore } from '../shared/whatsapp/dedupeStore';
import { WEBHOOK_SIGNATURE_HEADER } from '../shared/whatsapp/webhookSignature';
import { acceptDelivery } from './acceptDelivery';
import { CREDENTIAL_TYPE, cloudApiClientFor, readCloudApiCredential, type CloudApiCredential } from './cloudApiCredential';
import { decorateArrival } from './decorateArrival';
import { answerHandshake } from './verifyHandshake';
import { DEFAULTS } from './WhatsAppTriggerDescription';

// One store per process, shared by every WhatsApp Trigger; keys are scoped per workflow and node.
// Behind the DedupeStore interface so that a shared store can replace it for queue mode.
const dedupeStore: DedupeStore = new InMemoryDedupeStore();

// n8n's getCredentials() acquires an expression isolate and reads the database on every call,
// which cost more than everything else this node does per webhook (see bench/triggerIngestion.ts).
// Decrypted credentials are therefore kept for a minute per node; a failed signature or verify
// token check with a kept credential is retried with a fresh one, so a rotated secret works at once.
const CREDENTIAL_TTL_MS = 60_000;
const credentialCache = new Map<string, { credential: CloudApiCredential; until: number }>();

async function credentialOf(ctx: IWebhookFunctions, fresh: boolean): Promise<{ credential: CloudApiCredential; cached: boolean }> {
	const node = ctx.getNode();
	const key = `${ctx.getWorkflow().id}:${node.id}:${node.credentials?.[CREDENTIAL_TYPE]?.id ?? ''}`;
	const kept = credentialCache.get(key);
	if (!fresh && kept && kept.until > Date.now()) return { credential: kept.credential, cached: true };
	const credential = readCloudApiCredential(await ctx.getCredentials(CREDENTIAL_TYPE));
	credentialCache.set(key, { credential, until: Date.now() + CREDENTIAL_TTL_MS });
	return { credential, cached: false };
}

interface TriggerOptions {
	dedupeWindowMinutes?: number;
	downloadMedia?: boolean;
	includeRaw?: boolean;
	markAsRead?: boolean;
	maxBodySizeKb?: number;
	maxMediaSizeMb?: number;
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

/** POST: a delivery. Answered before anything slow happens; the workflow runs after. */
async function receiveDelivery(ctx: IWebhookFunctions): Promise<IWebhookResponseData> {
	const req = ctx.getRequestObject() as ReturnType<IWebhookFunctions['getRequestObject']> & { readRawBody?: () => Promise<void> };
	const res = ctx.getResponseObject();
	const options = ctx.getNodeParameter('options', {}) as TriggerOptions;
	const node = ctx.getNode();
	// From version 1.1 n8n reads the body only for JSON, text, form and XML content types.
	if (!req.rawBody && typeof req.readRawBody === 'function') await req.readRawBody();

	const request = {
		rawBody: req.rawBody,
		parsedBody: ctx.getBodyData(),
		signatureHeader: ctx.getHeaderData()[WEBHOOK_SIGNATURE_HEADER],
	};
	const accept = async (credential: CloudApiCredential) =>
		await acceptDelivery(request, {
			appSecret: credential.appSecret,
			maxBodyBytes: (options.maxBodySizeKb ?? DEFAULTS.maxBodySizeKb) * 1024,
			includeRaw: options.includeRaw ?? true,
			selection: {
				events: ctx.getNodeParameter('events', ['message']) as string[],
				messageTypes: ctx.getNodeParameter('messageTypes', []) as string[],
				statuses: ctx.getNodeParameter('statuses', []) as string[],
			},
			dedupe: {
				store: dedupeStore,
				ttlMs: (options.dedupeWindowMinutes ?? DEFAULTS.dedupeWindowMinutes) * 60_000,
				scope: `${ctx.getWorkflow().id}:${node.id}:${ctx.getMode()}`,
			},
		});
	const kept = await credentialOf(ctx, false);
	let credential = kept.credential;
	let outcome = await accept(credential);
	if (outcome.status === 401 && kept.cached) {
		credential = (await credentialOf(ctx, true)).credential;
		outcome = await accept(credential);
	}

	if (outcome.status !== 200) {
		res.status(outcome.status).json({ error: outcome.reason });
		ctx.logger.warn(`${logPrefix(ctx)}: rejected a webhook POST with ${outcome.status}, nothing executed: ${outcome.reason}`, {
			remoteAddress: req.ip,
		});
		return { noWebhookResponse: true };
	}

	// Meta retries anything not answered promptly: answer now, decorate and start afterwards.
	res.status(200).json(outcome.counts);
	if (outcome.counts.duplicates > 0) {
		ctx.logger.info(`${logPrefix(ctx)}: dropped ${outcome.counts.duplicates} duplicate deliveries (seen within the duplicate window)`);
	}
	if (outcome.items.length === 0) return { noWebhookResponse: true };

	const items = await decorateArrival(
		outcome.items,
		{
			downloadMedia: options.downloadMedia === true,
			maxMediaBytes: (options.maxMediaSizeMb ?? DEFAULTS.maxMediaSizeMb) * 1024 * 1024,
			markAsRead: options.markAsRead === true,
			showTyping: options.showTyping === true,
		},
		{
			clientFor: (phoneNumberId) => cloudApiClientFor(credential, phoneNumberId ?? undefined),
			toBinary: async (data, fileName, mimeType) => await ctx.helpers.prepareBinaryData(data, fileName, mimeType),
			warn: (message) => ctx.logger.warn(`${logPrefix(ctx)}: ${message}`),
		},
	);
	return { noWebhookResponse: true, workflowData: [items.map((item, index) => ({ ...item, pairedItem: { item: index } }))] };
}

export async function receiveWebhook(ctx: IWebhookFunctions): Promise<IWebhookResponseData> {
	return ctx.getWebhookName() === 'setup' ? await answerVerification(ctx) : await receiveDelivery(ctx);
}
