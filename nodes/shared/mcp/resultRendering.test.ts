import { renderResourceRead, renderToolResult } from './resultRendering';

const PNG = 'iVBORw0KGgo=';

test('text blocks are joined one per line', () => {
	expect(
		renderToolResult({
			content: [
				{ type: 'text', text: 'a' },
				{ type: 'text', text: 'b' },
			],
		}).text,
	).toBe('a\nb');
});

test('structured content is kept as JSON beside the text', () => {
	const rendered = renderToolResult({ content: [{ type: 'text', text: '{"t":1}' }], structuredContent: { t: 1 } });
	expect(rendered.structuredContent).toEqual({ t: 1 });
});

test('images and audio become numbered binary descriptors and leave a pointer in content', () => {
	const rendered = renderToolResult({
		content: [
			{ type: 'image', data: PNG, mimeType: 'image/png' },
			{ type: 'image', data: PNG, mimeType: 'image/jpeg' },
			{ type: 'audio', data: 'UklGRg==', mimeType: 'audio/wav' },
		],
	});
	expect(rendered.binaries).toEqual([
		{ property: 'image_0', data: PNG, mimeType: 'image/png', fileName: 'image_0.png' },
		{ property: 'image_1', data: PNG, mimeType: 'image/jpeg', fileName: 'image_1.jpg' },
		{ property: 'audio_0', data: 'UklGRg==', mimeType: 'audio/wav', fileName: 'audio_0.wav' },
	]);
	expect(rendered.content[0]).toEqual({ type: 'image', mimeType: 'image/png', binaryProperty: 'image_0' });
});

test('resource links are listed and kept in content', () => {
	const link = { type: 'resource_link', uri: 'file:///a.txt', name: 'a' };
	const rendered = renderToolResult({ content: [link] });
	expect(rendered.resourceLinks).toEqual([link]);
	expect(rendered.content).toEqual([link]);
});

test('an embedded text resource adds its text; a blob one becomes binary named after its URI', () => {
	const rendered = renderToolResult({
		content: [
			{ type: 'resource', resource: { uri: 'doc://readme', mimeType: 'text/plain', text: 'hello' } },
			{ type: 'resource', resource: { uri: 'file:///reports/q1.pdf', mimeType: 'application/pdf', blob: 'JVBERi0=' } },
		],
	});
	expect(rendered.text).toBe('hello');
	expect(rendered.resources[1]).toEqual({ uri: 'file:///reports/q1.pdf', mimeType: 'application/pdf', binaryProperty: 'resource_0' });
	expect(rendered.binaries[0]).toEqual({ property: 'resource_0', data: 'JVBERi0=', mimeType: 'application/pdf', fileName: 'q1.pdf' });
});

test('isError is reported', () => {
	expect(renderToolResult({ content: [{ type: 'text', text: 'bad' }], isError: true }).isError).toBe(true);
});

test('an old-protocol toolResult becomes text', () => {
	expect(renderToolResult({ toolResult: { ok: 1 } }).text).toBe('{"ok":1}');
});

test('a read resource joins text contents and lifts blobs out', () => {
	const rendered = renderResourceRead('demo://x', {
		contents: [
			{ uri: 'demo://x', mimeType: 'text/plain', text: 'one' },
			{ uri: 'demo://x/2', mimeType: 'image/png', blob: PNG },
		],
	});
	expect(rendered.text).toBe('one');
	expect(rendered.binaries).toEqual([{ property: 'resource_0', data: PNG, mimeType: 'image/png', fileName: '2.png' }]);
});
