import type { McpContentBlock, McpResultItem } from '../mcp/resultRendering';

import type { Choice } from './messages/interactive';
import { characterCount, MESSAGE_LIMITS } from './messages/limits';
import type { MediaType } from './messages/media';

/**
 * Plans the WhatsApp messages that answer with an MCP tool result (the MCP Client node's output
 * item): text, a readable form of structured content, images and files, and choices offered as
 * reply buttons or a list. Pure: binaries are referred to by property name; the node uploads them.
 * The item's shape is McpResultItem, owned by its producer; it arrives as workflow JSON, so any
 * field may be missing (Partial).
 */

export interface BinaryInfo {
	mimeType?: string;
	fileName?: string;
}

export type MediaSource = { binaryProperty: string } | { base64: string; mimeType: string; fileName: string } | { link: string };

export type ReplyPart =
	| { kind: 'text'; body: string }
	| { kind: 'media'; mediaType: MediaType; mimeType?: string; caption?: string; filename?: string; source: MediaSource }
	| { kind: 'buttons'; body: string; choices: Choice[] }
	| { kind: 'list'; body: string; buttonText: string; choices: Choice[] };

export interface PlanMcpReplyOptions {
	/** Offer a choices array in structuredContent as reply buttons (≤ 3) or a list (≤ 10). Default true. */
	offerChoices?: boolean;
	/** Media messages at most (default 10); the rest are dropped. */
	maxMedia?: number;
	/** Label of the button that opens a list. */
	listButtonText?: string;
	/** Applied to the text before it is measured and placed (e.g. markdownToWhatsApp). */
	formatText?: (text: string) => string;
	/** Sent instead when the tool reported an error; without it such a result throws McpToolErrorResult. */
	toolErrorFallback?: string;
}

/** An MCP result with isError: true. Its text is the tool's own error message. */
export class McpToolErrorResult extends Error {
	constructor(readonly toolMessage: string) {
		super(`The MCP tool reported an error: ${toolMessage || '(no message)'}`);
		this.name = 'McpToolErrorResult';
	}
}

const CHOICE_KEYS = ['options', 'choices', 'buttons', 'suggestions', 'quickReplies', 'quick_replies'];

/**
 * The MCP result an item stands for: the item itself, or — for an MCP Client failure item passed on
 * by "Continue" ({ error, details: { result } }) — the failed tool's own result, so that the
 * tool-error setting applies instead of "nothing to send".
 */
export function mcpResultOf(item: Partial<McpResultItem>): Partial<McpResultItem> {
	const details = (item as { error?: unknown; details?: { result?: unknown } }).details;
	if (typeof (item as { error?: unknown }).error === 'string' && details?.result && typeof details.result === 'object') {
		return details.result as Partial<McpResultItem>;
	}
	return item;
}

export function planMcpReply(item: Partial<McpResultItem>, binaries: Record<string, BinaryInfo> = {}, options: PlanMcpReplyOptions = {}): ReplyPart[] {
	if (!item || typeof item !== 'object') throw new TypeError('The item is not an MCP result: expected an object with text, content or structuredContent');
	const result = mcpResultOf(item);
	const blocks = Array.isArray(result.content) ? result.content : [];
	let text =
		typeof result.text === 'string'
			? result.text
			: blocks
					.filter((b) => b.type === 'text' && typeof b.text === 'string')
					.map((b) => b.text)
					.join('\n\n');
	if (result.isError) {
		if (options.toolErrorFallback) return [{ kind: 'text', body: options.toolErrorFallback }];
		throw new McpToolErrorResult(text.trim());
	}

	const choices = options.offerChoices === false ? undefined : choicesIn(result.structuredContent);
	const structured = result.structuredContent;
	if (structured !== undefined && (text.trim() === '' || isJsonOf(text, structured))) {
		text = formatStructured(choices ? withoutKey(structured, choices.key) : structured);
	}

	const media = [...blocks, ...(result.resourceLinks ?? [])]
		.map((block) => mediaOf(block, binaries))
		.filter((part): part is Extract<ReplyPart, { kind: 'media' }> => part !== undefined);
	const linkLines = [...blocks, ...(result.resourceLinks ?? [])]
		.filter((block) => block.type === 'resource_link' && block.uri && !mediaOf(block, binaries))
		.map((block) => `${block.title ?? block.name ?? 'Link'}: ${block.uri}`);
	const uniqueLinks = [...new Set(linkLines)].filter((line) => !text.includes(line.split(': ').slice(1).join(': ')));
	if (uniqueLinks.length) text = [text.trim(), uniqueLinks.join('\n')].filter(Boolean).join('\n\n');
	text = (options.formatText ? options.formatText(text) : text).trim();

	const parts: ReplyPart[] = [];
	const mediaParts = media.slice(0, options.maxMedia ?? 10);
	const captionable = mediaParts.length === 1 && mediaParts[0].mediaType !== 'audio' && mediaParts[0].mediaType !== 'sticker';
	if (choices) {
		const fitsButtons =
			choices.items.length <= MESSAGE_LIMITS.replyButtonsMax && choices.items.every((c) => characterCount(c.title) <= MESSAGE_LIMITS.replyButtonTitle);
		const fitsList = choices.items.length <= MESSAGE_LIMITS.listRowsMax && choices.items.every((c) => characterCount(c.title) <= MESSAGE_LIMITS.listRowTitle);
		const bodyLimit = fitsButtons ? MESSAGE_LIMITS.interactiveBody : MESSAGE_LIMITS.listBody;
		if (fitsButtons || fitsList) {
			const bodyFits = text !== '' && characterCount(text) <= bodyLimit;
			if (text && !bodyFits) parts.push({ kind: 'text', body: text });
			const body = bodyFits ? text : 'Please choose:';
			parts.push(...mediaParts);
			parts.push(
				fitsButtons
					? { kind: 'buttons', body, choices: choices.items }
					: { kind: 'list', body, buttonText: options.listButtonText ?? 'Choose', choices: choices.items },
			);
			return parts;
		}
		text = [text, choices.items.map((c) => `- ${c.title}${c.description ? `: ${c.description}` : ''}`).join('\n')].filter(Boolean).join('\n\n');
	}
	if (captionable && text && characterCount(text) <= MESSAGE_LIMITS.mediaCaption) {
		return [{ ...mediaParts[0], caption: text }];
	}
	if (text) parts.push({ kind: 'text', body: text });
	parts.push(...mediaParts);
	if (parts.length === 0) throw new TypeError('The MCP result has nothing to send: no text, structured content, images or files');
	return parts;
}

/** WhatsApp's accepted types: anything else goes as a document so that it still arrives. */
export function mediaTypeFor(mimeType: string | undefined): MediaType {
	const type = (mimeType ?? '').toLowerCase().split(';')[0].trim();
	if (type === 'image/jpeg' || type === 'image/png') return 'image';
	if (type === 'image/webp') return 'sticker';
	if (['video/mp4', 'video/3gpp'].includes(type)) return 'video';
	if (['audio/aac', 'audio/amr', 'audio/mpeg', 'audio/mp4', 'audio/ogg'].includes(type)) return 'audio';
	return 'document';
}

function mediaOf(block: McpContentBlock, binaries: Record<string, BinaryInfo>): Extract<ReplyPart, { kind: 'media' }> | undefined {
	const resource = block.type === 'resource' ? block.resource : undefined;
	const binaryProperty = block.binaryProperty ?? resource?.binaryProperty;
	const mimeType = (binaryProperty ? binaries[binaryProperty]?.mimeType : undefined) ?? block.mimeType ?? resource?.mimeType;
	const fileName = (binaryProperty ? binaries[binaryProperty]?.fileName : undefined) ?? block.name ?? fileNameOf(block.uri ?? resource?.uri);
	const mediaType = mediaTypeFor(mimeType);
	const filename = mediaType === 'document' ? fileName : undefined;
	if (binaryProperty && binaries[binaryProperty]) return { kind: 'media', mediaType, mimeType, filename, source: { binaryProperty } };
	if ((block.type === 'image' || block.type === 'audio') && typeof block.data === 'string' && mimeType) {
		return { kind: 'media', mediaType, mimeType, filename, source: { base64: block.data, mimeType, fileName: fileName ?? `${block.type}` } };
	}
	if (resource?.blob && mimeType) {
		return { kind: 'media', mediaType, mimeType, filename, source: { base64: resource.blob, mimeType, fileName: fileName ?? 'file' } };
	}
	// A link to an image or file on the web: Meta fetches it itself.
	if (block.type === 'resource_link' && block.uri && /^https?:\/\//.test(block.uri) && mimeType && !mimeType.startsWith('text/')) {
		return { kind: 'media', mediaType, mimeType, filename, source: { link: block.uri } };
	}
	return undefined;
}

function fileNameOf(uri: string | undefined): string | undefined {
	return uri?.split(/[/?#]/).filter(Boolean).pop();
}

function choicesIn(structured: unknown): { key: string; items: Choice[] } | undefined {
	if (!structured || typeof structured !== 'object' || Array.isArray(structured)) return undefined;
	for (const key of CHOICE_KEYS) {
		const value = (structured as Record<string, unknown>)[key];
		if (!Array.isArray(value) || value.length === 0) continue;
		const items = value.map(toChoice);
		if (items.every((item): item is Choice => item !== undefined)) return { key, items };
	}
	return undefined;
}

function toChoice(entry: unknown): Choice | undefined {
	if (typeof entry === 'string' || typeof entry === 'number') return { title: String(entry) };
	if (!entry || typeof entry !== 'object') return undefined;
	const record = entry as Record<string, unknown>;
	const title = [record.title, record.label, record.name, record.text].find((v) => typeof v === 'string' && v !== '') as string | undefined;
	if (!title) return undefined;
	const id = [record.id, record.value, record.payload].find((v) => typeof v === 'string' || typeof v === 'number');
	const description = typeof record.description === 'string' ? record.description : undefined;
	return { title, ...(id !== undefined ? { id: String(id) } : {}), ...(description ? { description } : {}) };
}

function isJsonOf(text: string, structured: unknown): boolean {
	try {
		return JSON.stringify(JSON.parse(text)) === JSON.stringify(structured);
	} catch {
		return false;
	}
}

function withoutKey(value: unknown, key: string): unknown {
	if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
	const { [key]: _removed, ...rest } = value as Record<string, unknown>;
	return rest;
}

/** Structured content as a customer would read it: "Label: value" lines, lists as bullets, no markup. */
export function formatStructured(value: unknown, depth = 0): string {
	const indent = '  '.repeat(depth);
	if (value === null || value === undefined) return '';
	if (typeof value !== 'object') return String(value);
	if (Array.isArray(value)) {
		return value
			.map((entry) => {
				const rendered = formatStructured(entry, depth + 1);
				return typeof entry === 'object' && entry !== null ? `${indent}- ${rendered.trimStart()}` : `${indent}- ${rendered}`;
			})
			.join('\n');
	}
	return Object.entries(value as Record<string, unknown>)
		.filter(([, entry]) => entry !== undefined && entry !== null && entry !== '')
		.map(([key, entry]) => {
			const label = humanize(key);
			if (typeof entry === 'object') return `${indent}${label}:\n${formatStructured(entry, depth + 1)}`;
			return `${indent}${label}: ${String(entry)}`;
		})
		.join('\n');
}

function humanize(key: string): string {
	const words = key
		.replace(/[_-]+/g, ' ')
		.replace(/([a-z])([A-Z])/g, '$1 $2')
		.trim();
	return words.charAt(0).toUpperCase() + words.slice(1);
}
