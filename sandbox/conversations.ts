import type { StatusError } from './graphError';
import type { WebhookState } from './webhooks/webhookDelivery';
import { businessScopedUserId } from './ids';

// What the sandbox remembers about customers and the messages exchanged with them.

export interface Customer {
	/** The customer's phone number as digits (wa_id). Webhooks leave it out while `phoneShared` is false. */
	waId: string;
	/** Business-scoped user id (BSUID), in every webhook about this customer. */
	userId: string;
	/** Parent BSUID; set only when the sandbox runs with `parentUserIds: true`. */
	parentUserId?: string;
	/** The customer's WhatsApp username (lower-case), if they have one. */
	username?: string;
	/**
	 * Whether webhooks may carry the phone (`wa_id`, `from`, `recipient_id`). Always true for a
	 * customer without a username; a username customer may withhold it (CLOUD-API-2026.md §1.3).
	 */
	phoneShared: boolean;
	/** BSUIDs this customer had before `customerChangesNumber` / `customerChangesUserId`. */
	previousUserIds: string[];
	name: string;
	/** Sandbox-clock ms of the customer's last inbound message (opens the 24-hour window). */
	lastInboundAt?: number;
	/** Real-time ms until which the business's typing indicator shows. */
	typingUntil?: number;
}

export type OutboundStatus = 'accepted' | 'sent' | 'delivered' | 'read' | 'failed';

interface EntryBase {
	id: string;
	waId: string;
	/** Unix seconds as a string, as Meta writes timestamps. */
	timestamp: string;
	type: string;
	/** Reactions on this message: the customer's and the business's emoji. */
	reactions: { customer?: string; business?: string };
}

/** A message the business sent through the API (`POST /messages`). */
export interface OutboundMessage extends EntryBase {
	direction: 'out';
	/** The request body as the API received it. */
	body: Record<string, unknown>;
	/** What decided the recipient: `to` (a phone) or `recipient` (a BSUID or parent BSUID). */
	addressedBy: 'phone' | 'userId';
	/** The Graph API version in the request path: v24.0 and later get statuses without `conversation`. */
	apiVersion: string;
	/** The BSUID the customer had when the message was sent (statuses carry it). */
	userId: string;
	parentUserId?: string;
	status: OutboundStatus;
	statusHistory: Array<{ status: OutboundStatus; timestamp: string }>;
	errors?: StatusError[];
	/** For templates: the text the customer sees, parameters filled in. */
	rendered?: unknown;
}

/** A message the simulated customer sent (delivered to the business as a webhook). */
export interface InboundMessage extends EntryBase {
	direction: 'in';
	/** The message object inside the webhook body. */
	message: Record<string, unknown>;
	webhookId: string;
	delivery: WebhookState;
	readByBusiness: boolean;
}

export type ChatEntry = OutboundMessage | InboundMessage;

export class Conversations {
	readonly customers = new Map<string, Customer>();
	readonly entries: ChatEntry[] = [];
	private readonly byId = new Map<string, ChatEntry>();

	/** The customer with this wa_id, created (with the BSUID `ids` gives) if the sandbox does not know them yet. */
	customer(waId: string, name?: string, ids?: () => { userId: string; parentUserId?: string }): Customer {
		let customer = this.customers.get(waId);
		if (!customer) {
			const { userId, parentUserId } = ids ? ids() : { userId: businessScopedUserId(waId), parentUserId: undefined };
			customer = {
				waId,
				userId,
				...(parentUserId ? { parentUserId } : {}),
				phoneShared: true,
				previousUserIds: [],
				name: name || `Customer ${waId.slice(-4)}`,
			};
			this.customers.set(waId, customer);
		} else if (name) customer.name = name;
		return customer;
	}

	/** The customer with this BSUID or parent BSUID (current ones only). */
	byUserId(userId: string): Customer | undefined {
		for (const customer of this.customers.values()) if (customer.userId === userId || customer.parentUserId === userId) return customer;
		return undefined;
	}

	byUsername(username: string): Customer | undefined {
		for (const customer of this.customers.values()) if (customer.username === username) return customer;
		return undefined;
	}

	/** The customer's number changed: their record and their chat history move to the new wa_id. */
	moveCustomer(customer: Customer, newWaId: string) {
		const oldWaId = customer.waId;
		if (oldWaId === newWaId) return;
		this.customers.delete(oldWaId);
		customer.waId = newWaId;
		this.customers.set(newWaId, customer);
		for (const entry of this.entries) if (entry.waId === oldWaId) entry.waId = newWaId;
	}

	add(entry: ChatEntry) {
		this.entries.push(entry);
		this.byId.set(entry.id, entry);
		return entry;
	}

	find(id: string) {
		return this.byId.get(id);
	}

	of(waId: string) {
		return this.entries.filter((e) => e.waId === waId);
	}

	outboundTo(waId: string) {
		return this.entries.filter((e): e is OutboundMessage => e.direction === 'out' && e.waId === waId);
	}

	clear() {
		this.customers.clear();
		this.entries.length = 0;
		this.byId.clear();
	}
}
