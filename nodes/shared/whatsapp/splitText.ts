/**
 * Splits a long text into WhatsApp-sized messages (text bodies are limited to 4096 characters),
 * cutting at the most natural boundary available: paragraph, line, sentence, word — and only as a
 * last resort inside a word (never inside a surrogate pair, so emoji survive).
 */

export const TEXT_BODY_LIMIT = 4096;

// Boundaries from most to least natural; each regex matches the separator after which to cut.
const BOUNDARIES: RegExp[] = [/\n\s*\n/g, /\n/g, /[.!?…。！？][)"'”’\]]*\s+/g, /[;:,]\s+/g, /\s+/g];

/** A cut earlier than this fraction of the limit wastes too much of a message; try a finer boundary. */
const MIN_FILL = 0.5;

export interface SplitTextOptions {
	/**
	 * Never cut inside WhatsApp formatting (*bold*, _italic_, ~strike~, `code`, a ```block```): a
	 * part holding only one of its markers shows the marker instead of the formatting. The cut
	 * moves before the span; only a span longer than a whole part is cut.
	 */
	keepFormattingWhole?: boolean;
}

type Cut = { end: number; next: number };

export function splitText(text: string, limit: number = TEXT_BODY_LIMIT, options: SplitTextOptions = {}): string[] {
	if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer, got ${limit}`);
	const chunks: string[] = [];
	let rest = text.trim();
	while (rest.length > limit) {
		const { end, next } = findCut(rest, limit, options.keepFormattingWhole === true);
		const chunk = rest.slice(0, end).trimEnd();
		if (chunk) chunks.push(chunk);
		rest = rest.slice(next).trimStart();
	}
	if (rest) chunks.push(rest);
	return chunks;
}

/** `end`: where the chunk stops; `next`: where the remainder starts (after the separator). */
function findCut(text: string, limit: number, keepFormattingWhole: boolean): Cut {
	const window = text.slice(0, limit + 1);
	const cut = boundaryCut(window, limit, () => true, { acceptShort: false }) ?? hardCut(text, limit);
	if (!keepFormattingWhole) return cut;
	// Spans stay on their line: look to its end, for spans that close after the limit.
	const lineEnd = text.indexOf('\n', limit);
	const outsideFormatting = formattingGuard(text.slice(0, lineEnd === -1 ? text.length : lineEnd));
	if (outsideFormatting(cut.end)) return cut;
	// Even a short part beats a broken span; a span longer than a whole part is cut after all.
	return boundaryCut(window, limit, outsideFormatting, { acceptShort: true }) ?? cut;
}

function hardCut(text: string, limit: number): Cut {
	let end = limit;
	const code = text.charCodeAt(end - 1);
	if (code >= 0xd800 && code <= 0xdbff) end--; // keep a surrogate pair together
	return { end, next: end };
}

/** The latest allowed cut at the most natural boundary that fills at least MIN_FILL of the part. */
function boundaryCut(window: string, limit: number, allowed: (end: number) => boolean, { acceptShort }: { acceptShort: boolean }): Cut | undefined {
	let longest: Cut | undefined;
	for (const boundary of BOUNDARIES) {
		let best: Cut | undefined;
		boundary.lastIndex = 0;
		for (let match = boundary.exec(window); match; match = boundary.exec(window)) {
			// Sentence punctuation stays with its sentence; whitespace separators are dropped.
			const end = match.index + match[0].trimEnd().length;
			if (end > 0 && end <= limit && allowed(end)) best = { end, next: match.index + match[0].length };
			if (match[0].length === 0) boundary.lastIndex++;
		}
		if (best && best.end >= limit * MIN_FILL) return best;
		if (best && (!longest || best.end > longest.end)) longest = best;
	}
	return acceptShort ? longest : undefined;
}

// A WhatsApp span: a marker after no word character, text neither starting nor ending with a
// space, the same marker before no word character. A span found is skipped whole, so markers in
// inline code are not taken for spans of their own; a block is told by counting fences.
const FENCE = /```/g;
const SPAN = /(?<![\w*_~`])(`|[*_~])(?=\S)(?:[^\n]*?\S)??\1(?!\w)/g;

/** Whether a cut at a position of `text` leaves every formatting span whole. */
function formattingGuard(text: string): (end: number) => boolean {
	const fences = Array.from(text.matchAll(FENCE), (match) => match.index);
	const spans = Array.from(text.matchAll(SPAN), (match) => [match.index, match.index + match[0].length] as const);
	return (end) => {
		// An odd number of fences before the cut: it is inside a code block.
		if (fences.filter((start) => start + 3 <= end).length % 2 === 1) return false;
		return !spans.some(([start, stop]) => start < end && end < stop);
	};
}
