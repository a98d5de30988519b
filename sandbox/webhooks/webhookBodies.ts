import { createHmac } from 'node:crypto';

// Webhook bodies exactly as the Cloud API posts them, and their signature.

export interface BusinessIdentity {
	wabaId: string;
	phoneNumberId: string;
	displayPhoneNumber: string; // digits only, as in webhook metadata
}

// Since 2026 the phone (`from`, `wa_id`, `recipient_id`) may be absent; the BSUID (`from_user_id`,
// `user_id`, `recipient_user_id`) is there instead (CLOUD-API-2026.md §1.4, §1.5).
export type InboundMessage = Record<string, unknown> & { from?: string; from_user_id?: string; id: string; timestamp: string; type: string };
export type StatusUpdate = Record<string, unknown> & { id: string; status: string; timestamp: string; recipient_id?: string; recipient_user_id?: string };

/** An entry of `value.contacts[]`: `profile{name, username?}`, `wa_id` when the phone may be shared, `user_id` always. */
export interface WebhookContact {
	profile?: { name?: string; username?: string };
	wa_id?: string;
	user_id: string;
	parent_user_id?: string;
}

export function messagesChange(business: BusinessIdentity, value: Record<string, unknown>) {
	return {
		object: 'whatsapp_business_account',
		entry: [
			{
				id: business.wabaId,
				changes: [
					{
						value: {
							messaging_product: 'whatsapp',
							metadata: { display_phone_number: business.displayPhoneNumber, phone_number_id: business.phoneNumberId },
							...value,
						},
						field: 'messages',
					},
				],
			},
		],
	};
}

/** A customer's message; `contacts` is left out for `system` messages, which carry none. */
export const inboundMessageBody = (business: BusinessIdentity, contact: WebhookContact | undefined, message: InboundMessage) =>
	messagesChange(business, { ...(contact ? { contacts: [contact] } : {}), messages: [message] });

/** A status; `contacts` (new in 2026) goes with sent/delivered/read, never with failed. */
export const statusBody = (business: BusinessIdentity, status: StatusUpdate, contact?: WebhookContact) =>
	messagesChange(business, { ...(contact ? { contacts: [contact] } : {}), statuses: [status] });

/**
 * Meta's webhook JSON escapes `/` and every non-ASCII character (`\u00e9`, emoji as surrogate
 * pairs). A receiver that re-serializes the parsed body instead of hashing the raw bytes gets a
 * different signature: the sandbox keeps that trap so that such receivers fail here, not in production.
 */
export function serializeLikeMeta(body: unknown): string {
	return JSON.stringify(body)
		.replace(/\//g, '\\/')
		.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export const signatureHeader = (rawBody: Buffer, appSecret: string) => `sha256=${createHmac('sha256', appSecret).update(rawBody).digest('hex')}`;
