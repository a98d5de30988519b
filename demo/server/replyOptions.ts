// The ids of suggested replies carry what the next step needs ("quote:KIT-ESP-01"), so a
// stateless workflow can route a tapped button with a Switch on the prefix and act on the rest.

export const REPLY_ID = {
	product: (sku: string) => `product:${sku}`,
	quote: (sku: string) => `quote:${sku}`,
	order: (quoteId: string) => `order:${quoteId}`,
	cancelQuote: (quoteId: string) => `cancel:${quoteId}`,
	slots: (orderNumber: string) => `slots:${orderNumber}`,
	slot: (orderNumber: string | null, slotId: string) => (orderNumber ? `slot:${orderNumber}:${slotId}` : `slot:${slotId}`),
	track: (orderNumber: string) => `track:${orderNumber}`,
	human: 'human',
	newTicket: 'ticket:new',
	menu: 'menu',
	products: 'products',
} as const;

/** Cuts a title or description to a chat UI's limit, with an ellipsis. */
export function fitText(text: string, limit: number): string {
	return text.length <= limit ? text : `${text.slice(0, limit - 1).trimEnd()}…`;
}
