// Customers type ids loosely ("order 10042", "#10042", "ord-10042"): accept every form that
// carries the number, and answer with the canonical one.

function canonical(prefix: string, input: string): string {
	const trimmed = input.trim();
	const digits = trimmed.match(/\d+/)?.[0];
	return digits ? `${prefix}-${digits}` : trimmed.toUpperCase();
}

export const canonicalOrderNumber = (input: string) => canonical('ORD', input);
export const canonicalTicketId = (input: string) => canonical('TCK', input);
export const canonicalQuoteId = (input: string) => canonical('QUO', input);
