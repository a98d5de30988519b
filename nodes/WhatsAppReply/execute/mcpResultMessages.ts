import type { McpResultItem } from '../../shared/mcp/resultRendering';
import type { OutgoingMessage } from '../../shared/whatsapp/CloudApiClient';
import { markdownToWhatsApp } from '../../shared/whatsapp/markdownToWhatsApp';
import { buildInteractiveList, buildMediaMessage, buildReplyButtons, buildTextMessages, withoutQuote, type Recipient } from '../../shared/whatsapp/messages';
import { planMcpReply, type BinaryInfo, type ReplyPart } from '../../shared/whatsapp/renderMcpReply';
import type { ItemContext } from './ItemContext';
import { textFormatting } from './nodeVersion';

/**
 * The MCP Client node's output item as WhatsApp messages. Every message is built (and its limits
 * checked) before the first upload, so an invalid result sends nothing.
 */
export async function buildMcpResultMessages(ctx: ItemContext, recipient: Recipient): Promise<OutgoingMessage[]> {
	const binaries: Record<string, BinaryInfo> = {};
	for (const [property, data] of Object.entries(ctx.item.binary ?? {})) binaries[property] = { mimeType: data.mimeType, fileName: data.fileName };
	const markdown = ctx.param<boolean>('markdown', true);
	const { markdownOptions, keepFormattingWhole } = textFormatting(ctx.version);
	const fallback = ctx.param<string>('onToolError', 'fail') === 'fallback' ? ctx.param<string>('fallbackText') : undefined;
	const parts = planMcpReply(ctx.item.json as Partial<McpResultItem>, binaries, {
		offerChoices: ctx.param<boolean>('offerChoices', true),
		toolErrorFallback: fallback,
		formatText: markdown ? (text) => markdownToWhatsApp(text, markdownOptions) : undefined,
	});

	// Only the first message quotes the customer.
	const recipientFor = (index: number): Recipient => (index === 0 ? recipient : withoutQuote(recipient));
	const builders = parts.map((part, index) => bodyBuilder(ctx, part, recipientFor(index), keepFormattingWhole));
	const bodies: OutgoingMessage[] = [];
	for (const build of builders) bodies.push(...(await build()));
	return bodies;
}

/** Checks the part now; returns the function that uploads (if needed) and builds it. */
function bodyBuilder(ctx: ItemContext, part: ReplyPart, recipient: Recipient, keepFormattingWhole: boolean): () => Promise<OutgoingMessage[]> {
	switch (part.kind) {
		case 'text': {
			// Already formatted by the planner.
			const bodies = buildTextMessages(recipient, { body: part.body, markdown: false, keepFormattingWhole });
			return async () => bodies;
		}
		case 'buttons': {
			const body = buildReplyButtons(recipient, { body: part.body, buttons: part.choices });
			return async () => [body];
		}
		case 'list': {
			const body = buildInteractiveList(recipient, { body: part.body, buttonText: part.buttonText, rows: part.choices });
			return async () => [body];
		}
		case 'media': {
			const media = { mediaType: part.mediaType, caption: part.caption, filename: part.filename };
			const source = part.source;
			if ('link' in source) {
				const body = buildMediaMessage(recipient, { ...media, link: source.link });
				return async () => [body];
			}
			buildMediaMessage(recipient, { ...media, id: 'pending' });
			return async () => {
				const upload =
					'binaryProperty' in source
						? {
								data: await ctx.fns.helpers.getBinaryDataBuffer(ctx.index, source.binaryProperty),
								mimeType: part.mimeType ?? ctx.item.binary?.[source.binaryProperty]?.mimeType ?? 'application/octet-stream',
								fileName: ctx.item.binary?.[source.binaryProperty]?.fileName,
							}
						: { data: Buffer.from(source.base64, 'base64'), mimeType: source.mimeType, fileName: source.fileName };
				const { id } = await ctx.client().uploadMedia(upload);
				return [buildMediaMessage(recipient, { ...media, id })];
			};
		}
	}
}
