import type { IBinaryData, IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { CloudApiClient } from '../shared/whatsapp/CloudApiClient';
import type { NormalizedWebhookItem } from '../shared/whatsapp/normalizeWebhook';

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

/**
 * What happens on arrival, before the items are handed to n8n: media into binary data (awaited,
 * the workflow needs it), read receipts and the typing indicator (sent alongside). None of it may
 * lose the message, so a failure is logged (and, for media, noted on the item) instead of thrown.
 */
export async function decorateArrival(
	items: NormalizedWebhookItem[],
	options: ArrivalOptions,
	tools: ArrivalTools,
): Promise<INodeExecutionData[]> {
	const output: INodeExecutionData[] = items.map((item) => ({ json: item as unknown as IDataObject }));
	const work: Array<Promise<void>> = [];

	if (options.downloadMedia) {
		items.forEach((item, index) => {
			const mediaId = item.event === 'message' ? item.media?.id : undefined;
			if (!mediaId) return;
			work.push(
				(async () => {
					try {
						const media = await tools
							.clientFor(item.phoneNumberId)
							.downloadMedia(mediaId, { maxBytes: options.maxMediaBytes });
						const binary = await tools.toBinary(media.data, item.media?.filename ?? undefined, media.mimeType);
						output[index].binary = { data: binary };
					} catch (error) {
						const reason = describeError(error);
						output[index].json.mediaDownloadError = reason;
						tools.warn(`could not download media ${mediaId} of message ${item.messageId}: ${reason}`);
					}
				})(),
			);
		});
	}

	if (options.markAsRead || options.showTyping) {
		// One receipt per conversation: marking the latest message read marks the earlier ones too,
		// and one typing indicator is all the customer can see.
		const latestPerSession = new Map<string, NormalizedWebhookItem>();
		for (const item of items) {
			if (item.event === 'message' && item.messageId) latestPerSession.set(item.sessionId ?? item.messageId, item);
		}
		for (const item of latestPerSession.values()) {
			// Not awaited: the receipt is for the customer, and the delivery must not wait for it.
			void (
				tools
					.clientFor(item.phoneNumberId)
					.markAsRead(item.messageId as string, { typing: options.showTyping })
					.then(
						() => undefined,
						(error) => tools.warn(`could not mark message ${item.messageId} as read: ${describeError(error)}`),
					)
			);
		}
	}

	await Promise.all(work);
	return output;
}
