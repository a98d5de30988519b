import type { OutgoingMessage } from '../CloudApiClient';
import { isBusinessScopedUserId } from '../businessScopedUserId';
import { normalizePhoneNumber } from '../phoneNumber';
import { MessageLimitError } from './limits';

/**
 * Who gets a message, and which of their messages it answers (shown quoted above the reply).
 * A phone goes out as `to`, a business-scoped user ID as `recipient`; given both, Meta uses `to`.
 */
export interface Recipient {
	/** Phone number in any common notation, or a wa_id. */
	to?: string;
	/** Business-scoped user ID (BSUID, `US.1000…`) or parent BSUID (`US.ENT.2000…`), sent verbatim as `recipient`. */
	userId?: string;
	/** Write `to` as +E.164: without "+" Meta prepends the business number's country code. Default: digits only, as Reply 1 sends. */
	phoneWithPlus?: boolean;
	/** wamid of the message to quote (`context.message_id`). */
	replyToMessageId?: string;
}

/** The same recipient, without the quote: for the second and later messages of one answer. */
export function withoutQuote({ replyToMessageId: _quote, ...recipient }: Recipient): Recipient {
	return recipient;
}

/** The part every message body shares: product, recipient, type, optional quote. */
export function envelope(recipient: Recipient, type: string, payload: unknown): OutgoingMessage {
	const body: OutgoingMessage = {
		messaging_product: 'whatsapp',
		recipient_type: 'individual',
		...address(recipient),
		type,
		[type]: payload,
	};
	if (recipient.replyToMessageId) body.context = { message_id: recipient.replyToMessageId };
	return body;
}

function address(recipient: Recipient): { to?: string; recipient?: string } {
	const userId = recipient.userId === undefined ? undefined : recipient.userId.trim();
	if (userId !== undefined && !isBusinessScopedUserId(userId)) {
		throw new MessageLimitError(
			'recipient',
			recipient.userId,
			'a business-scoped user ID',
			`recipient "${recipient.userId}" is not a business-scoped user ID: those read like US.10000000000000000001 (country code, ".", up to 128 letters and digits)`,
		);
	}
	// No user ID: a phone is required (an empty one is refused as before).
	if (recipient.to === undefined && userId !== undefined) return { recipient: userId };
	const to = normalizePhoneNumber(recipient.to ?? '', { plus: recipient.phoneWithPlus });
	return userId === undefined ? { to } : { to, recipient: userId };
}

/** Copies the defined entries only: Meta rejects some explicit nulls. */
export function definedOnly<T extends Record<string, unknown>>(object: T): T {
	return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined && value !== null && value !== '')) as T;
}
