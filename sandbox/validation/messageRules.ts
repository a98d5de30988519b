import { graphErrors } from '../graphError';
import { bsuidKind } from '../ids';
import {
	absent,
	arrayLength,
	exactlyOneOf,
	httpUrl,
	isBoolean,
	isObject,
	isString,
	locate,
	maxLength,
	numberInRange,
	oneOf,
	required,
	Rule,
	runRules,
	unique,
	valueAt,
	when,
} from './fieldRules';

// What Meta's Cloud API rejects on `POST /{phone-number-id}/messages`, as data: one list of
// rules per message type, and per interactive type. Limits come from CLOUD-API.md.

export const MESSAGE_TYPES = ['audio', 'contacts', 'document', 'image', 'interactive', 'location', 'reaction', 'sticker', 'template', 'text', 'video'] as const;
export const INTERACTIVE_TYPES = ['button', 'list', 'cta_url', 'location_request_message', 'request_contact_info', 'flow'] as const;

export const LIMITS = {
	textBody: 4096,
	caption: 1024,
	buttonBody: 1024,
	listBody: 4096,
	footer: 60,
	headerText: 60,
	buttonCount: [1, 3],
	buttonId: 256,
	buttonTitle: 20,
	listButton: 20,
	sections: [1, 10],
	rowsTotal: 10,
	sectionTitle: 24,
	rowId: 200,
	rowTitle: 24,
	rowDescription: 72,
	ctaDisplayText: 20,
	// CLOUD-API-2026.md §5, template send-time buttons: "copy code (coupon, ≤20 chars)".
	couponCode: 20,
	// §5 again: an authentication template's code, sent as its URL button's text, "≤15 chars".
	otpCode: 15,
} as const;

const toIsAPhoneNumber: Rule = (body) => {
	const to = valueAt(body, 'to');
	if (typeof to !== 'string' || to.trim() === '') return undefined; // `required` reports it
	const digits = to.replace(/[\s\-().+]/g, '');
	if (!/^\d{7,15}$/.test(digits))
		return graphErrors.invalidParameterValue(`Param to must be a phone number in international format (7 to 15 digits); got "${to}".`);
	return undefined;
};

/** Since 2026 a send names its recipient by `to` (phone), `recipient` (BSUID or parent BSUID), or both. */
const toOrRecipient: Rule = (body) => {
	const blank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
	if (blank(valueAt(body, 'to')) && blank(valueAt(body, 'recipient')))
		return graphErrors.missingParameter('The parameter to is required (or recipient, a business-scoped user ID).');
	return undefined;
};

/** `recipient`: an ISO country code, '.', then up to 128 letters and digits; a parent BSUID has `ENT.` after the dot. */
const recipientIsABsuid: Rule = (body) => {
	const recipient = valueAt(body, 'recipient');
	if (recipient === undefined || recipient === null || recipient === '') return undefined;
	if (typeof recipient !== 'string' || !bsuidKind(recipient))
		return graphErrors.invalidParameterValue(
			`Param recipient must be a business-scoped user ID (country code, '.', up to 128 letters and digits, e.g. US.10000000000000000001) or a parent business-scoped user ID (e.g. US.ENT.20000000000000000002); got "${String(recipient)}".`,
		);
	return undefined;
};

const singleEmoji: Rule = (body) => {
	const emoji = valueAt(body, 'reaction.emoji');
	if (emoji === undefined || emoji === '') return undefined; // an empty emoji removes the reaction
	if (typeof emoji !== 'string') return graphErrors.invalidParameterValue("Param reaction['emoji'] must be a string.");
	const graphemes = [...new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(emoji)];
	if (graphemes.length !== 1 || !/\p{Extended_Pictographic}|\p{Regional_Indicator}/u.test(emoji))
		return graphErrors.invalidParameterValue(`Param reaction['emoji'] must be a single emoji; got "${emoji}".`);
	return undefined;
};

const listRowsTotal: Rule = (body) => {
	const rows = locate(body, 'interactive.action.sections.*.rows.*').length;
	if (rows < 1 || rows > LIMITS.rowsTotal)
		return graphErrors.invalidParameterValue(
			`Param interactive['action']['sections'] must contain between 1 and ${LIMITS.rowsTotal} rows in total; got ${rows}.`,
		);
	return undefined;
};

const sectionTitlesWhenSeveral: Rule = (body) => {
	const sections = valueAt(body, 'interactive.action.sections');
	return Array.isArray(sections) && sections.length > 1 ? required('interactive.action.sections.*.title')(body) : undefined;
};

const mediaRules = (type: string, opts: { caption: boolean; filename?: boolean }): Rule[] => [
	isObject(type),
	exactlyOneOf(type, ['id', 'link']),
	isString(`${type}.id`),
	httpUrl(`${type}.link`),
	opts.caption ? maxLength(`${type}.caption`, LIMITS.caption) : absent(`${type}.caption`, `${type} messages have no caption`),
	opts.filename ? isString(`${type}.filename`) : absent(`${type}.filename`, `only documents have a filename`),
];

const interactiveHeader: Rule[] = [
	oneOf('interactive.header.type', ['text', 'image', 'video', 'document']),
	when((b) => valueAt(b, 'interactive.header') !== undefined, [required('interactive.header.type')]),
	when((b) => valueAt(b, 'interactive.header.type') === 'text', [required('interactive.header.text'), maxLength('interactive.header.text', LIMITS.headerText)]),
	...(['image', 'video', 'document'] as const).map((media) =>
		when(
			(b) => valueAt(b, 'interactive.header.type') === media,
			[isObject(`interactive.header.${media}`), exactlyOneOf(`interactive.header.${media}`, ['id', 'link'])],
		),
	),
];

const interactiveFooter: Rule[] = [maxLength('interactive.footer.text', LIMITS.footer)];

export const interactiveRules: Record<(typeof INTERACTIVE_TYPES)[number], Rule[]> = {
	button: [
		...interactiveHeader,
		required('interactive.body.text'),
		maxLength('interactive.body.text', LIMITS.buttonBody),
		...interactiveFooter,
		arrayLength('interactive.action.buttons', LIMITS.buttonCount[0], LIMITS.buttonCount[1], 'buttons'),
		oneOf('interactive.action.buttons.*.type', ['reply']),
		required('interactive.action.buttons.*.reply.id'),
		maxLength('interactive.action.buttons.*.reply.id', LIMITS.buttonId),
		required('interactive.action.buttons.*.reply.title'),
		maxLength('interactive.action.buttons.*.reply.title', LIMITS.buttonTitle),
		unique('interactive.action.buttons.*.reply.id', 'Button ids'),
		unique('interactive.action.buttons.*.reply.title', 'Button titles'),
	],
	list: [
		oneOf('interactive.header.type', ['text']),
		maxLength('interactive.header.text', LIMITS.headerText),
		required('interactive.body.text'),
		maxLength('interactive.body.text', LIMITS.listBody),
		...interactiveFooter,
		required('interactive.action.button'),
		maxLength('interactive.action.button', LIMITS.listButton),
		arrayLength('interactive.action.sections', LIMITS.sections[0], LIMITS.sections[1], 'sections'),
		listRowsTotal,
		sectionTitlesWhenSeveral,
		maxLength('interactive.action.sections.*.title', LIMITS.sectionTitle),
		required('interactive.action.sections.*.rows.*.id'),
		maxLength('interactive.action.sections.*.rows.*.id', LIMITS.rowId),
		required('interactive.action.sections.*.rows.*.title'),
		maxLength('interactive.action.sections.*.rows.*.title', LIMITS.rowTitle),
		maxLength('interactive.action.sections.*.rows.*.description', LIMITS.rowDescription),
		unique('interactive.action.sections.*.rows.*.id', 'Row ids'),
	],
	cta_url: [
		...interactiveHeader,
		required('interactive.body.text'),
		maxLength('interactive.body.text', LIMITS.buttonBody),
		...interactiveFooter,
		required('interactive.action.name'),
		oneOf('interactive.action.name', ['cta_url']),
		required('interactive.action.parameters.display_text'),
		maxLength('interactive.action.parameters.display_text', LIMITS.ctaDisplayText),
		required('interactive.action.parameters.url'),
		httpUrl('interactive.action.parameters.url'),
	],
	location_request_message: [
		required('interactive.body.text'),
		maxLength('interactive.body.text', LIMITS.buttonBody),
		required('interactive.action.name'),
		oneOf('interactive.action.name', ['send_location']),
	],
	// 2026 addendum §1.7: the message a customer answers by sharing their phone number.
	request_contact_info: [
		required('interactive.body.text'),
		maxLength('interactive.body.text', LIMITS.buttonBody),
		required('interactive.action.name'),
		oneOf('interactive.action.name', ['request_contact_info']),
	],
	// 2026 addendum §5: a WhatsApp Flow (only inside the 24-hour window).
	flow: [
		oneOf('interactive.header.type', ['text']),
		maxLength('interactive.header.text', LIMITS.headerText),
		required('interactive.body.text'),
		maxLength('interactive.body.text', LIMITS.buttonBody),
		...interactiveFooter,
		required('interactive.action.name'),
		oneOf('interactive.action.name', ['flow']),
		required('interactive.action.parameters.flow_message_version'),
		oneOf('interactive.action.parameters.flow_message_version', ['3']),
		exactlyOneOf('interactive.action.parameters', ['flow_id', 'flow_name']),
		required('interactive.action.parameters.flow_cta'),
		maxLength('interactive.action.parameters.flow_cta', 30),
		oneOf('interactive.action.parameters.mode', ['published', 'draft']),
		oneOf('interactive.action.parameters.flow_action', ['navigate', 'data_exchange']),
	],
};

const interactiveByType: Rule = (body) => {
	const type = valueAt(body, 'interactive.type') as (typeof INTERACTIVE_TYPES)[number];
	return runRules(interactiveRules[type] ?? [], body);
};

export const messageTypeRules: Record<(typeof MESSAGE_TYPES)[number], Rule[]> = {
	text: [isObject('text'), required('text.body'), isString('text.body'), maxLength('text.body', LIMITS.textBody), isBoolean('text.preview_url')],
	image: mediaRules('image', { caption: true }),
	video: mediaRules('video', { caption: true }),
	audio: mediaRules('audio', { caption: false }),
	document: mediaRules('document', { caption: true, filename: true }),
	sticker: mediaRules('sticker', { caption: false }),
	location: [
		isObject('location'),
		numberInRange('location.latitude', -90, 90),
		numberInRange('location.longitude', -180, 180),
		isString('location.name'),
		isString('location.address'),
	],
	reaction: [isObject('reaction'), required('reaction.message_id'), isString('reaction.message_id'), singleEmoji],
	contacts: [arrayLength('contacts', 1, 257, 'contacts'), required('contacts.*.name.formatted_name')],
	interactive: [isObject('interactive'), required('interactive.type'), oneOf('interactive.type', INTERACTIVE_TYPES), interactiveByType],
	template: [
		isObject('template'),
		required('template.name'),
		isString('template.name'),
		required('template.language.code'),
		oneOf('template.components.*.type', ['header', 'body', 'button', 'footer']),
		when(
			(b) => locate(b, 'template.components.*').some((c) => (c.value as { type?: string })?.type === 'button'),
			[oneOf('template.components.*.sub_type', ['quick_reply', 'url', 'copy_code', 'flow', 'catalog'])],
		),
		oneOf('template.components.*.parameters.*.type', [
			'text',
			'currency',
			'date_time',
			'image',
			'document',
			'video',
			'location',
			'payload',
			'coupon_code',
			'action',
		]),
		maxLength('template.components.*.parameters.*.coupon_code', LIMITS.couponCode),
	],
};

export const envelopeRules: Rule[] = [
	required('messaging_product'),
	oneOf('messaging_product', ['whatsapp']),
	oneOf('recipient_type', ['individual']),
	toOrRecipient,
	isString('to'),
	toIsAPhoneNumber,
	recipientIsABsuid,
	isString('context.message_id'),
	isString('biz_opaque_callback_data'),
	maxLength('biz_opaque_callback_data', 512),
];

/** Meta defaults `type` to text; an unknown type is a code-100 error, like Meta's. */
export function validateOutboundMessage(body: unknown) {
	if (!body || typeof body !== 'object' || Array.isArray(body)) return graphErrors.invalidParameter('The request body must be a JSON object.');
	const envelopeFailure = runRules(envelopeRules, body);
	if (envelopeFailure) return envelopeFailure;
	const type = ((body as { type?: unknown }).type ?? 'text') as (typeof MESSAGE_TYPES)[number];
	if (!MESSAGE_TYPES.includes(type))
		return graphErrors.invalidParameter(`Param type must be one of {${MESSAGE_TYPES.map((t) => t.toUpperCase()).join(', ')}} - got "${String(type)}".`);
	return runRules(messageTypeRules[type], body);
}

export const markAsReadRules: Rule[] = [
	required('messaging_product'),
	oneOf('messaging_product', ['whatsapp']),
	oneOf('status', ['read']),
	required('message_id'),
	isString('message_id'),
	oneOf('typing_indicator.type', ['text']),
];
