import type { OutgoingMessage } from '../CloudApiClient';
import { normalizePhoneNumber } from '../phoneNumber';

/** Who gets a message, and which of their messages it answers (shown quoted above the reply). */
export interface Recipient {
	/** Phone number in any common notation, or a wa_id. */
	to: string;
	/** wamid of the message to quote (`context.message_id`). */
	replyToMessageId?: string;
}

/** The part every message body shares: product, recipient, type, optional quote. */
export function envelope(recipient: Recipient, type: string, payload: unknown): OutgoingMessage {
	const body: OutgoingMessage = {
		messaging_product: 'whatsapp',
		recipient_type: 'individual',
		to: normalizePhoneNumber(recipient.to),
		type,
		[type]: payload,
	};
	if (recipient.replyToMessageId) body.context = { message_id: recipient.replyToMessageId };
	return body;
}

/** Copies the defined entries only: Meta rejects some explicit nulls. */
export function definedOnly<T extends Record<string, unknown>>(object: T): T {
	return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined && value !== null && value !== '')) as T;
}
