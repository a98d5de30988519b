import type { OutgoingMessage } from '../../nodes/shared/whatsapp/CloudApiClient';
import {
	buildContactInfoRequest,
	buildCtaUrl,
	buildFlowMessage,
	buildInteractiveList,
	buildLocationMessage,
	buildLocationRequest,
	buildMediaMessage,
	buildReplyButtons,
	buildTemplateMessage,
	buildTextMessages,
	MESSAGE_LIMITS,
	MessageLimitError,
	type Recipient,
} from '../../nodes/shared/whatsapp/messages';
import { MessageTemplate, Sandbox, seedTemplates, startSandbox } from '../../sandbox';
import { GraphError } from '../../sandbox/graphError';

// The message builders (nodes/shared/whatsapp/messages) and the sandbox must agree on every limit
// in limits.ts: a body at the limit passes both, one past it is refused by both. Otherwise a
// reply the node builds could fail at Meta, or the node could refuse what Meta takes.

type Limit = keyof typeof MESSAGE_LIMITS;

interface LimitCase {
	limit: Limit;
	/** What the case sends, when one limit is checked in several message kinds. */
	in: string;
	/** The builder's body with the limited value at `size` (characters or entries). */
	build: (size: number) => OutgoingMessage;
	/** Turns the builder's body at the limit into one just past it (the builder would refuse to make it). */
	// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a body of any message kind, changed by path
	overLimit: (body: any) => void;
}

const to: Recipient = { to: '4915112345678' };
/** `n` characters as WhatsApp counts them (code points): the emoji is two UTF-16 units but one character. */
const chars = (n: number, fill = 'a') => `😀${fill.repeat(n - 1)}`;
const plain = (n: number) => 'a'.repeat(n);
const urlOf = (n: number) => `https://example.com/${'a'.repeat(n - 'https://example.com/'.length)}`;
const grow = (text: string) => `${text}b`;
const numbered = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);

const buttons = (n: number) => buildReplyButtons(to, { body: 'Pick one', buttons: numbered(n, 'Option ') });
const list = (input: Partial<Parameters<typeof buildInteractiveList>[1]> = {}) =>
	buildInteractiveList(to, { body: 'Our menu', buttonText: 'Menu', rows: [{ id: 'r1', title: 'Espresso', description: 'Short' }], ...input });
const cta = (input: Partial<Parameters<typeof buildCtaUrl>[1]> = {}) =>
	buildCtaUrl(to, { body: 'Track it', displayText: 'Track', url: 'https://example.com/t', ...input });
const flow = (cta: string) => buildFlowMessage(to, { body: 'Book a table', flowId: '1234567890', cta });

// A template with a header parameter and ten quick replies (Meta's most), one with the longest name,
// one in the longest language code, and a coupon template with a copy-code button.
const LONG_NAME = 'a'.repeat(MESSAGE_LIMITS.templateName);
const LONG_LANGUAGE = 'a'.repeat(MESSAGE_LIMITS.templateLanguageCode);
const probeTemplates: MessageTemplate[] = [
	{
		name: 'limits_probe',
		parameter_format: 'POSITIONAL',
		language: 'en_US',
		status: 'APPROVED',
		category: 'UTILITY',
		id: '9000000000000001',
		components: [
			{ type: 'HEADER', format: 'TEXT', text: 'Hello {{1}}' },
			{ type: 'BODY', text: 'Your order {{1}} is ready' },
			{ type: 'BUTTONS', buttons: numbered(MESSAGE_LIMITS.templateButtonsMax, 'Reply ').map((text) => ({ type: 'QUICK_REPLY' as const, text })) },
		],
	},
	{
		name: LONG_NAME,
		parameter_format: 'POSITIONAL',
		language: 'en_US',
		status: 'APPROVED',
		category: 'UTILITY',
		id: '9000000000000002',
		components: [{ type: 'BODY', text: 'Hi' }],
	},
	{
		name: 'language_probe',
		parameter_format: 'POSITIONAL',
		language: LONG_LANGUAGE,
		status: 'APPROVED',
		category: 'UTILITY',
		id: '9000000000000003',
		components: [{ type: 'BODY', text: 'Hi' }],
	},
	{
		name: 'coupon_probe',
		parameter_format: 'POSITIONAL',
		language: 'en_US',
		status: 'APPROVED',
		category: 'MARKETING',
		id: '9000000000000004',
		components: [
			{ type: 'BODY', text: 'Here is your winter coupon' },
			{
				type: 'BUTTONS',
				buttons: [
					{ type: 'QUICK_REPLY', text: 'Stop promotions' },
					{ type: 'COPY_CODE', text: 'Copy offer code' },
				],
			},
		],
	},
];
const probe = (input: { header?: string; body?: string; quickReplies?: number } = {}) =>
	buildTemplateMessage(to, {
		name: 'limits_probe',
		languageCode: 'en_US',
		header: [input.header ?? 'Ana'],
		body: [input.body ?? '1042'],
		buttons: Array.from({ length: input.quickReplies ?? 0 }, (_, index) => ({ subType: 'quick_reply' as const, index, value: `reply-${index}` })),
	});

/** Limits both sides keep. */
const agreed: LimitCase[] = [
	{
		limit: 'textBody',
		in: 'text',
		build: (n) => buildTextMessages(to, { body: chars(n), split: false })[0],
		overLimit: (b) => (b.text.body = grow(b.text.body)),
	},
	{
		limit: 'mediaCaption',
		in: 'image',
		build: (n) => buildMediaMessage(to, { mediaType: 'image', link: 'https://example.com/a.png', caption: chars(n) }),
		overLimit: (b) => (b.image.caption = grow(b.image.caption)),
	},
	{
		limit: 'mediaCaption',
		in: 'document',
		build: (n) => buildMediaMessage(to, { mediaType: 'document', link: 'https://example.com/a.pdf', caption: chars(n) }),
		overLimit: (b) => (b.document.caption = grow(b.document.caption)),
	},
	{
		limit: 'interactiveBody',
		in: 'reply buttons',
		build: (n) => buildReplyButtons(to, { body: chars(n), buttons: ['Yes'] }),
		overLimit: (b) => (b.interactive.body.text = grow(b.interactive.body.text)),
	},
	{
		limit: 'interactiveBody',
		in: 'cta_url',
		build: (n) => cta({ body: chars(n) }),
		overLimit: (b) => (b.interactive.body.text = grow(b.interactive.body.text)),
	},
	{
		limit: 'interactiveBody',
		in: 'location request',
		build: (n) => buildLocationRequest(to, { body: chars(n) }),
		overLimit: (b) => (b.interactive.body.text = grow(b.interactive.body.text)),
	},
	{
		limit: 'interactiveBody',
		in: 'contact info request',
		build: (n) => buildContactInfoRequest(to, { body: chars(n) }),
		overLimit: (b) => (b.interactive.body.text = grow(b.interactive.body.text)),
	},
	{
		limit: 'interactiveBody',
		in: 'flow',
		build: (n) => buildFlowMessage(to, { body: chars(n), flowId: '1234567890', cta: 'Book' }),
		overLimit: (b) => (b.interactive.body.text = grow(b.interactive.body.text)),
	},
	{ limit: 'listBody', in: 'list', build: (n) => list({ body: chars(n) }), overLimit: (b) => (b.interactive.body.text = grow(b.interactive.body.text)) },
	{
		limit: 'interactiveFooter',
		in: 'reply buttons',
		build: (n) => buildReplyButtons(to, { body: 'Pick', footer: chars(n), buttons: ['Yes'] }),
		overLimit: (b) => (b.interactive.footer.text = grow(b.interactive.footer.text)),
	},
	{
		limit: 'interactiveFooter',
		in: 'list',
		build: (n) => list({ footer: chars(n) }),
		overLimit: (b) => (b.interactive.footer.text = grow(b.interactive.footer.text)),
	},
	{
		limit: 'interactiveHeaderText',
		in: 'reply buttons',
		build: (n) => buildReplyButtons(to, { body: 'Pick', header: { type: 'text', text: chars(n) }, buttons: ['Yes'] }),
		overLimit: (b) => (b.interactive.header.text = grow(b.interactive.header.text)),
	},
	{
		limit: 'interactiveHeaderText',
		in: 'list',
		build: (n) => list({ header: { type: 'text', text: chars(n) } }),
		overLimit: (b) => (b.interactive.header.text = grow(b.interactive.header.text)),
	},
	{
		limit: 'replyButtonsMax',
		in: 'reply buttons',
		build: buttons,
		overLimit: (b) => b.interactive.action.buttons.push({ type: 'reply', reply: { id: 'extra', title: 'Extra' } }),
	},
	{
		limit: 'replyButtonId',
		in: 'reply buttons',
		build: (n) => buildReplyButtons(to, { body: 'Pick', buttons: [{ id: chars(n), title: 'Yes' }] }),
		overLimit: (b) => (b.interactive.action.buttons[0].reply.id = grow(b.interactive.action.buttons[0].reply.id)),
	},
	{
		limit: 'replyButtonTitle',
		in: 'reply buttons',
		build: (n) => buildReplyButtons(to, { body: 'Pick', buttons: [{ id: 'yes', title: chars(n) }] }),
		overLimit: (b) => (b.interactive.action.buttons[0].reply.title = grow(b.interactive.action.buttons[0].reply.title)),
	},
	{
		limit: 'listButton',
		in: 'list',
		build: (n) => list({ buttonText: chars(n) }),
		overLimit: (b) => (b.interactive.action.button = grow(b.interactive.action.button)),
	},
	{
		limit: 'listSectionsMax',
		in: 'list, one row each',
		build: (n) => list({ sections: numbered(n, 'Section ').map((title, i) => ({ title, rows: [{ id: `row-${i}`, title: `Row ${i}` }] })) }),
		overLimit: (b) => b.interactive.action.sections.push({ title: 'One more', rows: [{ id: 'row-extra', title: 'Extra' }] }),
	},
	{
		limit: 'listRowsMax',
		in: 'list, one section',
		build: (n) => list({ rows: numbered(n, 'Row ') }),
		overLimit: (b) => b.interactive.action.sections[0].rows.push({ id: 'row-extra', title: 'Extra' }),
	},
	{
		limit: 'listRowsMax',
		in: 'list, rows across two sections',
		build: (n) =>
			list({
				sections: [
					{ title: 'Hot', rows: numbered(n - 1, 'Hot ') },
					{ title: 'Cold', rows: ['Iced tea'] },
				],
			}),
		overLimit: (b) => b.interactive.action.sections[1].rows.push({ id: 'row-extra', title: 'Extra' }),
	},
	{
		limit: 'listSectionTitle',
		in: 'list',
		build: (n) =>
			list({
				sections: [
					{ title: chars(n), rows: ['Espresso'] },
					{ title: 'Cold', rows: ['Iced tea'] },
				],
			}),
		overLimit: (b) => (b.interactive.action.sections[0].title = grow(b.interactive.action.sections[0].title)),
	},
	{
		limit: 'listRowId',
		in: 'list',
		build: (n) => list({ rows: [{ id: chars(n), title: 'Espresso' }] }),
		overLimit: (b) => (b.interactive.action.sections[0].rows[0].id = grow(b.interactive.action.sections[0].rows[0].id)),
	},
	{
		limit: 'listRowTitle',
		in: 'list',
		build: (n) => list({ rows: [{ id: 'r1', title: chars(n) }] }),
		overLimit: (b) => (b.interactive.action.sections[0].rows[0].title = grow(b.interactive.action.sections[0].rows[0].title)),
	},
	{
		limit: 'listRowDescription',
		in: 'list',
		build: (n) => list({ rows: [{ id: 'r1', title: 'Espresso', description: chars(n) }] }),
		overLimit: (b) => (b.interactive.action.sections[0].rows[0].description = grow(b.interactive.action.sections[0].rows[0].description)),
	},
	{
		limit: 'ctaDisplayText',
		in: 'cta_url',
		build: (n) => cta({ displayText: chars(n) }),
		overLimit: (b) => (b.interactive.action.parameters.display_text = grow(b.interactive.action.parameters.display_text)),
	},
	{
		limit: 'flowCta',
		in: 'flow',
		build: (n) => flow(plain(n)),
		overLimit: (b) => (b.interactive.action.parameters.flow_cta = grow(b.interactive.action.parameters.flow_cta)),
	},
	// Meta holds no template with a longer name, so one past the limit is an unknown template (132001).
	{
		limit: 'templateName',
		in: 'template',
		build: (n) => buildTemplateMessage(to, { name: plain(n), languageCode: 'en_US' }),
		overLimit: (b) => (b.template.name = grow(b.template.name)),
	},
	// Meta holds no template in a longer language code, so one past the limit is an unknown template (132001).
	{
		limit: 'templateLanguageCode',
		in: 'template',
		build: (n) => buildTemplateMessage(to, { name: 'language_probe', languageCode: plain(n) }),
		overLimit: (b) => (b.template.language.code = grow(b.template.language.code)),
	},
	{
		limit: 'templateCouponCode',
		in: 'template copy-code button',
		build: (n) =>
			buildTemplateMessage(to, { name: 'coupon_probe', languageCode: 'en_US', buttons: [{ subType: 'copy_code', index: 1, value: chars(n, 'W') }] }),
		overLimit: (b) => (b.template.components[0].parameters[0].coupon_code = grow(b.template.components[0].parameters[0].coupon_code)),
	},
	// A template has at most ten buttons, so an eleventh button parameter names no button.
	{
		limit: 'templateButtonsMax',
		in: 'template quick replies',
		build: (n) => probe({ quickReplies: n }),
		overLimit: (b) =>
			b.template.components.push({
				type: 'button',
				sub_type: 'quick_reply',
				index: String(MESSAGE_LIMITS.templateButtonsMax),
				parameters: [{ type: 'payload', payload: 'extra' }],
			}),
	},
];

/**
 * Limits only the builders keep: CLOUD-API.md and CLOUD-API-2026.md give Meta's contract no
 * number for these fields, and the sandbox must take whatever Meta takes, so it accepts one past
 * them. Listed so that a change on either side shows up here.
 */
const builderOnly: LimitCase[] = [
	{
		limit: 'documentFilename',
		in: 'document',
		build: (n) => buildMediaMessage(to, { mediaType: 'document', link: 'https://example.com/a.pdf', filename: chars(n) }),
		overLimit: (b) => (b.document.filename = grow(b.document.filename)),
	},
	{
		limit: 'ctaUrl',
		in: 'cta_url',
		build: (n) => cta({ url: urlOf(n) }),
		overLimit: (b) => (b.interactive.action.parameters.url = grow(b.interactive.action.parameters.url)),
	},
	{
		limit: 'locationName',
		in: 'location',
		build: (n) => buildLocationMessage(to, { latitude: 52.52, longitude: 13.4, name: chars(n) }),
		overLimit: (b) => (b.location.name = grow(b.location.name)),
	},
	{
		limit: 'locationAddress',
		in: 'location',
		build: (n) => buildLocationMessage(to, { latitude: 52.52, longitude: 13.4, address: chars(n) }),
		overLimit: (b) => (b.location.address = grow(b.location.address)),
	},
	{
		limit: 'templateHeaderTextParameter',
		in: 'template header',
		build: (n) => probe({ header: chars(n) }),
		overLimit: (b) => (b.template.components[0].parameters[0].text = grow(b.template.components[0].parameters[0].text)),
	},
	{
		limit: 'templateButtonValue',
		in: 'template quick-reply payload',
		build: (n) => buildTemplateMessage(to, { name: 'coupon_probe', languageCode: 'en_US', buttons: [{ subType: 'quick_reply', index: 0, value: chars(n) }] }),
		overLimit: (b) => (b.template.components[0].parameters[0].payload = grow(b.template.components[0].parameters[0].payload)),
	},
];

/** Lower bounds: at the minimum both take it, one below both refuse. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a body of any message kind, changed by path
const minimums: Array<{ limit: Limit; build: (size: number) => OutgoingMessage; underLimit: (body: any) => void }> = [
	{ limit: 'replyButtonsMin', build: buttons, underLimit: (b) => (b.interactive.action.buttons = []) },
];

let sandbox: Sandbox;
beforeAll(async () => {
	// Throughput high enough that a table of sends is never throttled.
	sandbox = await startSandbox({ throughputPerSecond: 100_000, templates: [...seedTemplates(), ...probeTemplates] });
});
afterAll(() => sandbox.stop());

const sandboxAnswer = (body: unknown) => sandbox.handleMessagesPost(JSON.parse(JSON.stringify(body)));
const builderError = (build: () => unknown) => {
	try {
		build();
	} catch (error) {
		return error;
	}
	return undefined;
};

test('every limit in limits.ts has a case', () => {
	const covered = new Set([...agreed, ...builderOnly, ...minimums].map((c) => c.limit));
	expect(Object.keys(MESSAGE_LIMITS).filter((limit) => !covered.has(limit as Limit))).toEqual([]);
});

describe.each(agreed)('$limit ($in)', ({ limit, build, overLimit }) => {
	const max = MESSAGE_LIMITS[limit];

	test('at the limit: the builder builds it and the sandbox accepts it', () => {
		expect(sandboxAnswer(build(max))).toMatchObject({ messages: [{ message_status: 'accepted' }] });
	});

	test('one past the limit: the builder refuses it and so does the sandbox', () => {
		expect(builderError(() => build(max + 1))).toBeInstanceOf(MessageLimitError);
		const body = build(max);
		overLimit(body);
		expect(() => sandboxAnswer(body)).toThrow(GraphError);
	});
});

describe.each(builderOnly)('$limit ($in), kept by the builder only', ({ limit, build, overLimit }) => {
	const max = MESSAGE_LIMITS[limit];

	test('at the limit both accept; one past it the builder refuses and the sandbox (like Meta, as far as documented) accepts', () => {
		expect(sandboxAnswer(build(max))).toMatchObject({ messages: [{ message_status: 'accepted' }] });
		expect(builderError(() => build(max + 1))).toBeInstanceOf(MessageLimitError);
		const body = build(max);
		overLimit(body);
		expect(sandboxAnswer(body)).toMatchObject({ messages: [{ message_status: 'accepted' }] });
	});
});

describe.each(minimums)('$limit', ({ limit, build, underLimit }) => {
	const min = MESSAGE_LIMITS[limit];

	test('at the minimum both accept; one below both refuse', () => {
		expect(sandboxAnswer(build(min))).toMatchObject({ messages: [{ message_status: 'accepted' }] });
		expect(builderError(() => build(min - 1))).toBeInstanceOf(MessageLimitError);
		const body = build(min);
		underLimit(body);
		expect(() => sandboxAnswer(body)).toThrow(GraphError);
	});
});
