import type { StatusError } from './graphError';
import type { WebhookState } from './webhooks/webhookDelivery';

// What the sandbox remembers about customers and the messages exchanged with them.

export interface Customer {
	waId: string;
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

	customer(waId: string, name?: string): Customer {
		let customer = this.customers.get(waId);
		if (!customer) {
			customer = { waId, name: name || `Customer ${waId.slice(-4)}` };
			this.customers.set(waId, customer);
		} else if (name) customer.name = name;
		return customer;
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
