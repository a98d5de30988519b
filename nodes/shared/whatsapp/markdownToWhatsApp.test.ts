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

describe('markdownToWhatsApp with singleAsteriskIsBold (Reply node 1.1)', () => {
	const bold = (markdown: string) => markdownToWhatsApp(markdown, { singleAsteriskIsBold: true });

	it('keeps a single *x* bold, as WhatsApp reads it', () => {
		expect(bold('A *big* deal')).toBe('A *big* deal');
		expect(bold('*Total:* 12 €')).toBe('*Total:* 12 €');
	});

	it('still converts the rest of Markdown as version 1 does', () => {
		expect(bold('A **big** and __bold__ word')).toBe('A *big* and *bold* word');
		expect(bold('***loud***')).toBe('*_loud_*');
		expect(bold('An _italic_ word and ~~old~~')).toBe('An _italic_ word and ~old~');
		expect(bold('* one\n+ two\n- three')).toBe('- one\n- two\n- three');
		expect(bold('1. first\n2. second')).toBe('1. first\n2. second');
		expect(bold('See [tracking](https://example.com/t?id=1)')).toBe('See tracking (https://example.com/t?id=1)');
		expect(bold('Run `npm *install*`')).toBe('Run `npm *install*`');
		expect(bold('2*3*4 and snake_case_word')).toBe('2*3*4 and snake_case_word');
	});

	it('drops bold inside a heading, which is bold as a whole', () => {
		expect(bold('## Your *order* and **invoice**')).toBe('*Your order and invoice*');
		expect(markdownToWhatsApp('## Your *order*')).toBe('*Your _order_*');
	});

	it('turns a realistic model answer into WhatsApp formatting, in both versions', () => {
		const answer = [
			'## Your order #1042',
			'',
			'Good news: your order is **on its way** and should arrive *tomorrow*.',
			'',
			'* 2 × Espresso beans (1 kg)',
			'* 1 × Milk frother',
			'',
			'What to do next:',
			'1. Track the parcel [here](https://track.example.com/1042).',
			'2. Quote the code `SHIP-1042` if you call us.',
			'',
			'```',
			'total = 2 * 19.90 + 1 * 49.00',
			'```',
			'',
			'_Thanks for shopping with us!_',
		].join('\n');
		const body = (emphasis: string) =>
			[
				'*Your order #1042*',
				'',
				`Good news: your order is *on its way* and should arrive ${emphasis}.`,
				'',
				'- 2 × Espresso beans (1 kg)',
				'- 1 × Milk frother',
				'',
				'What to do next:',
				'1. Track the parcel here (https://track.example.com/1042).',
				'2. Quote the code `SHIP-1042` if you call us.',
				'',
				'```total = 2 * 19.90 + 1 * 49.00```',
				'',
				'_Thanks for shopping with us!_',
			].join('\n');
		expect(bold(answer)).toBe(body('*tomorrow*'));
		expect(markdownToWhatsApp(answer)).toBe(body('_tomorrow_'));
	});

	it('leaves asterisks inside a fenced block alone', () => {
		expect(bold('```python\nprint(f"*{name}*")\nx = a*b*c\n```')).toBe('```print(f"*{name}*")\nx = a*b*c```');
	});
});
