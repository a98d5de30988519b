import { splitText, TEXT_BODY_LIMIT } from './splitText';

describe('splitText', () => {
	it('keeps a text within the limit as one message', () => {
		expect(splitText('Hello there.')).toEqual(['Hello there.']);
	});

	it('uses 4096 characters as the default limit', () => {
		expect(splitText('a'.repeat(TEXT_BODY_LIMIT))).toHaveLength(1);
		expect(splitText('a'.repeat(TEXT_BODY_LIMIT + 1))).toHaveLength(2);
	});

	it('cuts between paragraphs when one fits', () => {
		const first = 'First paragraph. It has two sentences.';
		const second = 'Second paragraph here.';
		expect(splitText(`${first}\n\n${second}`, 45)).toEqual([first, second]);
	});

	it('cuts after a sentence when there is no paragraph break in reach', () => {
		expect(splitText('One sentence here. Another sentence there. And a third.', 45)).toEqual([
			'One sentence here. Another sentence there.',
			'And a third.',
		]);
	});

	it('cuts between words when a sentence is longer than the limit', () => {
		const parts = splitText('alpha beta gamma delta epsilon zeta eta theta', 20);
		expect(parts).toEqual(['alpha beta gamma', 'delta epsilon zeta', 'eta theta']);
	});

	it('cuts inside a word only when the word itself is too long', () => {
		expect(splitText('x'.repeat(25), 10)).toEqual(['x'.repeat(10), 'x'.repeat(10), 'x'.repeat(5)]);
	});

	it('never separates the two halves of an emoji', () => {
		const parts = splitText('a' + '😀'.repeat(5), 4);
		expect(parts.join('')).toBe('a' + '😀'.repeat(5));
		for (const part of parts) expect(part).not.toMatch(/[\uD800-\uDBFF]$|^[\uDC00-\uDFFF]/);
	});

	it('prefers a sentence end near the limit to a paragraph break far before it', () => {
		const text = `Short.\n\n${'Word '.repeat(4)}end. More words follow here.`;
		expect(splitText(text, 40)).toEqual([`Short.\n\n${'Word '.repeat(4)}end.`, 'More words follow here.']);
	});

	it('loses no content other than the whitespace at the cuts', () => {
		const text = Array.from({ length: 300 }, (_, i) => `Sentence number ${i} talks about item ${i}.${i % 7 === 0 ? '\n\n' : ' '}`).join('');
		const parts = splitText(text, 500);
		expect(parts.every((part) => part.length <= 500)).toBe(true);
		expect(parts.join(' ').replace(/\s+/g, ' ')).toBe(text.trim().replace(/\s+/g, ' '));
	});
});
