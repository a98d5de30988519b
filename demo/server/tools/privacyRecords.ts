// Privacy by design: a customer's marketing consent, and the erasure of everything the shop holds
// about them (GDPR art. 17 style), always for the customer of the conversation only.
import { randomUUID } from 'node:crypto';

import type { ShopDatabase } from '../shopDatabase';

export const MARKETING_PREFERENCES = ['stop', 'resume'] as const;
export type MarketingPreference = (typeof MARKETING_PREFERENCES)[number];

/** Where a stop or resume came from: WhatsApp's own setting (the user_preferences webhook), a typed keyword ("STOP"), or a menu/button. */
export const CONSENT_SOURCES = ['user_preferences', 'keyword', 'menu'] as const;
export type ConsentSource = (typeof CONSENT_SOURCES)[number];

/**
 * The marketing consent of a customer the shop holds no record for. WhatsApp's opt-in model: a
 * customer opts in to a business's messages when they give it their number, and opts out with
 * "Stop" (a keyword, a button, or WhatsApp's own setting). A shop under a stricter rule (e.g.
 * double opt-in) would make this 'stopped' and record an explicit 'resume' as the opt-in.
 */
export const DEFAULT_MARKETING_CONSENT = 'allowed' as const;

export type MarketingStatus = 'allowed' | 'stopped';

export interface MarketingConsent {
	marketing: MarketingStatus;
	/** When the customer made this choice; for the default, when they gave the shop their number (null if unknown). */
	since: string | null;
	/** How: a recorded choice's source; 'default' for no record; 'suppression_list' for an erased customer who had opted out. */
	source: ConsentSource | 'default' | 'suppression_list';
}

export function readMarketingConsent(shop: ShopDatabase, key: string): MarketingConsent {
	const latest = shop.get('SELECT * FROM marketing_consents WHERE wa_id = ? ORDER BY id DESC LIMIT 1', [key]);
	if (latest) {
		return {
			marketing: latest.preference === 'stop' ? 'stopped' : 'allowed',
			since: String(latest.recorded_at),
			source: String(latest.source) as ConsentSource,
		};
	}
	const suppressed = shop.get('SELECT opted_out_at FROM marketing_suppressions WHERE wa_id = ?', [key]);
	if (suppressed) return { marketing: 'stopped', since: String(suppressed.opted_out_at), source: 'suppression_list' };
	const customer = shop.get('SELECT created_at FROM customers WHERE wa_id = ?', [key]);
	return { marketing: DEFAULT_MARKETING_CONSENT, since: customer ? String(customer.created_at) : null, source: 'default' };
}

/**
 * Records a stop or resume. Asking again for what is already recorded changes nothing (the first
 * record, with its date and source, stands). A resume also lifts a suppression left by an erasure:
 * the customer has opted in again.
 */
export function recordMarketingPreference(
	shop: ShopDatabase,
	key: string,
	preference: MarketingPreference,
	source: ConsentSource,
): { consent: MarketingConsent; changed: boolean } {
	const wanted: MarketingStatus = preference === 'stop' ? 'stopped' : 'allowed';
	const hasRecord = shop.get('SELECT 1 AS found FROM marketing_consents WHERE wa_id = ? LIMIT 1', [key]) !== undefined;
	const current = readMarketingConsent(shop, key);
	if (hasRecord && current.marketing === wanted) return { consent: current, changed: false };
	shop.transaction(() => {
		shop.run('INSERT INTO marketing_consents (wa_id, preference, source, recorded_at) VALUES (?, ?, ?, ?)', [
			key,
			preference,
			source,
			shop.now().toISOString(),
		]);
		if (preference === 'resume') shop.run('DELETE FROM marketing_suppressions WHERE wa_id = ?', [key]);
	});
	return { consent: readMarketingConsent(shop, key), changed: current.marketing !== wanted };
}

export interface ErasureCounts {
	/** The customer profile (name, email, language, city, address, tier): 1 when it existed. */
	customerProfilesDeleted: number;
	/** Orders kept for the accounts (dates, totals, lines) but no longer linked to the customer. */
	ordersAnonymised: number;
	/** Tracking events of those orders (places, "signed by …"): deleted. */
	trackingEventsDeleted: number;
	deliverySlotsReleased: number;
	ticketsDeleted: number;
	ticketMessagesDeleted: number;
	quotesDeleted: number;
	handoversDeleted: number;
	consentRecordsDeleted: number;
}

export interface ErasureResult {
	erased: ErasureCounts;
	/** True when a "this key opted out" record is kept (see eraseCustomerData). */
	marketingSuppressionKept: boolean;
}

/** The customer row the anonymised orders point to: the schema wants every order to have one. */
const ERASED_CUSTOMER_NAME = 'Erased customer';

/**
 * Erases everything the shop holds about the customer `key`, in one transaction:
 * - profile (customers row): deleted;
 * - orders: kept, because accounting law requires invoices (dates, totals, lines) for years, but
 *   unlinked: their customer key becomes a random token (not derived from the number: a hash of a
 *   phone number is undone by trying every number) whose customer row holds no personal field;
 *   carrier, tracking number, delivery slot and quote link are cleared, tracking events deleted;
 * - delivery slot bookings: released (the slot's capacity is freed);
 * - tickets with their messages, quotes with their lines, handovers to a human: deleted;
 * - marketing consent records: deleted; if the customer had opted out, a suppression record (the
 *   key and the date, nothing else) is kept so that a later import of contacts, or a campaign from
 *   an old list, does not message them again: without it, erasure would turn a "stop" back into
 *   the default, and the customer would get the marketing they had refused.
 * Idempotent: a second call finds nothing and counts zeros.
 */
export function eraseCustomerData(shop: ShopDatabase, key: string): ErasureResult {
	return shop.transaction(() => {
		const now = shop.now().toISOString();
		const consent = readMarketingConsent(shop, key);
		const optedOut = consent.marketing === 'stopped' && consent.source !== 'suppression_list';
		const erased: ErasureCounts = {
			customerProfilesDeleted: 0,
			ordersAnonymised: 0,
			trackingEventsDeleted: 0,
			deliverySlotsReleased: 0,
			ticketsDeleted: 0,
			ticketMessagesDeleted: 0,
			quotesDeleted: 0,
			handoversDeleted: 0,
			consentRecordsDeleted: 0,
		};

		const orders = shop.all('SELECT order_number, delivery_slot_id FROM orders WHERE wa_id = ?', [key]);
		for (const order of orders) {
			if (order.delivery_slot_id === null) continue;
			shop.run('UPDATE delivery_slots SET booked = MAX(booked - 1, 0) WHERE slot_id = ?', [order.delivery_slot_id]);
			erased.deliverySlotsReleased++;
		}
		if (orders.length) {
			const token = `ERASED-${randomUUID().replace(/-/g, '')}`;
			shop.run("INSERT INTO customers (wa_id, name, language, is_guest, created_at) VALUES (?, ?, 'en', 1, ?)", [token, ERASED_CUSTOMER_NAME, now]);
			for (const order of orders) {
				erased.trackingEventsDeleted += shop.run('DELETE FROM tracking_events WHERE order_number = ?', [order.order_number]);
			}
			erased.ordersAnonymised = shop.run(
				`UPDATE orders SET wa_id = ?, carrier = NULL, tracking_number = NULL, delivery_slot_id = NULL, quote_id = NULL WHERE wa_id = ?`,
				[token, key],
			);
		}

		erased.ticketMessagesDeleted = shop.run('DELETE FROM ticket_comments WHERE ticket_id IN (SELECT ticket_id FROM tickets WHERE wa_id = ?)', [key]);
		erased.ticketsDeleted = shop.run('DELETE FROM tickets WHERE wa_id = ?', [key]);
		erased.handoversDeleted = shop.run('DELETE FROM handovers WHERE wa_id = ?', [key]);
		shop.run('DELETE FROM quote_lines WHERE quote_id IN (SELECT quote_id FROM quotes WHERE wa_id = ?)', [key]);
		erased.quotesDeleted = shop.run('DELETE FROM quotes WHERE wa_id = ?', [key]);
		erased.customerProfilesDeleted = shop.run('DELETE FROM customers WHERE wa_id = ?', [key]);
		erased.consentRecordsDeleted = shop.run('DELETE FROM marketing_consents WHERE wa_id = ?', [key]);
		if (optedOut) {
			shop.run('INSERT OR REPLACE INTO marketing_suppressions (wa_id, opted_out_at) VALUES (?, ?)', [key, consent.since ?? now]);
		}
		const marketingSuppressionKept = shop.get('SELECT 1 AS kept FROM marketing_suppressions WHERE wa_id = ?', [key]) !== undefined;
		return { erased, marketingSuppressionKept };
	});
}
