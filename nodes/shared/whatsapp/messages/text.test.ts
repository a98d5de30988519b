import { buildTextMessages } from './text';
import { MessageLimitError } from './limits';

const to = { to: '15550001111', replyToMessageId: 'wamid.IN' };

describe('buildTextMessages', () => {
	it('builds one text message quoting the customer', () => {
		expect(buildTextMessages(to, { body: 'Hello', previewUrl: true })).toEqual([
			{
				messaging_product: 'whatsapp',
				recipient_type: 'individual',
				to: '15550001111',
				type: 'text',
				context: { message_id: 'wamid.IN' },
				text: { preview_url: true, body: 'Hello' },
			},
		]);
	});

	it('splits a body over 4096 characters and quotes only in the first part', () => {
		const messages = buildTextMessages(to, { body: `${'a'.repeat(3000)}\n\n${'b'.repeat(3000)}` });
		expect(messages.map((m) => (m.text as { body: string }).body)).toEqual(['a'.repeat(3000), 'b'.repeat(3000)]);
		expect(messages[0].context).toEqual({ message_id: 'wamid.IN' });
		expect(messages[1].context).toBeUndefined();
	});

	it('refuses a long body when splitting is off', () => {
		expect(() => buildTextMessages(to, { body: 'a'.repeat(4097), split: false })).toThrow(MessageLimitError);
	});

	it('converts Markdown when asked', () => {
		expect((buildTextMessages(to, { body: '**Done**', markdown: true })[0].text as { body: string }).body).toBe('*Done*');
	});

	it('rejects an empty body', () => {
		expect(() => buildTextMessages(to, { body: '  ' })).toThrow('text.body is required');
	});

	it('passes the Markdown options on and, when asked, keeps formatting whole across parts', () => {
		const body = (messages: ReturnType<typeof buildTextMessages>) => messages.map((m) => (m.text as { body: string }).body);
		expect(body(buildTextMessages(to, { body: 'A *bold* word', markdown: true, markdownOptions: { singleAsteriskIsBold: true } }))).toEqual(['A *bold* word']);
		const long = `${'word '.repeat(810)}*${'bold '.repeat(20)}end*`;
		const parts = body(buildTextMessages(to, { body: long, keepFormattingWhole: true }));
		expect(parts).toHaveLength(2);
		expect(parts[1]).toMatch(/^\*bold .* end\*$/);
	});
});
