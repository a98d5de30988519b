import type { OutgoingMessage } from '../CloudApiClient';
import { definedOnly, envelope, type Recipient } from './envelope';
import { checkHttpUrl, checkText, MESSAGE_LIMITS, MessageLimitError } from './limits';

export const MEDIA_TYPES = ['image', 'video', 'audio', 'document', 'sticker'] as const;
export type MediaType = (typeof MEDIA_TYPES)[number];

export interface MediaMessageInput {
	mediaType: MediaType;
	/** A public http(s) URL Meta downloads from… */
	link?: string;
	/** …or the id of media uploaded to this number. */
	id?: string;
	/** image, video, document only. */
	caption?: string;
	/** document only: the name the recipient sees. */
	filename?: string;
}

const CAPTIONED: ReadonlySet<MediaType> = new Set(['image', 'video', 'document']);

export function buildMediaMessage(recipient: Recipient, input: MediaMessageInput): OutgoingMessage {
	const type = input.mediaType;
	if (!MEDIA_TYPES.includes(type)) {
		throw new MessageLimitError('mediaType', type, `one of ${MEDIA_TYPES.join(', ')}`);
	}
	const hasLink = !!input.link;
	const hasId = !!input.id;
	if (hasLink === hasId) {
		throw new MessageLimitError(
			`${type}.link / ${type}.id`,
			input.link ?? input.id,
			'exactly one of link or id',
			`${type}: give either a link or a media id (exactly one)`,
		);
	}
	if (input.caption && !CAPTIONED.has(type)) {
		throw new MessageLimitError(
			`${type}.caption`,
			input.caption,
			'no caption on audio or stickers',
			`${type}.caption: WhatsApp shows no captions on ${type} messages; remove the caption or send it as a text`,
		);
	}
	if (input.filename && type !== 'document') {
		throw new MessageLimitError(
			`${type}.filename`,
			input.filename,
			'documents only',
			`${type}.filename: only documents carry a filename, not ${type} messages`,
		);
	}
	return envelope(
		recipient,
		type,
		definedOnly({
			link: hasLink ? checkHttpUrl(`${type}.link`, input.link) : undefined,
			id: input.id,
			caption: checkText(`${type}.caption`, input.caption, MESSAGE_LIMITS.mediaCaption),
			filename: checkText(`${type}.filename`, input.filename, MESSAGE_LIMITS.documentFilename),
		}),
	);
}
