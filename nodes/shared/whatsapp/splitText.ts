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

export function splitText(text: string, limit: number = TEXT_BODY_LIMIT): string[] {
	if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer, got ${limit}`);
	const chunks: string[] = [];
	let rest = text.trim();
	while (rest.length > limit) {
		const { end, next } = findCut(rest, limit);
		const chunk = rest.slice(0, end).trimEnd();
		if (chunk) chunks.push(chunk);
		rest = rest.slice(next).trimStart();
	}
	if (rest) chunks.push(rest);
	return chunks;
}

/** `end`: where the chunk stops; `next`: where the remainder starts (after the separator). */
function findCut(text: string, limit: number): { end: number; next: number } {
	const window = text.slice(0, limit + 1);
	for (const boundary of BOUNDARIES) {
		let best: { end: number; next: number } | undefined;
		boundary.lastIndex = 0;
		for (let match = boundary.exec(window); match; match = boundary.exec(window)) {
			// Sentence punctuation stays with its sentence; whitespace separators are dropped.
			const end = match.index + match[0].trimEnd().length;
			if (end > 0 && end <= limit) best = { end, next: match.index + match[0].length };
			if (match[0].length === 0) boundary.lastIndex++;
		}
		if (best && best.end >= limit * MIN_FILL) return best;
	}
	let end = limit;
	const code = text.charCodeAt(end - 1);
	if (code >= 0xd800 && code <= 0xdbff) end--; // keep a surrogate pair together
	return { end, next: end };
}
