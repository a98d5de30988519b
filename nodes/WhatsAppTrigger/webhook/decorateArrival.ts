import type { IBinaryData, IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { CloudApiClient } from '../../shared/whatsapp/CloudApiClient';
import type { NormalizedWebhookItem, NormalizedWebhookItem2026 } from '../../shared/whatsapp/normalizeWebhook';

export interface ArrivalOptions {
	downloadMedia: boolean;
	maxMediaBytes: number;
	markAsRead: boolean;
	showTyping: boolean;
}

export interface ArrivalTools {
	/** A client for the business phone number that received the message. */
	clientFor(phoneNumberId: string | null): CloudApiClient;
	toBinary(data: Buffer, fileName: string | undefined, mimeType: string): Promise<IBinaryData>;
	warn(message: string): void;
}

const describeError = (error: unknown): string => {
	const e = error as { message?: string; hint?: string };
	return [e?.message ?? String(error), e?.hint].filter(Boolean).join(' ');
};

// What happens on arrival, before the items are handed to n8n: media into binary data (the
// workflow needs it, so the hand-over waits for it) and read receipts with the typing indicator
// (for the customer: the trigger sends them alongside and does not wait). None of it may lose the
// message, so a failure is logged (and, for media, noted on the item) instead of thrown.

/** The items as n8n items, with each message's media downloaded into binary "data" when asked. */
export async function downloadArrivalMedia(items: NormalizedWebhookItem[], options: ArrivalOptions, tools: ArrivalTools): Promise<INodeExecutionData[]> {
	const output: INodeExecutionData[] = items.map((item) => ({ json: item as unknown as IDataObject }));
	if (!options.downloadMedia) return output;
	await Promise.all(
		items.map(async (item, index) => {
			const mediaId = item.event === 'message' ? item.media?.id : undefined;
			if (!mediaId) return;
			try {
				const media = await tools.clientFor(item.phoneNumberId).downloadMedia(mediaId, { maxBytes: options.maxMediaBytes });
				const binary = await tools.toBinary(media.data, item.media?.filename ?? undefined, media.mimeType);
				output[index].binary = { data: binary };
			} catch (error) {
				const reason = describeError(error);
				output[index].json.mediaDownloadError = reason;
				tools.warn(`could not download media ${mediaId} of message ${item.messageId}: ${reason}`);
			}
		}),
	);
	return output;
}

/**
 * Read receipts (and typing) when asked: one per conversation, since marking the latest message
 * read marks the earlier ones too and one typing indicator is all the customer can see. None for
 * standby messages (version 1.2): that thread is Meta Business Agent's to answer. Never rejects.
 */
export async function sendArrivalReceipts(items: NormalizedWebhookItem[], options: ArrivalOptions, tools: ArrivalTools): Promise<void> {
	if (!options.markAsRead && !options.showTyping) return;
	const latestPerSession = new Map<string, NormalizedWebhookItem>();
	for (const item of items) {
		const standby = (item as Partial<NormalizedWebhookItem2026>).standby === true;
		if (item.event === 'message' && item.messageId && !standby) latestPerSession.set(item.sessionId ?? item.messageId, item);
	}
	await Promise.all(
		[...latestPerSession.values()].map(async (item) => {
			try {
				await tools.clientFor(item.phoneNumberId).markAsRead(item.messageId as string, { typing: options.showTyping });
			} catch (error) {
				tools.warn(`could not mark message ${item.messageId} as read: ${describeError(error)}`);
			}
		}),
	);
}
