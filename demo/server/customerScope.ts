// Data segregation. The MCP Client node tells the server which WhatsApp customer a request is
// for in the request's `_meta`; when it does, every tool answers for that customer only.

/** Where in a request's `_meta` the customer's WhatsApp id (wa_id) is read: `_meta.whatsapp.from`. */
export const WHATSAPP_CUSTOMER_META_PATH = ['whatsapp', 'from'] as const;

export interface CallerScope {
	/** The WhatsApp id the request is restricted to; undefined for an unrestricted (back-office) caller. */
	readonly waId?: string;
}

/** Digits only, as WhatsApp writes wa_id: "+1 (555) 123-0001" and "0015551230001" become "15551230001". */
export function normalizePhone(phone: string): string {
	return phone.replace(/\D/g, '').replace(/^00/, '');
}

export function scopeFromMeta(meta: unknown): CallerScope {
	let value: unknown = meta;
	for (const key of WHATSAPP_CUSTOMER_META_PATH) {
		value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
	}
	if (typeof value === 'number') value = String(value);
	if (typeof value !== 'string') return {};
	const waId = normalizePhone(value);
	return waId ? { waId } : {};
}

/** A scope under which nothing is visible: the request named two different customers. */
const NOBODY: CallerScope = { waId: '' };

/**
 * The scope of a lookup that may also name the customer in a `phone` argument, for clients that
 * cannot set `_meta`: `_meta` wins, and a `phone` naming someone else then sees nothing.
 */
export function narrowScope(scope: CallerScope, phone: string | undefined): CallerScope {
	if (phone === undefined) return scope;
	const waId = normalizePhone(phone);
	if (scope.waId === undefined) return { waId };
	return scope.waId === waId ? scope : NOBODY;
}

/** True when the caller may see a record owned by `ownerWaId`. */
export function canSee(scope: CallerScope, ownerWaId: string): boolean {
	return scope.waId === undefined || scope.waId === ownerWaId;
}
