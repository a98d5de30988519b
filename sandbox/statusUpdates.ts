import type { StatusError } from './graphError';
import type { OutboundMessage, OutboundStatus } from './conversations';
import type { StatusUpdate } from './webhooks/webhookBodies';

// The `statuses[]` entry Meta posts for an outbound message: conversation and pricing for
// sent/delivered/read, `errors[]` for failed.

export interface ConversationWindow {
	id: string;
	/** Sandbox-clock ms. */
	expiresAt: number;
}

export function buildStatusUpdate(
	entry: OutboundMessage,
	status: OutboundStatus,
	timestamp: string,
	details: { failure?: StatusError; conversation: ConversationWindow; category: string },
): StatusUpdate {
	const update: StatusUpdate = { id: entry.id, status, timestamp, recipient_id: entry.waId };
	// Meta echoes the send's tracking string in every status of that message.
	if (typeof entry.body.biz_opaque_callback_data === 'string') update.biz_opaque_callback_data = entry.body.biz_opaque_callback_data;
	if (details.failure) {
		update.errors = [details.failure];
		return update;
	}
	const { conversation, category } = details;
	update.conversation = {
		id: conversation.id,
		...(status === 'sent' ? { expiration_timestamp: String(Math.floor(conversation.expiresAt / 1000)) } : {}),
		origin: { type: category },
	};
	update.pricing = { billable: category !== 'service', pricing_model: 'PMP', category, type: category === 'service' ? 'free_customer_service' : 'regular' };
	return update;
}
