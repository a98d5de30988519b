// Human-readable pieces for the text content of tool results (WhatsApp-friendly: short lines, *bold*).

const CURRENCY_FORMATS = new Map<string, Intl.NumberFormat>();

export function formatMoney(cents: number, currency: string): string {
	let format = CURRENCY_FORMATS.get(currency);
	if (!format) {
		format = new Intl.NumberFormat('en-US', { style: 'currency', currency });
		CURRENCY_FORMATS.set(currency, format);
	}
	return format.format(cents / 100);
}

export function toAmount(cents: number): number {
	return Math.round(cents) / 100;
}

export function formatDay(isoDate: string): string {
	return new Date(isoDate.length === 10 ? `${isoDate}T12:00:00Z` : isoDate).toLocaleDateString('en-US', {
		weekday: 'short',
		month: 'short',
		day: 'numeric',
		timeZone: 'UTC',
	});
}

export function formatDateTime(iso: string): string {
	return (
		new Date(iso).toLocaleString('en-US', {
			month: 'short',
			day: 'numeric',
			hour: '2-digit',
			minute: '2-digit',
			hour12: false,
			timeZone: 'UTC',
		}) + ' UTC'
	);
}

export const ORDER_STATUS_TEXT: Record<string, string> = {
	confirmed: 'Confirmed',
	processing: 'Being prepared',
	shipped: 'Shipped',
	in_transit: 'In transit',
	out_for_delivery: 'Out for delivery',
	delivered: 'Delivered',
	delayed: 'Delayed',
	cancelled: 'Cancelled',
	returned: 'Returned',
};

export function orderStatusText(status: string): string {
	return ORDER_STATUS_TEXT[status] ?? status;
}
