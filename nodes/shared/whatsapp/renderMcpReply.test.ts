import { formatStructured, McpToolErrorResult, mediaTypeFor, planMcpReply } from './renderMcpReply';

describe('planMcpReply', () => {
	it('sends the text of a text-only result', () => {
		expect(planMcpReply({ text: 'Your order shipped.', content: [{ type: 'text', text: 'Your order shipped.' }] })).toEqual([
			{ kind: 'text', body: 'Your order shipped.' },
		]);
	});

	it('joins text blocks when the item has no text field', () => {
		expect(
			planMcpReply({
				content: [
					{ type: 'text', text: 'One' },
					{ type: 'text', text: 'Two' },
				],
			}),
		).toEqual([{ kind: 'text', body: 'One\n\nTwo' }]);
	});

	it('writes structured content readably instead of its JSON text', () => {
		const structured = { orderId: 'A-17', status: 'shipped' };
		expect(planMcpReply({ text: JSON.stringify(structured), structuredContent: structured })).toEqual([
			{ kind: 'text', body: 'Order Id: A-17\nStatus: shipped' },
		]);
	});

	it('keeps a real text and does not repeat the structured content', () => {
		expect(planMcpReply({ text: 'Shipped today.', structuredContent: { status: 'shipped' } })).toEqual([{ kind: 'text', body: 'Shipped today.' }]);
	});

	it('offers up to three choices as reply buttons with the text as body', () => {
		const parts = planMcpReply({ text: 'Which size?', structuredContent: { options: [{ id: 's', title: 'Small' }, 'Medium', 'Large'] } });
		expect(parts).toEqual([{ kind: 'buttons', body: 'Which size?', choices: [{ id: 's', title: 'Small' }, { title: 'Medium' }, { title: 'Large' }] }]);
	});

	it('offers four to ten choices as a list', () => {
		const options = ['A', 'B', 'C', 'D'].map((name) => ({ name, description: `About ${name}` }));
		const [part] = planMcpReply({ text: 'Pick a product', structuredContent: { options } });
		expect(part).toMatchObject({ kind: 'list', body: 'Pick a product' });
	});

	it('lists choices as text when there are more than ten', () => {
		const options = Array.from({ length: 11 }, (_, i) => `Item ${i}`);
		const parts = planMcpReply({ text: 'All items', structuredContent: { options } });
		expect(parts).toHaveLength(1);
		expect(parts[0]).toMatchObject({ kind: 'text' });
		expect((parts[0] as { body: string }).body).toContain('- Item 10');
	});

	it('sends one image with the text as its caption', () => {
		const parts = planMcpReply(
			{
				text: 'Here is the chart',
				content: [
					{ type: 'text', text: 'Here is the chart' },
					{ type: 'image', mimeType: 'image/png', binaryProperty: 'image_0' },
				],
			},
			{ image_0: { mimeType: 'image/png', fileName: 'image_0.png' } },
		);
		expect(parts).toEqual([{ kind: 'media', mediaType: 'image', mimeType: 'image/png', caption: 'Here is the chart', source: { binaryProperty: 'image_0' } }]);
	});

	it('sends text first, then the images, when there are several', () => {
		const parts = planMcpReply({
			text: 'Two pictures',
			content: [
				{ type: 'image', mimeType: 'image/png', data: 'iVBORw0KGgo=' },
				{ type: 'image', mimeType: 'image/jpeg', data: '/9j/4AAQ' },
			],
		});
		expect(parts.map((p) => p.kind)).toEqual(['text', 'media', 'media']);
	});

	it('sends a web link to a PDF as a document by link', () => {
		const parts = planMcpReply({
			text: 'Your invoice',
			resourceLinks: [{ type: 'resource_link', uri: 'https://shop.example/inv.pdf', name: 'inv.pdf', mimeType: 'application/pdf' }],
		});
		expect(parts).toEqual([
			{
				kind: 'media',
				mediaType: 'document',
				mimeType: 'application/pdf',
				filename: 'inv.pdf',
				caption: 'Your invoice',
				source: { link: 'https://shop.example/inv.pdf' },
			},
		]);
	});

	it('appends other resource links to the text', () => {
		const parts = planMcpReply({
			text: 'See the docs',
			content: [{ type: 'resource_link', uri: 'file:///docs/readme.md', name: 'readme.md', mimeType: 'text/markdown' }],
		});
		expect(parts).toEqual([{ kind: 'text', body: 'See the docs\n\nreadme.md: file:///docs/readme.md' }]);
	});

	it('refuses a result the tool marked as an error, carrying its message', () => {
		expect(() => planMcpReply({ text: 'Order not found', isError: true })).toThrow(McpToolErrorResult);
		expect(() => planMcpReply({ text: 'Order not found', isError: true })).toThrow('Order not found');
	});

	it('formats the text before placing it, so a converted body is what goes into buttons', () => {
		const [part] = planMcpReply({ text: 'Pick a **size**', structuredContent: { options: ['S', 'M'] } }, {}, { formatText: (t) => t.replace(/\*\*/g, '*') });
		expect(part).toMatchObject({ kind: 'buttons', body: 'Pick a *size*' });
	});

	it('sends the fallback text instead of a tool error when one is given', () => {
		expect(planMcpReply({ text: 'stack trace…', isError: true }, {}, { toolErrorFallback: 'Sorry, try again.' })).toEqual([
			{ kind: 'text', body: 'Sorry, try again.' },
		]);
	});

	it('refuses a result with nothing to send', () => {
		expect(() => planMcpReply({ text: '', content: [] })).toThrow('nothing to send');
	});
});

describe('mediaTypeFor', () => {
	it.each([
		['image/png', 'image'],
		['image/jpeg', 'image'],
		['image/webp', 'sticker'],
		['image/gif', 'document'],
		['audio/ogg; codecs=opus', 'audio'],
		['audio/wav', 'document'],
		['video/mp4', 'video'],
		['application/pdf', 'document'],
	])('sends %s as %s', (mime, type) => expect(mediaTypeFor(mime)).toBe(type));
});

describe('formatStructured', () => {
	it('writes nested objects and arrays as indented lines', () => {
		expect(formatStructured({ items: [{ sku: 'A', qty: 2 }], total: 10 })).toBe('Items:\n  - Sku: A\n    Qty: 2\nTotal: 10');
	});
});

describe('an MCP Client failure item passed on by Continue', () => {
	const failureItem = {
		error: 'The tool "get_order_status" reported an error: Order ORD-99999 was not found.',
		details: { kind: 'toolError', result: { text: 'Order ORD-99999 was not found.', isError: true } },
	};

	it('is answered with the fallback text when the tool-error setting says so', () => {
		expect(planMcpReply(failureItem as never, {}, { toolErrorFallback: 'Sorry, try again.' })).toEqual([{ kind: 'text', body: 'Sorry, try again.' }]);
	});

	it("fails with the tool's own message otherwise", () => {
		expect(() => planMcpReply(failureItem as never)).toThrow('The MCP tool reported an error: Order ORD-99999 was not found.');
	});
});
