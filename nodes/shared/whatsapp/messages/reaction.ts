import type { OutgoingMessage } from '../CloudApiClient';
import { envelope, withoutQuote, type Recipient } from './envelope';
import { characterCount, checkText, MessageLimitError } from './limits';

/** Reacts to a message with one emoji; an empty emoji removes the reaction. */
export function buildReactionMessage(recipient: Recipient, input: { messageId: string; emoji?: string }): OutgoingMessage {
	const messageId = checkText('reaction.message_id', input.messageId, 512, { required: true })!;
	const emoji = (input.emoji ?? '').trim();
	// One emoji, possibly several code points (skin tones, flags, ZWJ families), never a word.
	if (emoji && (characterCount(emoji) > 10 || /[\p{L}\p{N}]/u.test(emoji.replace(/[#*0-9]\uFE0F?\u20E3/gu, '')))) {
		throw new MessageLimitError(
			'reaction.emoji',
			emoji,
			'a single emoji',
			`reaction.emoji "${emoji}" must be a single emoji (or empty to remove the reaction)`,
		);
	}
	// The reaction names its message itself: no quote.
	return envelope(withoutQuote(recipient), 'reaction', { message_id: messageId, emoji });
}
