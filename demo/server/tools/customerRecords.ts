import { type CallerScope, normalizePhone } from '../customerScope';
import { ShopError } from '../shopErrors';
import type { Row, ShopDatabase } from '../shopDatabase';

const WHO_IS_ASKING = 'Which customer? Pass `phone` (their WhatsApp number), or send the request with _meta.whatsapp.from set to it.';

export function noSuchCustomer(waId: string): ShopError {
	return new ShopError(
		'not_found',
		`No customer account for WhatsApp number ${waId}.`,
		'Check the number; new customers get an account with their first quote.',
	);
}

/**
 * The WhatsApp id a request acts for: the one in `_meta` when present (a different `phone`
 * argument then reads as an unknown customer), else the `phone` argument.
 */
export function actingWaId(scope: CallerScope, phone: string | undefined): string {
	const asked = phone === undefined ? undefined : normalizePhone(phone);
	if (scope.waId !== undefined) {
		if (asked !== undefined && asked !== scope.waId) throw noSuchCustomer(asked);
		return scope.waId;
	}
	if (!asked) throw new ShopError('invalid_request', WHO_IS_ASKING);
	return asked;
}

export function requireCustomer(shop: ShopDatabase, waId: string): Row {
	const customer = shop.get('SELECT * FROM customers WHERE wa_id = ?', [waId]);
	if (!customer) throw noSuchCustomer(waId);
	return customer;
}

/** A first quote from an unknown number opens a guest account, as a web shop's guest checkout would. */
export function ensureCustomer(shop: ShopDatabase, waId: string): Row {
	const existing = shop.get('SELECT * FROM customers WHERE wa_id = ?', [waId]);
	if (existing) return existing;
	shop.run("INSERT INTO customers (wa_id, name, is_guest, created_at) VALUES (?, 'WhatsApp customer', 1, ?)", [waId, shop.now().toISOString()]);
	return requireCustomer(shop, waId);
}

/**
 * The customer a privacy tool acts for: only ever the one in `_meta` (the conversation's
 * customer), never one named in arguments, so that nobody can erase or change another person's
 * data by typing their number. A request without a (valid) customer in `_meta` is refused.
 */
export function requireCallerKey(scope: CallerScope, tool: string): string {
	if (scope.waId) return scope.waId;
	throw new ShopError(
		'invalid_request',
		`${tool} needs the customer's context: it acts only for the customer the request comes from, never for a number given as an argument.`,
		"Call it from the customer's conversation, with _meta.whatsapp.from (or _meta.whatsapp.userId) set: the MCP Client and MCP Tools nodes' option 'Context: Customer (From)'.",
	);
}
