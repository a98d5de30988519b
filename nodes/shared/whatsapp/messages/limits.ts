/**
 * Meta's limits on outgoing messages, checked before any call so that a user reads which field
 * broke which limit instead of a Graph error (#131009) about "a parameter".
 */

export const MESSAGE_LIMITS = {
	textBody: 4096,
	mediaCaption: 1024,
	documentFilename: 240,
	interactiveBody: 1024,
	listBody: 4096,
	interactiveFooter: 60,
	interactiveHeaderText: 60,
	replyButtonsMin: 1,
	replyButtonsMax: 3,
	replyButtonId: 256,
	replyButtonTitle: 20,
	listButton: 20,
	listSectionsMax: 10,
	listRowsMax: 10,
	listSectionTitle: 24,
	listRowId: 200,
	listRowTitle: 24,
	listRowDescription: 72,
	ctaDisplayText: 20,
	ctaUrl: 2000,
	// Meta advises at most 30 (better under 20) and no emoji; enforced so the button is never cut.
	flowCta: 30,
	templateName: 512,
	templateLanguageCode: 15,
	templateHeaderTextParameter: 60,
	templateButtonsMax: 10,
	/** A template button's quick-reply payload or URL suffix. */
	templateButtonValue: 2000,
	/**
	 * The coupon of a copy_code button (marketing coupon templates). Not the copy-code OTP of an
	 * authentication template: that goes as a url button's text and Meta caps it at 15.
	 */
	templateCouponCode: 20,
	locationName: 1000,
	locationAddress: 1000,
} as const;

/** Meta's other numbers the nodes' help texts quote: time windows, media sizes, throughput. */
export const META_LIMITS = {
	/** Free-form messages are allowed this long after the customer last wrote; only templates after. */
	customerServiceWindowHours: 24,
	/** How long WhatsApp shows "typing…" unless a reply comes first. */
	typingIndicatorSeconds: 25,
	/** The largest document WhatsApp takes; images, audio and videos are smaller. */
	documentMegabytes: 100,
	/** Messages per second per business number: Meta's default, after an upgrade, and for a number also used in the WhatsApp Business app. */
	messagesPerSecond: 80,
	messagesPerSecondUpgraded: 1000,
	messagesPerSecondBusinessApp: 20,
} as const;

/** A message that would break one of Meta's rules, caught before sending. */
export class MessageLimitError extends Error {
	constructor(
		/** Path of the offending field, e.g. "action.buttons[1].reply.title". */
		readonly field: string,
		/** The offending value (shortened when long). */
		readonly value: unknown,
		/** The rule broken, e.g. "at most 20 characters". */
		readonly limit: string,
		message?: string,
	) {
		super(message ?? `${field} ${describe(value)} breaks WhatsApp's limit: ${limit}`);
		this.name = 'MessageLimitError';
	}
}

function describe(value: unknown): string {
	if (typeof value === 'string') {
		const shown = value.length > 60 ? `${value.slice(0, 57)}…` : value;
		return `"${shown}" (${characterCount(value)} characters)`;
	}
	if (Array.isArray(value)) return `(${value.length} entries)`;
	return value === undefined ? '(missing)' : `(${JSON.stringify(value)})`;
}

/** Characters as WhatsApp counts them: code points, so an emoji is one. */
export function characterCount(text: string): number {
	let count = 0;
	for (const _ of text) count++;
	return count;
}

/** Throws when `value` is longer than `max` (or missing/empty while required); returns it otherwise. */
export function checkText(field: string, value: unknown, max: number, options: { required?: boolean } = {}): string | undefined {
	if (value === undefined || value === null || value === '') {
		if (options.required) throw new MessageLimitError(field, value, 'required, must not be empty', `${field} is required and must not be empty`);
		return undefined;
	}
	const text = typeof value === 'string' ? value : String(value);
	if (options.required && text.trim() === '') {
		throw new MessageLimitError(field, text, 'required, must not be empty', `${field} is required and must not be empty`);
	}
	const length = characterCount(text);
	if (length > max) {
		throw new MessageLimitError(field, text, `at most ${max} characters`, `${field} ${describe(text)} is longer than WhatsApp's limit of ${max} characters`);
	}
	return text;
}

export function checkCount(field: string, items: unknown[], min: number, max: number): void {
	if (items.length < min || items.length > max) {
		const rule = min === max ? `exactly ${min}` : `${min} to ${max}`;
		throw new MessageLimitError(field, items, `${rule} entries`, `${field} has ${items.length} entries; WhatsApp allows ${rule}`);
	}
}

/** Throws when two entries share a value (button ids, button titles, row ids). */
export function checkUnique(field: string, values: string[]): void {
	const seen = new Set<string>();
	values.forEach((value, index) => {
		if (seen.has(value)) {
			throw new MessageLimitError(`${field}[${index}]`, value, 'unique', `${field}[${index}] "${value}" is used twice; WhatsApp requires each to be unique`);
		}
		seen.add(value);
	});
}

// What WhatsApp draws as emoji: pictographs (but © ® ™), flags, keycaps.
const EMOJI = /(?![\u00A9\u00AE\u2122])\p{Extended_Pictographic}|\p{Emoji_Presentation}|\u20E3/u;

/** Throws when the text has an emoji (labels Meta shows without them, e.g. flow_cta). */
export function checkNoEmoji(field: string, text: string | undefined): string | undefined {
	if (text !== undefined && EMOJI.test(text)) {
		throw new MessageLimitError(field, text, 'no emoji', `${field} "${text}" must not contain emoji`);
	}
	return text;
}

export function checkHttpUrl(field: string, value: unknown, max = MESSAGE_LIMITS.ctaUrl): string {
	const url = checkText(field, value, max, { required: true })!;
	if (!URL.canParse(url)) {
		throw new MessageLimitError(field, url, 'an absolute http(s) URL', `${field} "${url}" is not a valid URL; use an absolute https:// link`);
	}
	const parsed = new URL(url);
	if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
		throw new MessageLimitError(field, url, 'an http(s) URL', `${field} "${url}" must start with https:// or http://`);
	}
	return url;
}
