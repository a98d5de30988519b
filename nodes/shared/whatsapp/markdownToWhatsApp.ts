/**
 * Markdown as LLMs and MCP servers write it → WhatsApp's own formatting:
 * *bold*, _italic_, ~strike~, `code`, ```monospace```, "- " and "1. " lists, "> " quotes.
 * WhatsApp shows neither headings nor link syntax, so headings become bold lines and links
 * "text (url)". Code is left exactly as written.
 */

const PLACEHOLDER = '\u0000';
const BOLD = '\u0001';

export interface MarkdownToWhatsAppOptions {
	/**
	 * A single `*x*` stays bold, as WhatsApp reads it, instead of becoming Markdown's italics
	 * (`_x_`). Models asked to answer on WhatsApp often write WhatsApp's `*bold*` already.
	 */
	singleAsteriskIsBold?: boolean;
}

export function markdownToWhatsApp(markdown: string, options: MarkdownToWhatsAppOptions = {}): string {
	const protectedParts: string[] = [];
	const protect = (text: string) => `${PLACEHOLDER}${protectedParts.push(text) - 1}${PLACEHOLDER}`;

	let text = markdown.replace(/\r\n?/g, '\n');

	// Fenced code blocks: keep the code, drop the language tag (WhatsApp would print it).
	text = text.replace(/^([ \t]*)(```|~~~)[^\n]*\n([\s\S]*?)\n?[ \t]*\2[ \t]*$/gm, (_m, _indent, _fence, code: string) => protect('```' + code + '```'));
	// Inline code.
	text = text.replace(/`([^`\n]+)`/g, (_m, code: string) => protect('`' + code + '`'));
	// Escaped characters are literal.
	text = text.replace(/\\([\\`*_{}[\]()#+\-.!~>|])/g, (_m, char: string) => protect(char));

	text = text
		.split('\n')
		.map((line) => convertLine(line, options))
		.filter((line): line is string => line !== null)
		.join('\n');

	// Images and links.
	text = text.replace(/!\[([^\]]*)\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g, (_m, alt: string, url: string) => protect(alt ? `${alt}: ${url}` : url));
	text = text.replace(/\[([^\]]+)\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g, (_m, label: string, url: string) =>
		protect(sameLink(label, url) ? url : `${label} (${url})`),
	);
	text = text.replace(/<((?:https?|mailto):[^>\s]+)>/g, (_m, url: string) => protect(url));
	// Bare URLs are protected so that underscores in them are not read as italics.
	text = text.replace(/\bhttps?:\/\/[^\s)]+/g, (url) => protect(url));

	// Emphasis: bold first (to a marker), then italics, then the marker becomes WhatsApp's "*".
	text = text.replace(/\*\*\*(?=\S)([^\n]*?\S)\*\*\*/g, `${BOLD}_$1_${BOLD}`);
	text = text.replace(/\*\*(?=\S)([^\n]*?\S)\*\*/g, `${BOLD}$1${BOLD}`);
	text = text.replace(/(^|[^\w])__(?=\S)([^\n]*?\S)__(?!\w)/g, `$1${BOLD}$2${BOLD}`);
	text = text.replace(/(^|[^\w*])\*(?=[^\s*])([^\n*]*?[^\s*])\*(?![\w*])/g, options.singleAsteriskIsBold ? `$1${BOLD}$2${BOLD}` : '$1_$2_');
	text = text.replace(/~~(?=\S)([^\n]*?\S)~~/g, '~$1~');
	text = text.split(BOLD).join('*');

	// Put protected parts back (they may nest: a link label can hold inline code).
	for (let pass = 0; pass < 3 && text.includes(PLACEHOLDER); pass++) {
		text = text.replace(new RegExp(`${PLACEHOLDER}(\\d+)${PLACEHOLDER}`, 'g'), (_m, index: string) => protectedParts[Number(index)]);
	}
	return text.replace(/\n{3,}/g, '\n\n').trim();
}

/** The WhatsApp form of one Markdown line; null drops it. */
function convertLine(line: string, options: MarkdownToWhatsAppOptions): string | null {
	// ATX headings → a bold line.
	const heading = /^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
	if (heading) return heading[1] ? `${BOLD}${stripBold(heading[1], options)}${BOLD}` : '';
	// Horizontal rules.
	if (/^\s{0,3}([-*_])(\s*\1){2,}\s*$/.test(line)) return '';
	// Bullets "*" and "+" become "-" (a leading "*" would read as bold in WhatsApp).
	const bullet = /^(\s*)[*+-]\s+(\[[ xX]\]\s+)?(.*)$/.exec(line);
	if (bullet) {
		const checkbox = bullet[2] ? (/x/i.test(bullet[2]) ? '☑ ' : '☐ ') : '';
		return `${bullet[1]}- ${checkbox}${bullet[3]}`;
	}
	// Table separator rows vanish; table rows lose their outer pipes.
	if (/^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$/.test(line)) return null;
	const tableRow = /^\s*\|(.*)\|\s*$/.exec(line);
	if (tableRow)
		return tableRow[1]
			.split('|')
			.map((cell) => cell.trim())
			.join(' | ');
	return line;
}

/** Bold inside a bold heading would end it early, so it goes. */
function stripBold(text: string, options: MarkdownToWhatsAppOptions): string {
	const stripped = text.replace(/\*\*(.+?)\*\*/g, '$1').replace(/__(.+?)__/g, '$1');
	return options.singleAsteriskIsBold ? stripped.replace(/(^|[^\w*])\*(?=[^\s*])([^*]*?[^\s*])\*(?![\w*])/g, '$1$2') : stripped;
}

function sameLink(label: string, url: string): boolean {
	const bare = (value: string) => value.replace(/^(https?:\/\/|mailto:)/, '').replace(/\/$/, '');
	return bare(label) === bare(url);
}
