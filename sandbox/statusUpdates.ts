import type { StatusError } from './graphError';
import type { Customer, OutboundMessage, OutboundStatus } from './conversations';
import type { StatusUpdate, WebhookContact } from './webhooks/webhookBodies';

// The `statuses[]` entry (and the `contacts[]` beside it) Meta posts for an outbound message,
// as CLOUD-API-2026.md §1.5 and §2 describe them:
// - recipient: `recipient_id` (the phone) unless the message went to a BSUID of a customer whose
//   phone is withheld; `recipient_user_id` always, except on `failed` of a phone-addressed send;
// - `contacts[]` on sent/delivered/read (never on failed), with `username` only on delivered/read;
// - per-message `pricing` (PMP) on `sent` and on `delivered` (one of delivered/read, not both);
// - `conversation` only for Graph API v23.0 and older, its id unique per message.

/** Since 2026-10-01 service replies and utility templates inside the 24 h window are charged. */
export const SERVICE_CHARGED_FROM_MS = Date.UTC(2026, 9, 1);

export interface StatusDetails {
	failure?: StatusError;
	/** Lower-case template category, or 'service' for a free-form message. */
	category: string;
	/** Whether the customer's 24-hour window was open when the message was sent. */
	insideWindow: boolean;
	/** Sandbox-clock ms when the message was accepted. */
	sentAtMs: number;
	/** Per-message conversation id and its expiry (sandbox-clock ms); used for v23.0 and older. */
	conversation: { id: string; expiresAt: number };
	parentUserIds: boolean;
}

export const graphMajorVersion = (version: string) => Number(/^v(\d+)/.exec(version)?.[1] ?? 0);

export function pricingFor(category: string, insideWindow: boolean, sentAtMs: number) {
	const freeInWindow = insideWindow && sentAtMs < SERVICE_CHARGED_FROM_MS && (category === 'service' || category === 'utility');
	return { billable: !freeInWindow, pricing_model: 'PMP', type: freeInWindow ? 'free_customer_service' : 'regular', category };
}

/** The `value.contacts[0]` of a status webhook, or undefined for `failed`. */
export function statusContact(customer: Customer, entry: OutboundMessage, status: OutboundStatus, parentUserIds: boolean): WebhookContact | undefined {
	if (status === 'failed') return undefined;
	const phoneAllowed = entry.addressedBy === 'phone' || customer.phoneShared;
	const profile = { name: customer.name, ...(status !== 'sent' && customer.username ? { username: customer.username } : {}) };
	return {
		profile,
		...(phoneAllowed ? { wa_id: entry.waId } : {}),
		user_id: entry.userId,
		...(parentUserIds && entry.parentUserId ? { parent_user_id: entry.parentUserId } : {}),
	};
}

export function buildStatusUpdate(entry: OutboundMessage, customer: Customer, status: OutboundStatus, timestamp: string, details: StatusDetails): StatusUpdate {
	const phoneAllowed = entry.addressedBy === 'phone' || customer.phoneShared;
	const failedByPhone = status === 'failed' && entry.addressedBy === 'phone';
	const update: StatusUpdate = {
		id: entry.id,
		status,
		timestamp,
		...(phoneAllowed ? { recipient_id: entry.waId } : {}),
		...(failedByPhone ? {} : { recipient_user_id: entry.userId }),
		...(!failedByPhone && details.parentUserIds && entry.parentUserId ? { recipient_parent_user_id: entry.parentUserId } : {}),
	};
	// Meta echoes the send's tracking string in every status of that message.
	if (typeof entry.body.biz_opaque_callback_data === 'string') update.biz_opaque_callback_data = entry.body.biz_opaque_callback_data;
	if (details.failure) {
		update.errors = [details.failure];
		return update;
	}
	const { conversation, category } = details;
	if (graphMajorVersion(entry.apiVersion) < 24)
		update.conversation = {
			id: conversation.id,
			...(status === 'sent' ? { expiration_timestamp: String(Math.floor(conversation.expiresAt / 1000)) } : {}),
			origin: { type: category === 'authentication-international' ? 'authentication_international' : category },
		};
	if (status === 'sent' || status === 'delivered') update.pricing = pricingFor(category, details.insideWindow, details.sentAtMs);
	return update;
}
