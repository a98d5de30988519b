import { Conversations, Customer } from './conversations';
import { businessScopedUserId, digitsOnly, looksLikeBsuid, parentBusinessScopedUserId } from './ids';
import { normalizeUsername } from './recipients';
import type { WebhookContact } from './webhooks/webhookBodies';

// The sandbox's customers: creating them, finding them by wa_id / phone, BSUID or @username, and
// which of their identifiers webhooks may carry (CLOUD-API-2026.md §1).

/** A customer to create: a phone number, or a username (with the phone withheld unless phoneShared). */
export interface NewCustomer {
	/** International number; optional for a username customer (the sandbox then invents a hidden one). */
	phone?: string;
	/** Same as phone. */
	waId?: string;
	name?: string;
	/** WhatsApp username (3–35 of a-z 0-9 . _), shown in `contacts[].profile.username`. */
	username?: string;
	/**
	 * Whether webhooks carry the phone (`from`, `wa_id`, `recipient_id`). Default: false for a
	 * customer created with a username and no phone (withheld until shared, §1.3), true otherwise;
	 * only a customer with a username can withhold it.
	 */
	phoneShared?: boolean;
}

/** What callers get: a copy, so they cannot change the sandbox's record. */
export const copyCustomer = (customer: Customer) => ({ ...customer, previousUserIds: [...customer.previousUserIds] });

/** A customer's wa_id: the digits of an international number. */
export function customerWaId(phone: string): string {
	const waId = digitsOnly(String(phone ?? ''));
	if (!/^\d{7,15}$/.test(waId)) throw new Error(`"${phone}" is not a phone number: use 7 to 15 digits in international format, e.g. +49 151 12345678`);
	return waId;
}

/** `value.contacts[0]` of the customer's messages: the phone only while it may be shared (§1.4). */
export function contactOf(customer: Customer): WebhookContact {
	return {
		profile: { name: customer.name, ...(customer.username ? { username: customer.username } : {}) },
		...(customer.phoneShared ? { wa_id: customer.waId } : {}),
		user_id: customer.userId,
		...(customer.parentUserId ? { parent_user_id: customer.parentUserId } : {}),
	};
}

/** The sender fields of a customer's message: `from` only while the phone may be shared, `from_user_id` always. */
export function senderOf(customer: Customer) {
	return {
		...(customer.phoneShared ? { from: customer.waId } : {}),
		from_user_id: customer.userId,
		...(customer.parentUserId ? { from_parent_user_id: customer.parentUserId } : {}),
	};
}

export class CustomerDirectory {
	constructor(
		private readonly conversations: Conversations,
		/** The business is enrolled in parent BSUIDs: new customers get one too. */
		private readonly parentUserIds: boolean,
	) {}

	/** Create a customer, or update the name, username and phone sharing of a known one. */
	create(spec: NewCustomer): Customer {
		const username = spec.username !== undefined && spec.username !== '' ? normalizeUsername(spec.username) : undefined;
		if (spec.phoneShared === false && !username)
			throw new Error('Only a customer with a username can withhold the phone number (CLOUD-API-2026.md §1.3): give a username too');
		const phone = spec.phone ?? spec.waId;
		const known = username ? this.conversations.byUsername(username) : undefined;
		let customer: Customer;
		if (phone !== undefined && phone !== '') customer = this.byWaId(customerWaId(phone), spec.name);
		else if (known) customer = this.byWaId(known.waId, spec.name);
		else if (username) customer = this.byWaId(this.inventPhone(username), spec.name);
		else throw new Error('A customer needs a phone number (international format, e.g. +49 151 12345678) or a username');
		if (username) {
			const holder = this.conversations.byUsername(username);
			if (holder && holder !== customer) throw new Error(`The username "${username}" belongs to customer ${holder.userId} already`);
			const isNewUsername = customer.username !== username;
			customer.username = username;
			if (spec.phoneShared !== undefined) customer.phoneShared = spec.phoneShared;
			else if (isNewUsername && !known && (phone === undefined || phone === '')) customer.phoneShared = false;
		}
		return customer;
	}

	all(): Customer[] {
		return [...this.conversations.customers.values()];
	}

	/** The BSUIDs a new customer with this wa_id gets. */
	newIds(waId: string) {
		return { userId: businessScopedUserId(waId), parentUserId: this.parentUserIds ? parentBusinessScopedUserId(waId) : undefined };
	}

	/** The customer with this wa_id, created if the sandbox does not know them yet. */
	byWaId(waId: string, name?: string): Customer {
		return this.conversations.customer(waId, name, () => this.newIds(waId));
	}

	/** The customer with this wa_id / phone, BSUID, parent BSUID or `@username`, if known. */
	lookup(who: string): Customer | undefined {
		const text = String(who ?? '').trim();
		if (text.startsWith('@')) return this.conversations.byUsername(text.slice(1).toLowerCase());
		if (looksLikeBsuid(text)) return this.conversations.byUserId(text);
		return this.conversations.customers.get(digitsOnly(text));
	}

	require(who: string): Customer {
		const customer = this.lookup(who);
		if (!customer) throw new Error(`The sandbox has no customer "${who}" (address customers by wa_id, phone, BSUID or @username)`);
		return customer;
	}

	/** Who a customer action is done by: a BSUID or @username must be known; a phone number may be new. */
	actor(who: string, name?: string): Customer {
		const text = String(who ?? '').trim();
		if (text.startsWith('@') || looksLikeBsuid(text)) {
			const customer = this.require(text);
			if (name) customer.name = name;
			return customer;
		}
		return this.byWaId(customerWaId(text), name);
	}

	/** The wa_id the chat is kept under, for a wa_id / phone, a BSUID or parent BSUID, or `@username` ('' if unknown). */
	chatKey(who: string): string {
		const text = String(who ?? '').trim();
		if (text.startsWith('@') || looksLikeBsuid(text)) return this.lookup(text)?.waId ?? '';
		return digitsOnly(text);
	}

	/** The customer's BSUIDs changed (the old BSUID is remembered). */
	changeUserIds(customer: Customer, next: { userId: string; parentUserId?: string }) {
		customer.previousUserIds.push(customer.userId);
		customer.userId = next.userId;
		if (next.parentUserId) customer.parentUserId = next.parentUserId;
		else delete customer.parentUserId;
	}

	/** A hidden number for a username customer created without one: +1 555 and seven digits from the username. */
	private inventPhone(username: string): string {
		for (let attempt = 0; ; attempt++) {
			const digits = businessScopedUserId(`${username}:${attempt}`).slice(-7);
			const waId = `1555${digits}`;
			if (!this.conversations.customers.has(waId)) return waId;
		}
	}
}
