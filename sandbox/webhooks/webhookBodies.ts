import { createHmac } from 'node:crypto';

// Webhook bodies exactly as the Cloud API posts them, and their signature.

export interface BusinessIdentity {
	wabaId: string;
	phoneNumberId: string;
	displayPhoneNumber: string; // digits only, as in webhook metadata
}

export type InboundMessage = Record<string, unknown> & { from: string; id: string; timestamp: string; type: string };
export type StatusUpdate = Record<string, unknown> & { id: string; status: string; timestamp: string; recipient_id: string };

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

export const inboundMessageBody = (business: BusinessIdentity, contact: { waId: string; name: string }, message: InboundMessage) =>
	messagesChange(business, { contacts: [{ profile: { name: contact.name }, wa_id: contact.waId }], messages: [message] });

export const statusBody = (business: BusinessIdentity, status: StatusUpdate) => messagesChange(business, { statuses: [status] });

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
