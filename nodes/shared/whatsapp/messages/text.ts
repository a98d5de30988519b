import { markdownToWhatsApp, type MarkdownToWhatsAppOptions } from '../markdownToWhatsApp';
import { splitText } from '../splitText';
import type { OutgoingMessage } from '../CloudApiClient';
import { envelope, withoutQuote, type Recipient } from './envelope';
import { checkText, MESSAGE_LIMITS, MessageLimitError } from './limits';

export interface TextMessageInput {
	body: string;
	/** Let WhatsApp render a preview of the first link. */
	previewUrl?: boolean;
	/** Convert Markdown (**bold**, headings, links…) to WhatsApp formatting first. */
	markdown?: boolean;
	/** How Markdown is read (e.g. a single *x* stays bold). */
	markdownOptions?: MarkdownToWhatsAppOptions;
	/** When splitting, cut before a *bold*, _italic_, ~strike~ or code span rather than inside it. */
	keepFormattingWhole?: boolean;
	/** Split bodies over 4096 characters into several messages (default); false makes them an error. */
	split?: boolean;
}

/** One text message, or several when the body is longer than WhatsApp allows; only the first quotes. */
export function buildTextMessages(recipient: Recipient, input: TextMessageInput): OutgoingMessage[] {
	checkText('text.body', input.body, Number.MAX_SAFE_INTEGER, { required: true });
	const body = input.markdown ? markdownToWhatsApp(input.body, input.markdownOptions) : input.body.trim();
	if (body === '') throw new MessageLimitError('text.body', input.body, 'required, must not be empty', 'text.body is empty after formatting');
	const parts =
		input.split === false
			? [checkText('text.body', body, MESSAGE_LIMITS.textBody)!]
			: splitText(body, MESSAGE_LIMITS.textBody, { keepFormattingWhole: input.keepFormattingWhole });
	return parts.map((part, index) =>
		envelope(index === 0 ? recipient : withoutQuote(recipient), 'text', { preview_url: input.previewUrl === true, body: part }),
	);
}
