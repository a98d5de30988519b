import { isBusinessScopedUserId } from '../../nodes/shared/whatsapp/businessScopedUserId';

// Data segregation. The MCP Client node tells the server which WhatsApp customer a request is
// for in the request's `_meta`; when it does, every tool answers for that customer only.

/** Where in a request's `_meta` the customer's WhatsApp id (wa_id) is read: `_meta.whatsapp.from`. */
export const WHATSAPP_CUSTOMER_META_PATH = ['whatsapp', 'from'] as const;
/** …and their business-scoped user id (BSUID), the only key of a customer who hides the phone: `_meta.whatsapp.userId`. */
export const WHATSAPP_USER_ID_META_PATH = ['whatsapp', 'userId'] as const;

export interface CallerScope {
	/**
	 * The customer the request is restricted to (their wa_id, or their BSUID when the shop knows
	 * them by that only); undefined for an unrestricted (back-office) caller.
	 */
	readonly waId?: string;
}

/** A scope under which nothing is visible: the request named two different customers, or nobody valid. */
const NOBODY: CallerScope = { waId: '' };

/** Digits only, as WhatsApp writes wa_id: "+1 (555) 123-0001" and "0015551230001" become "15551230001". */
export function normalizePhone(phone: string): string {
	return phone.replace(/\D/g, '').replace(/^00/, '');
}

function readPath(meta: unknown, path: readonly string[]): string | undefined {
	let value: unknown = meta;
	for (const key of path) value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
	if (typeof value === 'number') value = String(value);
	return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

/**
 * The caller's scope from `_meta.whatsapp`: the phone when WhatsApp shared it, else the BSUID,
 * which `customerForUserId` turns into the customer the shop knows (a BSUID it has never seen
 * keys a new customer by itself). A malformed BSUID sees nothing.
 */
export function scopeFromMeta(meta: unknown, customerForUserId: (userId: string) => string | undefined = () => undefined): CallerScope {
	const phone = readPath(meta, WHATSAPP_CUSTOMER_META_PATH);
	if (phone !== undefined) {
		const waId = normalizePhone(phone);
		return waId ? { waId } : NOBODY;
	}
	const userId = readPath(meta, WHATSAPP_USER_ID_META_PATH);
	if (userId === undefined) return {};
	if (!isBusinessScopedUserId(userId)) return NOBODY;
	return { waId: customerForUserId(userId) ?? userId };
}

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
