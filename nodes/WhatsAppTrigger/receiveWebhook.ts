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
async function answerVerification(ctx: IWebhookFunctions, credential: CloudApiCredential): Promise<IWebhookResponseData> {
	const res = ctx.getResponseObject();
	const answer = answerHandshake(ctx.getQueryData() as Record<string, unknown>, credential.verifyToken);
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
async function receiveDelivery(ctx: IWebhookFunctions, credential: CloudApiCredential): Promise<IWebhookResponseData> {
	const req = ctx.getRequestObject();
	const res = ctx.getResponseObject();
	const options = ctx.getNodeParameter('options', {}) as TriggerOptions;
	const node = ctx.getNode();

	const outcome = await acceptDelivery(
		{
			rawBody: req.rawBody,
			parsedBody: ctx.getBodyData(),
			signatureHeader: ctx.getHeaderData()[WEBHOOK_SIGNATURE_HEADER],
		},
		{
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
		},
	);

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
	const credential = readCloudApiCredential(await ctx.getCredentials(CREDENTIAL_TYPE));
	return ctx.getWebhookName() === 'setup'
		? await answerVerification(ctx, credential)
		: await receiveDelivery(ctx, credential);
}
