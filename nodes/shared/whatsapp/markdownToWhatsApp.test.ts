import { markdownToWhatsApp } from './markdownToWhatsApp';

describe('markdownToWhatsApp', () => {
	it('turns **bold** and __bold__ into *bold*', () => {
		expect(markdownToWhatsApp('A **big** and __bold__ word')).toBe('A *big* and *bold* word');
	});

	it('turns *italic* and _italic_ into _italic_', () => {
		expect(markdownToWhatsApp('An *italic* and _slanted_ word')).toBe('An _italic_ and _slanted_ word');
	});

	it('turns ***both*** into bold italics', () => {
		expect(markdownToWhatsApp('***loud***')).toBe('*_loud_*');
	});

	it('turns ~~strike~~ into ~strike~', () => {
		expect(markdownToWhatsApp('~~old~~ new')).toBe('~old~ new');
	});

	it('makes headings bold lines', () => {
		expect(markdownToWhatsApp('# Order **status**\nShipped')).toBe('*Order status*\nShipped');
	});

	it('writes links as label and URL, and a bare link once', () => {
		expect(markdownToWhatsApp('See [tracking](https://example.com/t?id=1) or [https://x.org](https://x.org)')).toBe(
			'See tracking (https://example.com/t?id=1) or https://x.org',
		);
	});

	it('leaves underscores in URLs alone', () => {
		expect(markdownToWhatsApp('https://example.com/snake_case_path')).toBe('https://example.com/snake_case_path');
	});

	it('leaves inline code and code blocks exactly as written, without the language tag', () => {
		expect(markdownToWhatsApp('Run `npm **install**`')).toBe('Run `npm **install**`');
		expect(markdownToWhatsApp('```json\n{"a": "**x**"}\n```')).toBe('```{"a": "**x**"}```');
	});

	it('writes "*" and "+" bullets as "-" so they do not read as bold', () => {
		expect(markdownToWhatsApp('* one\n+ two\n- three')).toBe('- one\n- two\n- three');
	});

	it('keeps numbered lists and quotes, which WhatsApp shows as they are', () => {
		expect(markdownToWhatsApp('1. first\n2. second\n> quoted')).toBe('1. first\n2. second\n> quoted');
	});

	it('drops horizontal rules and table separator rows', () => {
		expect(markdownToWhatsApp('above\n\n---\n\n| a | b |\n|---|---|\n| 1 | 2 |')).toBe('above\n\na | b\n1 | 2');
	});

	it('does not take arithmetic or snake_case words for emphasis', () => {
		expect(markdownToWhatsApp('2*3*4 and snake_case_word')).toBe('2*3*4 and snake_case_word');
	});

	it('keeps escaped characters literal', () => {
		expect(markdownToWhatsApp('\\*not italic\\*')).toBe('*not italic*');
	});

	it('writes images as their description and URL', () => {
		expect(markdownToWhatsApp('![chart](https://img.example/c.png)')).toBe('chart: https://img.example/c.png');
	});
});
