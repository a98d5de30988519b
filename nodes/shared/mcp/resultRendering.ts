// Turns MCP results into plain JSON an n8n item can carry: text joined, structured content kept
// as JSON, base64 payloads lifted out as binary descriptors (the node makes them n8n binary data).

import { fileExtensionFor } from '../fileExtensions';

export interface BinaryDescriptor {
	/** Name of the binary property on the output item, e.g. "image_0". */
	property: string;
	/** Base64 payload as the server sent it. */
	data: string;
	mimeType: string;
	fileName: string;
}

/** One content block of an MCP result (text, image, audio, resource_link, resource, …). */
export interface McpContentBlock {
	type: string;
	text?: string;
	/** Base64 payload, while the block still carries it. */
	data?: string;
	mimeType?: string;
	/** Set by renderToolResult in place of `data`: the binary property holding the payload. */
	binaryProperty?: string;
	uri?: string;
	name?: string;
	title?: string;
	description?: string;
	resource?: McpResourceContents;
	[key: string]: unknown;
}

/** An embedded resource's contents: text, or a base64 blob that rendering moves to a binary property. */
export interface McpResourceContents {
	uri: string;
	mimeType?: string;
	text?: string;
	blob?: string;
	binaryProperty?: string;
	[key: string]: unknown;
}

/**
 * A tool result as an n8n item carries it: the MCP Client node outputs it (its binaries become the
 * item's binary data) and WhatsApp Reply's "Send MCP Result" reads it back.
 */
export interface McpResultItem {
	/** All text content, one block per line. */
	text: string;
	structuredContent?: unknown;
	/** The content blocks, with base64 payloads replaced by { binaryProperty }. */
	content: McpContentBlock[];
	/** resource_link blocks: pointers the workflow can read with Read Resource. */
	resourceLinks: McpContentBlock[];
	/** Embedded resources; text ones keep their text, blobs point at a binary property. */
	resources: McpResourceContents[];
	isError: boolean;
	_meta?: Record<string, unknown>;
}

/** What renderToolResult returns: the item, and the payloads its binaryProperty fields name. */
export interface RenderedToolResult extends McpResultItem {
	binaries: BinaryDescriptor[];
}

function fileNameFor(base: string, mimeType: string, uri?: string): string {
	const fromUri = uri?.split(/[/?#]/).filter(Boolean).pop();
	if (fromUri && /\.[a-z0-9]{1,5}$/i.test(fromUri)) return fromUri;
	return `${fromUri ?? base}.${fileExtensionFor(mimeType)}`;
}

class BinaryCollector {
	readonly binaries: BinaryDescriptor[] = [];

	private counts: Record<string, number> = {};

	add(kind: string, data: string, mimeType: string, uri?: string): string {
		const index = this.counts[kind] ?? 0;
		this.counts[kind] = index + 1;
		const property = `${kind}_${index}`;
		this.binaries.push({ property, data, mimeType, fileName: fileNameFor(property, mimeType, uri) });
		return property;
	}
}

export function renderToolResult(result: {
	content?: unknown;
	structuredContent?: unknown;
	isError?: boolean;
	_meta?: Record<string, unknown>;
	toolResult?: unknown;
}): RenderedToolResult {
	const collector = new BinaryCollector();
	const texts: string[] = [];
	const content: McpContentBlock[] = [];
	const resourceLinks: McpContentBlock[] = [];
	const resources: McpResourceContents[] = [];
	// Servers on the 2024-10-07 protocol answer with { toolResult } instead of content.
	const blocks = Array.isArray(result.content)
		? (result.content as McpContentBlock[])
		: result.toolResult !== undefined
			? [{ type: 'text', text: typeof result.toolResult === 'string' ? result.toolResult : JSON.stringify(result.toolResult) }]
			: [];
	for (const block of blocks) {
		if (block.type === 'text') {
			texts.push(block.text ?? '');
			content.push(block);
		} else if ((block.type === 'image' || block.type === 'audio') && typeof block.data === 'string') {
			const { data, ...rest } = block;
			const mimeType = block.mimeType ?? 'application/octet-stream';
			content.push({ ...rest, binaryProperty: collector.add(block.type, data, mimeType) });
		} else if (block.type === 'resource_link') {
			resourceLinks.push(block);
			content.push(block);
		} else if (block.type === 'resource' && block.resource) {
			const rendered = renderResourceContents(block.resource, collector);
			resources.push(rendered);
			if (typeof rendered.text === 'string') texts.push(rendered.text);
			content.push({ ...block, resource: rendered });
		} else {
			content.push(block);
		}
	}
	const rendered: RenderedToolResult = {
		text: texts.join('\n'),
		content,
		resourceLinks,
		resources,
		isError: result.isError === true,
		binaries: collector.binaries,
	};
	if (result.structuredContent !== undefined) rendered.structuredContent = result.structuredContent;
	if (result._meta !== undefined) rendered._meta = result._meta;
	return rendered;
}

function renderResourceContents(contents: McpResourceContents, collector: BinaryCollector): McpResourceContents {
	if (typeof contents.blob !== 'string') return contents;
	const { blob, ...rest } = contents;
	const mimeType = contents.mimeType ?? 'application/octet-stream';
	return { ...rest, binaryProperty: collector.add('resource', blob, mimeType, contents.uri) };
}

export interface RenderedResource {
	uri: string;
	/** Text of all text contents, one per line. */
	text: string;
	contents: McpResourceContents[];
	binaries: BinaryDescriptor[];
}

export function renderResourceRead(uri: string, result: { contents?: McpResourceContents[] }): RenderedResource {
	const collector = new BinaryCollector();
	const contents = (result.contents ?? []).map((entry) => renderResourceContents(entry, collector));
	const text = contents
		.filter((entry) => typeof entry.text === 'string')
		.map((entry) => entry.text as string)
		.join('\n');
	return { uri, text, contents, binaries: collector.binaries };
}
