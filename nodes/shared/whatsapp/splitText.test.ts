import { markdownToWhatsApp } from './markdownToWhatsApp';
import { MESSAGE_LIMITS } from './messages/limits';
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
		expect(splitText('One sentence here. Another sentence there. And a third.', 45)).toEqual(['One sentence here. Another sentence there.', 'And a third.']);
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

describe('splitText with keepFormattingWhole (Reply node 1.1)', () => {
	const keep = { keepFormattingWhole: true };
	/** Every part has as many opening as closing markers: no "*" shows as a stray asterisk. */
	const balanced = (part: string) => (part.match(/\*/g) ?? []).length % 2 === 0 && (part.match(/```/g) ?? []).length % 2 === 0;

	it('sends a ~10,000-character Markdown answer in parts of at most 4096 characters, cut between paragraphs', () => {
		const paragraph = (n: number) =>
			[
				`## Step ${n}: **check** the *settings*`,
				`Open the app and choose **Settings → Account ${n}**. Then *confirm* the change with your PIN; it takes a minute. ` +
					'If the screen stays empty, close the app, wait a few seconds and open it again. '.repeat(3),
				'* first, save your work\n* then restart the device\n* finally, try again',
			].join('\n\n');
		const answer = Array.from({ length: 22 }, (_, i) => paragraph(i + 1)).join('\n\n');
		expect(answer.length).toBeGreaterThan(9_500);
		const body = markdownToWhatsApp(answer, { singleAsteriskIsBold: true });
		const parts = splitText(body, MESSAGE_LIMITS.textBody, keep);
		expect(parts.length).toBeGreaterThanOrEqual(3);
		for (const part of parts) {
			expect(part.length).toBeLessThanOrEqual(4096);
			expect(balanced(part)).toBe(true);
		}
		// Joined again at paragraph breaks, the parts are the whole text: every cut was one.
		expect(parts.join('\n\n')).toBe(body);
		expect(splitText(body, MESSAGE_LIMITS.textBody)).toEqual(parts);
	});

	it('cuts before a bold span the limit would fall into', () => {
		const text = `${'plain words '.repeat(6)}then *a bold stretch that runs over the limit* and more`;
		const limit = text.indexOf('over') + 2;
		expect(splitText(text, limit)[0]).toMatch(/\*a bold stretch that runs$/); // version 1: inside the span
		const parts = splitText(text, limit, keep);
		expect(parts[0]).toBe(`${'plain words '.repeat(6)}then`);
		expect(parts.every(balanced)).toBe(true);
		expect(parts.join(' ')).toBe(text);
	});

	it('does not cut inside a code block, even at a blank line in it', () => {
		const block = '```line one\n\nline *two*\n\nline three```';
		const text = `Intro paragraph.\n\n${block}`;
		const limit = text.indexOf('line three') + 3;
		expect(splitText(text, limit, keep)).toEqual(['Intro paragraph.', block]);
	});

	it('cuts a span longer than a whole part after all', () => {
		const text = `*${'word '.repeat(20).trim()}*`;
		const parts = splitText(text, 40, keep);
		expect(parts.every((part) => part.length <= 40)).toBe(true);
		expect(parts.join(' ')).toBe(text);
	});

	it('ignores asterisks that are not formatting', () => {
		expect(splitText('Compute 2*3*4 now. Then stop here.', 20, keep)).toEqual(['Compute 2*3*4 now.', 'Then stop here.']);
	});
});
