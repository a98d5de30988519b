import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { OutgoingMessage, SendMessageResult } from '../../shared/whatsapp/CloudApiClient';
import {
	buildContactInfoRequest,
	buildContactsMessage,
	buildCtaUrl,
	buildFlowMessage,
	buildInteractiveList,
	buildLocationMessage,
	buildLocationRequest,
	buildMediaMessage,
	buildReactionMessage,
	buildReplyButtons,
	buildTemplateMessage,
	buildTextMessages,
	choicesFromInput,
	MessageLimitError,
	type Choice,
	type FlowMessageInput,
	type InteractiveHeader,
	type MediaType,
	type Recipient,
	type TemplateButtonParameter,
	type TemplateParameter,
} from '../../shared/whatsapp/messages';
import { isBusinessScopedUserId } from '../../shared/whatsapp/businessScopedUserId';
import { normalizePhoneNumber } from '../../shared/whatsapp/phoneNumber';
import type { CountryCode } from 'libphonenumber-js';
import { quotedMessageId, recipientAddress } from './conversationOrigin';
import type { ItemContext, Operation, OperationOutput } from './ItemContext';
import { buildMcpResultMessages } from './mcpResultMessages';
import { recipientFormat, textFormatting } from './nodeVersion';

/** Builds the bodies one item sends; all limits are checked here, before anything goes out. */
type BodiesBuilder = (ctx: ItemContext, recipient: Recipient) => Promise<OutgoingMessage[]>;

const interactiveCommon = (ctx: ItemContext) => {
	const headerText = ctx.param<string>('headerText', '');
	return {
		body: ctx.param<string>('body'),
		footer: ctx.param<string>('footer', '') || undefined,
		header: headerText ? ({ type: 'text', text: headerText } as InteractiveHeader) : undefined,
	};
};

function choicesFromParameters(ctx: ItemContext, collection: string, entry: string): Array<Choice & { section?: string }> {
	if (ctx.param<string>('choicesSource', 'fields') === 'input') {
		return choicesFromInput(ctx.param<unknown>('choicesArray'), 'choicesArray');
	}
	const rows = ctx.param<IDataObject>(collection, {})[entry] as IDataObject[] | undefined;
	return (rows ?? []).map((row) => ({
		title: String(row.title ?? ''),
		id: row.id ? String(row.id) : undefined,
		description: row.description ? String(row.description) : undefined,
		section: row.section ? String(row.section) : undefined,
	}));
}

function templateParameters(ctx: ItemContext): { header: TemplateParameter[]; body: TemplateParameter[]; buttons: TemplateButtonParameter[] } {
	const entries = (ctx.param<IDataObject>('templateParameters', {}).parameter as IDataObject[] | undefined) ?? [];
	const result = { header: [] as TemplateParameter[], body: [] as TemplateParameter[], buttons: [] as TemplateButtonParameter[] };
	entries.forEach((entry, position) => {
		const type = String(entry.type ?? 'text');
		const value = String(entry.value ?? '');
		const component = String(entry.component ?? 'body');
		if (component === 'button') {
			if (!['quick_reply', 'url', 'copy_code'].includes(type)) {
				throw new MessageLimitError(
					`templateParameters[${position}].type`,
					type,
					'quick_reply, url or copy_code',
					`Parameter ${position + 1} is for a button: choose Payload, URL Suffix or Coupon Code as its type`,
				);
			}
			result.buttons.push({ subType: type as TemplateButtonParameter['subType'], index: Number(entry.index ?? 0), value });
			return;
		}
		const parameterName = entry.parameterName ? String(entry.parameterName) : undefined;
		const parameter: TemplateParameter = ['image', 'video', 'document'].includes(type)
			? { type: type as 'image' | 'video' | 'document', link: value }
			: { type: 'text', text: value, parameterName };
		(component === 'header' ? result.header : result.body).push(parameter);
	});
	return result;
}

async function uploadedMediaId(ctx: ItemContext, binaryPropertyName: string): Promise<string> {
	const binary = ctx.fns.helpers.assertBinaryData(ctx.index, binaryPropertyName);
	const data = await ctx.fns.helpers.getBinaryDataBuffer(ctx.index, binaryPropertyName);
	const { id } = await ctx.client().uploadMedia({ data, mimeType: binary.mimeType, fileName: binary.fileName });
	return id;
}

const SEND_BODIES: Record<string, BodiesBuilder> = {
	sendText: async (ctx, recipient) =>
		buildTextMessages(recipient, {
			body: ctx.param<string>('text'),
			markdown: ctx.param<boolean>('markdown', true),
			...textFormatting(ctx.version),
			previewUrl: ctx.param<IDataObject>('options', {}).previewUrl === true,
		}),

	sendMedia: async (ctx, recipient) => {
		const mediaType = ctx.param<MediaType>('mediaType');
		const source = ctx.param<string>('mediaSource', 'url');
		const captioned = ['image', 'video', 'document'].includes(mediaType);
		const media = {
			mediaType,
			caption: captioned ? ctx.param<string>('caption', '') || undefined : undefined,
			filename: mediaType === 'document' ? ctx.param<string>('filename', '') || undefined : undefined,
		};
		// Check the message before uploading anything.
		buildMediaMessage(recipient, { ...media, id: 'pending' });
		if (source === 'url') return [buildMediaMessage(recipient, { ...media, link: ctx.param<string>('mediaUrl') })];
		if (source === 'id') return [buildMediaMessage(recipient, { ...media, id: ctx.param<string>('mediaId') })];
		return [buildMediaMessage(recipient, { ...media, id: await uploadedMediaId(ctx, ctx.param<string>('binaryPropertyName', 'data')) })];
	},

	sendLocation: async (ctx, recipient) => [
		buildLocationMessage(recipient, {
			latitude: ctx.param<number>('latitude'),
			longitude: ctx.param<number>('longitude'),
			name: ctx.param<string>('locationName', '') || undefined,
			address: ctx.param<string>('locationAddress', '') || undefined,
		}),
	],

	sendContacts: async (ctx, recipient) => {
		const contacts = (ctx.param<IDataObject>('contacts', {}).contact as IDataObject[] | undefined) ?? [];
		return [
			buildContactsMessage(
				recipient,
				contacts.map((contact) => ({
					name: String(contact.name ?? ''),
					phones: contact.phone ? [String(contact.phone)] : undefined,
					emails: contact.email ? [String(contact.email)] : undefined,
					urls: contact.url ? [String(contact.url)] : undefined,
					org: contact.company ? { company: String(contact.company) } : undefined,
				})),
			),
		];
	},

	sendButtons: async (ctx, recipient) => [
		buildReplyButtons(recipient, { ...interactiveCommon(ctx), buttons: choicesFromParameters(ctx, 'buttons', 'button') }),
	],

	sendList: async (ctx, recipient) => {
		const rows = choicesFromParameters(ctx, 'rows', 'row');
		const sectionTitles = [...new Set(rows.map((row) => row.section ?? ''))];
		const sections = sectionTitles.map((title) => ({
			title: title || undefined,
			rows: rows.filter((row) => (row.section ?? '') === title).map(({ section: _section, ...row }) => row),
		}));
		return [buildInteractiveList(recipient, { ...interactiveCommon(ctx), buttonText: ctx.param<string>('buttonText'), sections })];
	},

	sendCtaUrl: async (ctx, recipient) => [
		buildCtaUrl(recipient, { ...interactiveCommon(ctx), displayText: ctx.param<string>('displayText'), url: ctx.param<string>('url') }),
	],

	sendFlow: async (ctx, recipient) => {
		const byName = ctx.param<string>('flowIdType', 'id') === 'name';
		const navigate = ctx.param<string>('flowAction', 'navigate') === 'navigate';
		return [
			buildFlowMessage(recipient, {
				...interactiveCommon(ctx),
				flowId: byName ? undefined : ctx.param<string>('flowId'),
				flowName: byName ? ctx.param<string>('flowName') : undefined,
				cta: ctx.param<string>('flowCta'),
				flowToken: ctx.param<string>('flowReference', '') || undefined,
				mode: ctx.param<FlowMessageInput['mode']>('flowMode', 'published'),
				flowAction: navigate ? 'navigate' : 'data_exchange',
				screen: navigate ? ctx.param<string>('flowScreen', '') || undefined : undefined,
				data: navigate ? screenData(ctx.param<unknown>('flowData', '')) : undefined,
			}),
		];
	},

	requestContactInfo: async (ctx, recipient) => [buildContactInfoRequest(recipient, { body: ctx.param<string>('body') })],

	requestLocation: async (ctx, recipient) => [buildLocationRequest(recipient, { body: ctx.param<string>('body') })],

	sendTemplate: async (ctx, recipient) => [
		buildTemplateMessage(recipient, { name: ctx.param<string>('templateName'), languageCode: ctx.param<string>('languageCode'), ...templateParameters(ctx) }),
	],

	react: async (ctx, recipient) => [buildReactionMessage(recipient, { messageId: ctx.param<string>('messageId'), emoji: ctx.param<string>('emoji', '') })],

	sendMcpResult: async (ctx, recipient) => await buildMcpResultMessages(ctx, recipient),
};

/** n8n's json parameter gives an object, or text when typed by hand; empty means none. */
function screenData(value: unknown): FlowMessageInput['data'] {
	if (value === undefined || value === null || value === '') return undefined;
	return typeof value === 'string' ? value : (value as Record<string, unknown>);
}

function recipientOf(ctx: ItemContext): Recipient {
	const options = ctx.param<IDataObject>('options', {});
	const defaultCountry =
		typeof options.defaultCountry === 'string' && options.defaultCountry ? (options.defaultCountry.toUpperCase() as CountryCode) : undefined;
	const replyToMessageId = quotedMessageId(ctx, options);
	const { userIds, phoneWithPlus } = recipientFormat(ctx.version);
	const address = recipientAddress(ctx);
	if (typeof address === 'string' && isBusinessScopedUserId(address.trim())) {
		if (userIds) return { userId: address.trim(), replyToMessageId };
		throw new NodeOperationError(ctx.fns.getNode(), `"${address}" is a business-scoped user ID (BSUID), not a phone number`, {
			itemIndex: ctx.index,
			description: 'Version 1 of this node sends to phone numbers only. Add the WhatsApp Reply node anew (version 1.1) to answer customers by their user ID.',
		});
	}
	return { to: normalizePhoneNumber(address, { defaultCountry, plus: phoneWithPlus }), phoneWithPlus, replyToMessageId };
}

/** Sends an item's bodies in order and reports what went out. */
async function sendAll(ctx: ItemContext, bodies: OutgoingMessage[]): Promise<OperationOutput> {
	const client = ctx.client();
	const sent: Array<SendMessageResult & { type?: string; body: OutgoingMessage }> = [];
	for (const body of bodies) {
		sent.push({ ...(await client.sendMessage(body)), type: body.type, body });
	}
	const first = sent[0];
	return {
		json: {
			messageId: first?.messageId,
			waId: first?.waId,
			userId: first?.userId,
			to: bodies[0]?.to,
			recipient: bodies[0]?.recipient as string | undefined,
			type: first?.type,
			messageCount: sent.length,
			messages: sent.map((s) => ({ messageId: s.messageId, type: s.type, body: s.body as IDataObject })),
		},
	};
}

const sendOperation =
	(build: BodiesBuilder): Operation =>
	async (ctx) =>
		await sendAll(ctx, await build(ctx, recipientOf(ctx)));

const readReceipt =
	(typing: boolean): Operation =>
	async (ctx) => {
		const messageId = ctx.param<string>('messageId');
		const { success } = await ctx.client().markAsRead(messageId, { typing });
		return { json: { success, messageId, status: 'read', typing } };
	};

export const MESSAGE_OPERATIONS: Record<string, Operation> = {
	...Object.fromEntries(Object.entries(SEND_BODIES).map(([name, build]) => [name, sendOperation(build)])),
	markAsRead: readReceipt(false),
	showTyping: readReceipt(true),
};
