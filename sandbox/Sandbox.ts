import { EventEmitter } from 'node:events';
import type { AddressInfo } from 'node:net';
import http from 'node:http';
import { GraphError, graphErrors, StatusError, statusErrors } from './graphError';
import { ChatEntry, Conversations, Customer, InboundMessage, OutboundMessage, OutboundStatus } from './conversations';
import {
	bsuidKind,
	businessScopedUserId,
	digitsOnly,
	looksLikeBsuid,
	newConversationId,
	newMessageId,
	nextBusinessScopedUserId,
	parentBusinessScopedUserId,
} from './ids';
import { MediaStore, samplePng } from './media';
import { findOffered, listRowsOf, OfferedChoice, replyButtonsOf, templateQuickRepliesOf } from './offeredChoices';
import { SlidingWindowLimit } from './rateLimits';
import { businessRegion, normalizeUsername, resolvePhoneRecipient } from './recipients';
import { buildStatusUpdate, statusContact, StatusDetails } from './statusUpdates';
import { checkTemplateSend, findTemplate, MessageTemplate, needsPhoneRecipient, renderTemplate, seedTemplates, TemplateSend } from './templates';
import { markAsReadRules, validateOutboundMessage } from './validation/messageRules';
import { runRules } from './validation/fieldRules';
import { BusinessIdentity, inboundMessageBody, statusBody, WebhookContact } from './webhooks/webhookBodies';
import { DeliveryOutcome, WebhookDelivery, WebhookRecord } from './webhooks/webhookDelivery';
import { verifyCallback } from './webhooks/verifyCallback';
import { createSandboxServer } from './http/server';
import type { CloudApiCredential } from '../nodes/WhatsAppTrigger/cloudApiCredential';

export interface SandboxOptions {
	/** 0 (default) picks a free port. */
	port?: number;
	host?: string;
	accessToken?: string;
	appSecret?: string;
	verifyToken?: string;
	phoneNumberId?: string;
	wabaId?: string;
	appId?: string;
	/**
	 * The version the sandbox reports in its credentials (default v23.0); any v<major>.<minor> from
	 * oldestApiVersion on is served. The version in a request's path decides the status shape:
	 * v24.0 and later get statuses without `conversation` (CLOUD-API-2026.md §2).
	 */
	apiVersion?: string;
	/** Older versions get Meta's error 2635. Default v21.0: v20.0 and older are dead since 2026-09-24 (§3). */
	oldestApiVersion?: string;
	displayPhoneNumber?: string;
	verifiedName?: string;
	/** Subscribe this callback directly (after the verify handshake), skipping the subscriptions API. */
	callbackUrl?: string;
	/** Messages per second per phone number before error 130429. */
	throughputPerSecond?: number;
	/** Delay before each retry of an undelivered webhook; the last value repeats. */
	retryBackoffMs?: number[];
	/** 0 = retry forever. */
	maxDeliveryAttempts?: number;
	webhookTimeoutMs?: number;
	/** Delays after acceptance for the sent, delivered and read statuses. */
	statusDelaysMs?: [number, number, number];
	/** Post `read` statuses (the customer reads every message at once). */
	autoRead?: boolean;
	/** Seed templates; defaults to a few realistic approved ones. */
	templates?: MessageTemplate[];
	/**
	 * Whether the WABA is already subscribed to the app (`POST /{waba-id}/subscribed_apps`), as it
	 * is once WhatsApp is added to an app in Meta's dashboard. Default true; false makes the app
	 * subscription alone insufficient, as with a WABA that was never subscribed.
	 */
	wabaSubscribedToApp?: boolean;
	/** Per-recipient limit (error 131056); off unless set. Meta allows about one message per 6 s with short bursts. */
	pairRateLimit?: { messages: number; perMs: number };
	/** Numbers that are not on WhatsApp: sends are accepted, then fail with status error 131026. */
	numbersNotOnWhatsApp?: string[];
	/**
	 * The business portfolio is enrolled in parent BSUIDs (§1.1): customers get a parent BSUID
	 * (`CC.ENT.…`) and webhooks carry `parent_user_id`, `from_parent_user_id`,
	 * `recipient_parent_user_id`. Default false (the fields are absent, as for most businesses).
	 */
	parentUserIds?: boolean;
	/**
	 * The '+' rule without fallback. A `to` without '+' is always read as a number of the business
	 * phone number's country (Meta: "your business phone number's country calling code is
	 * prepended"). Default false: when that reading is not a possible number, the digits are read as
	 * international (a wa_id as webhooks carry it); true: such a `to` is an invalid-recipient error.
	 */
	strictPlusRule?: boolean;
}

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

/** The values of a `whatsAppCloudApi` credential that points at this sandbox. */
export type SandboxCredentials = CloudApiCredential;

export interface CustomerAction {
	messageId: string;
	webhookId: string;
	/** Resolves when the webhook was answered 200, or gave up (see DeliveryOutcome.state). */
	delivery: Promise<DeliveryOutcome>;
}

export interface FaultSpec {
	/** How many matching requests fail (default 1). */
	count?: number;
	/** HTTP status to answer with; omit to only delay. */
	status?: number;
	/** Graph error code in the body (default 1 for 5xx, 130429 for 429, 100 otherwise). */
	code?: number;
	message?: string;
	delayMs?: number;
	/** Only requests whose path contains this string. */
	path?: string;
}

export interface RequestRecord {
	id: number;
	at: string;
	method: string;
	path: string;
	query: Record<string, string>;
	/** Authorization is never recorded; this says which kind of token came. */
	auth: 'none' | 'system' | 'app' | 'invalid';
	body: unknown;
	status: number;
	response: unknown;
}

export type SandboxEvent = { type: 'conversation' | 'customers' | 'webhook' | 'request' | 'reset'; waId?: string };

interface ActiveFault extends Required<Pick<FaultSpec, 'count'>>, Omit<FaultSpec, 'count'> {}

const DAY_MS = 24 * 60 * 60 * 1000;

const copyCustomer = (customer: Customer) => ({ ...customer, previousUserIds: [...customer.previousUserIds] });

/** A customer's wa_id: the digits of an international number. */
function customerWaId(phone: string): string {
	const waId = digitsOnly(String(phone ?? ''));
	if (!/^\d{7,15}$/.test(waId)) throw new Error(`"${phone}" is not a phone number: use 7 to 15 digits in international format, e.g. +49 151 12345678`);
	return waId;
}

export class Sandbox {
	readonly credentials: SandboxCredentials;
	readonly apiVersion: string;
	readonly baseUrl: string;
	readonly pageUrl: string;
	readonly business: BusinessIdentity & { verifiedName: string; appId: string; formattedPhoneNumber: string };
	readonly events = new EventEmitter();
	readonly conversations = new Conversations();
	readonly media = new MediaStore();
	readonly templates: MessageTemplate[];
	readonly options: Required<Omit<SandboxOptions, 'callbackUrl' | 'templates' | 'wabaSubscribedToApp' | 'pairRateLimit'>> & Pick<SandboxOptions, 'pairRateLimit'>;
	/** The business phone number's country: the default region for a `to` without '+'. */
	readonly businessRegion: ReturnType<typeof businessRegion>;

	/** App subscription (`/{app-id}/subscriptions`) and whether the WABA subscribed the app. */
	subscription?: { callbackUrl: string; verifyToken: string; fields: string[] };
	wabaSubscribed = false;
	overrideCallbackUrl?: string;

	private readonly delivery: WebhookDelivery;
	private readonly requestLog: RequestRecord[] = [];
	private faults: ActiveFault[] = [];
	private clockOffsetMs = 0;
	private readonly throughput: SlidingWindowLimit;
	private readonly pairRate?: SlidingWindowLimit;
	private readonly timers = new Set<NodeJS.Timeout>();

	private constructor(
		private readonly server: http.Server,
		options: SandboxOptions,
		port: number,
	) {
		this.events.setMaxListeners(0);
		this.wabaSubscribed = options.wabaSubscribedToApp ?? true;
		const host = options.host ?? '127.0.0.1';
		this.options = {
			port,
			host,
			accessToken: options.accessToken ?? 'EAAGsandboxAccessToken0000000000000000',
			appSecret: options.appSecret ?? 'sandbox-app-secret-0123456789abcdef',
			verifyToken: options.verifyToken ?? 'sandbox-verify-token',
			phoneNumberId: options.phoneNumberId ?? '106540352242922',
			wabaId: options.wabaId ?? '102290129340398',
			appId: options.appId ?? '1234567890123456',
			apiVersion: options.apiVersion ?? 'v23.0',
			oldestApiVersion: options.oldestApiVersion ?? 'v21.0',
			displayPhoneNumber: digitsOnly(options.displayPhoneNumber ?? '15550100001'),
			verifiedName: options.verifiedName ?? 'Sandbox Coffee Co.',
			throughputPerSecond: options.throughputPerSecond ?? 80,
			retryBackoffMs: options.retryBackoffMs ?? [1000, 2000, 5000, 15000, 60000],
			maxDeliveryAttempts: options.maxDeliveryAttempts ?? 0,
			webhookTimeoutMs: options.webhookTimeoutMs ?? 10_000,
			statusDelaysMs: options.statusDelaysMs ?? [150, 400, 900],
			autoRead: options.autoRead ?? true,
			pairRateLimit: options.pairRateLimit,
			numbersNotOnWhatsApp: (options.numbersNotOnWhatsApp ?? []).map(digitsOnly),
			parentUserIds: options.parentUserIds ?? false,
			strictPlusRule: options.strictPlusRule ?? false,
		};
		this.businessRegion = businessRegion(this.options.displayPhoneNumber);
		const o = this.options;
		this.throughput = new SlidingWindowLimit(o.throughputPerSecond, 1000);
		if (o.pairRateLimit) this.pairRate = new SlidingWindowLimit(o.pairRateLimit.messages, o.pairRateLimit.perMs);
		const hostForUrl = host.includes(':') ? `[${host}]` : host;
		this.baseUrl = `http://${hostForUrl}:${port}`;
		this.pageUrl = `${this.baseUrl}/`;
		this.apiVersion = o.apiVersion;
		this.templates = options.templates ?? seedTemplates();
		const d = o.displayPhoneNumber;
		this.business = {
			wabaId: o.wabaId,
			phoneNumberId: o.phoneNumberId,
			displayPhoneNumber: d,
			verifiedName: o.verifiedName,
			appId: o.appId,
			formattedPhoneNumber: d.length === 11 && d.startsWith('1') ? `+1 ${d.slice(1, 4)}-${d.slice(4, 7)}-${d.slice(7)}` : `+${d}`,
		};
		this.credentials = {
			accessToken: o.accessToken,
			phoneNumberId: o.phoneNumberId,
			businessAccountId: o.wabaId,
			appId: o.appId,
			appSecret: o.appSecret,
			verifyToken: o.verifyToken,
			baseUrl: this.baseUrl,
			apiVersion: o.apiVersion,
		};
		this.delivery = new WebhookDelivery({
			callbackUrl: () => this.callbackUrl(),
			appSecret: o.appSecret,
			backoffMs: o.retryBackoffMs,
			timeoutMs: o.webhookTimeoutMs,
			maxAttempts: o.maxDeliveryAttempts,
			onChange: (record) => this.onWebhookChange(record),
		});
	}

	static async start(options: SandboxOptions = {}): Promise<Sandbox> {
		let sandbox: Sandbox | undefined;
		const server = createSandboxServer(() => sandbox!);
		const port = await new Promise<number>((resolve, reject) => {
			server.once('error', reject);
			server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
		});
		sandbox = new Sandbox(server, options, port);
		if (options.callbackUrl) {
			try {
				await sandbox.setCallback(options.callbackUrl, options.verifyToken ?? sandbox.options.verifyToken);
			} catch (error) {
				await sandbox.stop();
				throw error;
			}
		}
		return sandbox;
	}

	// ---- clock --------------------------------------------------------------------------------

	/** Sandbox time in ms: real time plus whatever advanceClock added. */
	now() {
		return Date.now() + this.clockOffsetMs;
	}

	advanceClock(ms: number) {
		this.clockOffsetMs += ms;
		this.emit({ type: 'customers' });
	}

	private unixSeconds() {
		return String(Math.floor(this.now() / 1000));
	}

	// ---- webhooks subscription ----------------------------------------------------------------

	/** Where webhooks go now: the WABA's override, else the app subscription (if the WABA subscribed the app). */
	callbackUrl(): string | undefined {
		if (this.overrideCallbackUrl) return this.overrideCallbackUrl;
		if (this.subscription && this.wabaSubscribed && this.subscription.fields.includes('messages')) return this.subscription.callbackUrl;
		return undefined;
	}

	/** Subscribe a callback as a developer would in the Meta app dashboard: GET verify handshake first. */
	async setCallback(url: string, verifyToken: string = this.options.verifyToken) {
		const failure = await verifyCallback(url, verifyToken, this.options.webhookTimeoutMs);
		if (failure) throw new Error(`Callback verification failed for ${url}: ${failure}`);
		this.subscription = { callbackUrl: url, verifyToken, fields: ['messages'] };
		this.wabaSubscribed = true;
		this.emit({ type: 'customers' });
		this.delivery.retryPendingNow();
	}

	clearCallback() {
		this.subscription = undefined;
		this.overrideCallbackUrl = undefined;
		this.emit({ type: 'customers' });
	}

	/** Called by the subscriptions API after a successful handshake. */
	subscriptionsChanged() {
		this.emit({ type: 'customers' });
		this.delivery.retryPendingNow();
	}

	retryWebhooksNow() {
		this.delivery.retryPendingNow();
	}

	pendingWebhookCount() {
		return this.delivery.pendingCount();
	}

	private onWebhookChange(record: WebhookRecord) {
		if (record.kind === 'message' && record.messageId) {
			const entry = this.conversations.find(record.messageId);
			if (entry?.direction === 'in') entry.delivery = record.state;
		}
		this.emit({ type: 'webhook', waId: record.waId });
	}

	// ---- customers ----------------------------------------------------------------------------

	/**
	 * Create a customer (or update the name, username and phone sharing of a known one):
	 * `createCustomer('+49 151 12345678', 'Ana')`, or `createCustomer({ username: 'ana.g', name: 'Ana' })`
	 * for a username customer whose phone is withheld (§1.3). Returns a copy with `waId`, `userId`
	 * (the BSUID), `username`, `phoneShared`.
	 */
	createCustomer(phoneOrCustomer: string | NewCustomer, name?: string) {
		const spec: NewCustomer = typeof phoneOrCustomer === 'string' ? { phone: phoneOrCustomer, name } : { ...phoneOrCustomer, name: phoneOrCustomer.name ?? name };
		const username = spec.username !== undefined && spec.username !== '' ? normalizeUsername(spec.username) : undefined;
		if (spec.phoneShared === false && !username)
			throw new Error('Only a customer with a username can withhold the phone number (CLOUD-API-2026.md §1.3): give a username too');
		const phone = spec.phone ?? spec.waId;
		const known = username ? this.conversations.byUsername(username) : undefined;
		let customer: Customer;
		if (phone !== undefined && phone !== '') customer = this.customerByWaId(customerWaId(phone), spec.name);
		else if (known) customer = this.customerByWaId(known.waId, spec.name);
		else if (username) customer = this.customerByWaId(this.inventPhone(username), spec.name);
		else throw new Error('A customer needs a phone number (international format, e.g. +49 151 12345678) or a username');
		if (username) {
			const holder = this.conversations.byUsername(username);
			if (holder && holder !== customer) throw new Error(`The username "${username}" belongs to customer ${holder.userId} already`);
			const isNewUsername = customer.username !== username;
			customer.username = username;
			if (spec.phoneShared !== undefined) customer.phoneShared = spec.phoneShared;
			else if (isNewUsername && !known && (phone === undefined || phone === '')) customer.phoneShared = false;
		}
		this.emit({ type: 'customers' });
		return copyCustomer(customer);
	}

	customers() {
		return [...this.conversations.customers.values()].map(copyCustomer);
	}

	/** The customer with this wa_id / phone, BSUID, parent BSUID or `@username`, if the sandbox knows them. */
	findCustomer(who: string) {
		const customer = this.lookupCustomer(who);
		return customer && copyCustomer(customer);
	}

	/**
	 * From now on webhooks about this username customer carry their phone (`from`, `wa_id`,
	 * `recipient_id`), as after the customer shared it or the business messaged that number (§1.3).
	 */
	customerSharesPhone(who: string) {
		const customer = this.requireCustomer(who);
		customer.phoneShared = true;
		this.emit({ type: 'customers' });
		return copyCustomer(customer);
	}

	private newCustomerIds(waId: string) {
		return { userId: businessScopedUserId(waId), parentUserId: this.options.parentUserIds ? parentBusinessScopedUserId(waId) : undefined };
	}

	private customerByWaId(waId: string, name?: string): Customer {
		return this.conversations.customer(waId, name, () => this.newCustomerIds(waId));
	}

	/** A hidden number for a username customer created without one: +1 555 and seven digits from the username. */
	private inventPhone(username: string): string {
		for (let attempt = 0; ; attempt++) {
			const digits = businessScopedUserId(`${username}:${attempt}`).slice(-7);
			const waId = `1555${digits}`;
			if (!this.conversations.customers.has(waId)) return waId;
		}
	}

	private lookupCustomer(who: string): Customer | undefined {
		const text = String(who ?? '').trim();
		if (text.startsWith('@')) return this.conversations.byUsername(text.slice(1).toLowerCase());
		if (looksLikeBsuid(text)) return this.conversations.byUserId(text);
		return this.conversations.customers.get(digitsOnly(text));
	}

	private requireCustomer(who: string): Customer {
		const customer = this.lookupCustomer(who);
		if (!customer) throw new Error(`The sandbox has no customer "${who}" (address customers by wa_id, phone, BSUID or @username)`);
		return customer;
	}

	/** Who a customer action is done by: a BSUID or @username must be known; a phone number may be new. */
	private actor(who: string, name?: string): Customer {
		const text = String(who ?? '').trim();
		if (text.startsWith('@') || looksLikeBsuid(text)) {
			const customer = this.requireCustomer(text);
			if (name) customer.name = name;
			return customer;
		}
		return this.customerByWaId(customerWaId(text), name);
	}

	/** `value.contacts[0]` of the customer's messages: the phone only while it may be shared (§1.4). */
	private contactOf(customer: Customer): WebhookContact {
		return {
			profile: { name: customer.name, ...(customer.username ? { username: customer.username } : {}) },
			...(customer.phoneShared ? { wa_id: customer.waId } : {}),
			user_id: customer.userId,
			...(customer.parentUserId ? { parent_user_id: customer.parentUserId } : {}),
		};
	}

	/** The sender fields of a customer's message: `from` only while the phone may be shared, `from_user_id` always. */
	private senderOf(customer: Customer) {
		return {
			...(customer.phoneShared ? { from: customer.waId } : {}),
			from_user_id: customer.userId,
			...(customer.parentUserId ? { from_parent_user_id: customer.parentUserId } : {}),
		};
	}

	private inbound(from: string, content: Record<string, unknown>, opts: { name?: string; context?: { id: string } } = {}): CustomerAction {
		const customer = this.actor(from, opts.name);
		customer.lastInboundAt = this.now();
		const message = {
			...(opts.context ? { context: { from: this.business.displayPhoneNumber, id: opts.context.id } } : {}),
			...this.senderOf(customer),
			id: newMessageId(),
			timestamp: this.unixSeconds(),
			...content,
		} as unknown as Record<string, unknown> & { id: string; timestamp: string; type: string };
		if (message.type === 'reaction') {
			const reaction = message.reaction as { message_id: string; emoji?: string };
			const target = this.conversations.find(reaction.message_id);
			if (target) target.reactions.customer = reaction.emoji || undefined;
		}
		return this.deliverInbound(customer, message, this.contactOf(customer));
	}

	/** Record a customer's message in the chat and post its webhook (`system` messages carry no contacts[]). */
	private deliverInbound(customer: Customer, message: Record<string, unknown> & { id: string; timestamp: string; type: string }, contact: WebhookContact | undefined): CustomerAction {
		const { waId } = customer;
		const entry: InboundMessage = {
			direction: 'in',
			id: message.id,
			waId,
			timestamp: message.timestamp,
			type: message.type,
			message,
			webhookId: '',
			delivery: 'pending',
			readByBusiness: false,
			reactions: {},
		};
		this.conversations.add(entry);
		const body = inboundMessageBody(this.business, contact, message as never);
		const { record, outcome } = this.delivery.enqueue('message', body, { messageId: message.id, waId });
		entry.webhookId = record.id;
		this.emit({ type: 'conversation', waId });
		return { messageId: message.id, webhookId: record.id, delivery: outcome };
	}

	/**
	 * The customer moved to a new phone number: a `system` message `user_changed_number` with
	 * `system.wa_id` (the new number), `user_id` (the new BSUID, `businessScopedUserId(newPhone)`),
	 * `previous_user_id` and `body` (§1.6), sent from the old identity. For a customer whose phone is
	 * withheld no phone may be shared: that is `customerChangesUserId` with the new number.
	 */
	customerChangesNumber(who: string, newPhone: string): CustomerAction {
		const customer = this.requireCustomer(who);
		const newWaId = customerWaId(newPhone);
		if (newWaId === customer.waId) throw new Error(`Customer ${who} already has the number +${newWaId}`);
		if (this.conversations.customers.has(newWaId)) throw new Error(`+${newWaId} is another customer's number already`);
		if (!customer.phoneShared) return this.customerChangesUserId(who, { newPhone: newWaId });
		const sender = this.senderOf(customer);
		const previous = { userId: customer.userId, parentUserId: customer.parentUserId, waId: customer.waId };
		const next = this.newCustomerIds(newWaId);
		const message = {
			...sender,
			id: newMessageId(),
			timestamp: this.unixSeconds(),
			type: 'system',
			system: {
				body: `User ${customer.name} changed from ${previous.waId} to ${newWaId}`,
				wa_id: newWaId,
				type: 'user_changed_number',
				user_id: next.userId,
				...(next.parentUserId ? { parent_user_id: next.parentUserId } : {}),
				previous_user_id: previous.userId,
				...(previous.parentUserId ? { previous_parent_user_id: previous.parentUserId } : {}),
			},
		};
		this.conversations.moveCustomer(customer, newWaId);
		this.changeUserIds(customer, next);
		this.emit({ type: 'customers' });
		return this.deliverInbound(customer, message, undefined);
	}

	/**
	 * Only the customer's BSUID changed (a customer with a withheld phone changed number, so no
	 * phone can be shared): a `system` message `user_changed_user_id` with `system.user_id`,
	 * `previous_user_id` and `body`, and no phone anywhere (§1.6). `newUserId` defaults to a fresh
	 * BSUID of the same country; `newPhone` moves the customer's (hidden) number too.
	 */
	customerChangesUserId(who: string, opts: { newUserId?: string; newPhone?: string } = {}): CustomerAction {
		const customer = this.requireCustomer(who);
		const generation = customer.previousUserIds.length + 1;
		if (opts.newUserId !== undefined && bsuidKind(opts.newUserId) !== 'user')
			throw new Error(`"${opts.newUserId}" is not a business-scoped user ID (country code, '.', letters and digits)`);
		if (opts.newUserId !== undefined && this.conversations.byUserId(opts.newUserId)) throw new Error(`"${opts.newUserId}" is another customer's BSUID already`);
		const newWaId = opts.newPhone !== undefined ? customerWaId(opts.newPhone) : undefined;
		if (newWaId !== undefined && newWaId !== customer.waId && this.conversations.customers.has(newWaId)) throw new Error(`+${newWaId} is another customer's number already`);
		const previous = { userId: customer.userId, parentUserId: customer.parentUserId };
		const next = {
			userId: opts.newUserId ?? nextBusinessScopedUserId(previous.userId, generation),
			parentUserId: previous.parentUserId ? nextBusinessScopedUserId(previous.parentUserId, generation, true) : undefined,
		};
		const message = {
			from_user_id: previous.userId,
			...(previous.parentUserId ? { from_parent_user_id: previous.parentUserId } : {}),
			id: newMessageId(),
			timestamp: this.unixSeconds(),
			type: 'system',
			system: {
				body: `User ${customer.name} changed from ${previous.userId} to ${next.userId}`,
				type: 'user_changed_user_id',
				user_id: next.userId,
				...(next.parentUserId ? { parent_user_id: next.parentUserId } : {}),
				previous_user_id: previous.userId,
				...(previous.parentUserId ? { previous_parent_user_id: previous.parentUserId } : {}),
			},
		};
		if (newWaId !== undefined) this.conversations.moveCustomer(customer, newWaId);
		this.changeUserIds(customer, next);
		this.emit({ type: 'customers' });
		return this.deliverInbound(customer, message, undefined);
	}

	private changeUserIds(customer: Customer, next: { userId: string; parentUserId?: string }) {
		customer.previousUserIds.push(customer.userId);
		customer.userId = next.userId;
		if (next.parentUserId) customer.parentUserId = next.parentUserId;
		else delete customer.parentUserId;
	}

	customerSendsText(from: string, text: string, opts: { name?: string; contextMessageId?: string } = {}) {
		if (typeof text !== 'string' || text.trim() === '') throw new Error('A customer cannot send an empty text message');
		return this.inbound(from, { type: 'text', text: { body: text } }, { name: opts.name, context: opts.contextMessageId ? { id: opts.contextMessageId } : undefined });
	}

	/** Taps a reply button (by id or title) of the latest interactive message that has it, or of `messageId`. */
	customerTapsButton(from: string, buttonIdOrTitle: string, opts: { messageId?: string; name?: string } = {}) {
		const { message, choice } = this.offered(from, replyButtonsOf, 'reply button', buttonIdOrTitle, opts.messageId);
		return this.inbound(from, { type: 'interactive', interactive: { type: 'button_reply', button_reply: { id: choice.id, title: choice.title } } }, { name: opts.name, context: { id: message.id } });
	}

	customerPicksListRow(from: string, rowIdOrTitle: string, opts: { messageId?: string; name?: string } = {}) {
		const { message, choice } = this.offered(from, listRowsOf, 'list row', rowIdOrTitle, opts.messageId);
		const listReply = { id: choice.id, title: choice.title, ...(choice.description ? { description: choice.description } : {}) };
		return this.inbound(from, { type: 'interactive', interactive: { type: 'list_reply', list_reply: listReply } }, { name: opts.name, context: { id: message.id } });
	}

	/** Taps a quick-reply button of a template: Meta sends type `button` (not `interactive`). */
	customerTapsTemplateButton(from: string, buttonText: string, opts: { messageId?: string; name?: string } = {}) {
		const { message, choice } = this.offered(from, templateQuickRepliesOf, 'template quick-reply button', buttonText, opts.messageId);
		return this.inbound(from, { type: 'button', button: { payload: choice.id, text: choice.title } }, { name: opts.name, context: { id: message.id } });
	}

	customerReacts(from: string, messageId: string, emoji: string, opts: { name?: string } = {}) {
		return this.inbound(from, { type: 'reaction', reaction: emoji ? { message_id: messageId, emoji } : { message_id: messageId } }, opts);
	}

	customerSharesLocation(from: string, location: { latitude: number; longitude: number; name?: string; address?: string }, opts: { name?: string } = {}) {
		const { latitude, longitude } = location;
		if (!Number.isFinite(latitude) || Math.abs(latitude) > 90 || !Number.isFinite(longitude) || Math.abs(longitude) > 180)
			throw new Error(`A location needs a latitude between -90 and 90 and a longitude between -180 and 180; got ${latitude}, ${longitude}`);
		return this.inbound(from, { type: 'location', location }, opts);
	}

	customerSendsImage(from: string, image: { caption?: string; mimeType?: string; data?: Buffer } = {}, opts: { name?: string } = {}) {
		const mimeType = image.mimeType ?? 'image/png';
		const stored = this.media.add(image.data ?? samplePng(), mimeType, 'customer');
		return this.inbound(
			from,
			{
				type: 'image',
				image: {
					...(image.caption ? { caption: image.caption } : {}),
					mime_type: mimeType,
					sha256: Buffer.from(stored.sha256, 'hex').toString('base64'),
					id: stored.id,
				},
			},
			opts,
		);
	}

	/** Sign and deliver a crafted webhook body as is (for payloads the customer actions do not produce). */
	deliverWebhook(body: unknown) {
		const { record, outcome } = this.delivery.enqueue('raw', body);
		return { webhookId: record.id, delivery: outcome };
	}

	private offered(from: string, choicesOf: (m: OutboundMessage) => OfferedChoice[], what: string, idOrTitle: string, messageId?: string) {
		const waId = this.lookupCustomer(from)?.waId ?? digitsOnly(from);
		const found = findOffered(this.conversations.outboundTo(waId), choicesOf, idOrTitle, messageId);
		if (!found) throw new Error(`Customer ${from} has no ${what} "${idOrTitle}"${messageId ? ` in message ${messageId}` : ''} to tap`);
		return found;
	}

	// ---- the API's side ----------------------------------------------------------------------

	/**
	 * `POST /{phone-number-id}/messages` after authentication: a send or a mark-as-read. `version` is
	 * the Graph API version of the request path (it decides the shape of the statuses).
	 */
	handleMessagesPost(body: unknown, version: string = this.apiVersion): unknown {
		if (body && typeof body === 'object' && 'status' in body) return this.markAsRead(body as Record<string, unknown>);
		this.checkThroughput();
		const invalid = validateOutboundMessage(body);
		if (invalid) throw invalid;
		const send = body as Record<string, unknown> & { to?: string; recipient?: string; type?: string };
		const type = send.type ?? 'text';
		const { customer, addressedBy, input } = this.recipientOf(send);
		let rendered: unknown;
		if (type === 'template') {
			const template = findTemplate(this.templates, send.template as TemplateSend);
			if (addressedBy === 'userId' && template && needsPhoneRecipient(template))
				throw graphErrors.bsuidRecipientNotSupported(
					`Template ${template.name} is a one-tap, zero-tap or copy-code authentication template: send it to the phone number (to), not to a business-scoped user ID (recipient).`,
				);
			const checked = checkTemplateSend(this.templates, send.template as TemplateSend);
			if ('error' in checked) throw checked.error;
			rendered = renderTemplate(checked.template, send.template as TemplateSend);
		}
		const mediaId = (send[type] as { id?: string } | undefined)?.id;
		if (['image', 'video', 'audio', 'document', 'sticker'].includes(type) && mediaId && !this.media.get(mediaId))
			throw graphErrors.invalidParameter(`Param ${type}['id'] is not a valid whatsapp business account media attachment ID`);
		const { waId } = customer;
		this.checkPairRate(waId);
		// Messaging the phone lets later webhooks about this customer carry it (§1.3).
		if (addressedBy === 'phone') customer.phoneShared = true;
		const sentAtMs = this.now();
		const entry: OutboundMessage = {
			direction: 'out',
			id: newMessageId(),
			waId,
			timestamp: this.unixSeconds(),
			type,
			body: send,
			addressedBy,
			apiVersion: version,
			userId: customer.userId,
			...(customer.parentUserId ? { parentUserId: customer.parentUserId } : {}),
			status: 'accepted',
			statusHistory: [{ status: 'accepted', timestamp: this.unixSeconds() }],
			reactions: {},
			rendered,
		};
		this.conversations.add(entry);
		customer.typingUntil = undefined;
		if (type === 'reaction') {
			const reaction = send.reaction as { message_id: string; emoji?: string };
			const target = this.conversations.find(reaction.message_id);
			if (target) target.reactions.business = reaction.emoji || undefined;
		}
		const insideWindow = customer.lastInboundAt !== undefined && sentAtMs - customer.lastInboundAt < DAY_MS;
		const deliveryFailure = this.options.numbersNotOnWhatsApp.includes(waId)
			? statusErrors.undeliverable()
			: type === 'template' || insideWindow
				? undefined
				: statusErrors.reEngagement();
		const details: StatusDetails = {
			category: type === 'template' ? this.templateCategory(entry) : 'service',
			insideWindow,
			sentAtMs,
			conversation: { id: newConversationId(), expiresAt: sentAtMs + DAY_MS },
			parentUserIds: this.options.parentUserIds,
		};
		this.scheduleStatuses(entry, details, deliveryFailure);
		this.emit({ type: 'conversation', waId });
		const contact =
			addressedBy === 'phone'
				? { input, wa_id: waId }
				: { input, user_id: customer.userId, ...(bsuidKind(input) === 'parent' ? { parent_user_id: input } : {}) };
		return {
			messaging_product: 'whatsapp',
			contacts: [contact],
			messages: [{ id: entry.id, message_status: 'accepted' }],
		};
	}

	/**
	 * Who a send goes to (§1.8): `to` when given (it wins over `recipient`), read by the '+' rule,
	 * reaching whoever that number is (a customer the sandbox did not know yet appears on the page);
	 * else the customer with the BSUID or parent BSUID in `recipient`.
	 */
	private recipientOf(send: { to?: unknown; recipient?: unknown }): { customer: Customer; addressedBy: 'phone' | 'userId'; input: string } {
		if (typeof send.to === 'string' && send.to.trim() !== '') {
			const resolved = resolvePhoneRecipient(send.to, this.businessRegion, this.options.strictPlusRule);
			if ('problem' in resolved) throw graphErrors.invalidParameterValue(`Param to is not a valid WhatsApp recipient: ${resolved.problem}.`);
			return { customer: this.customerByWaId(resolved.waId), addressedBy: 'phone', input: send.to };
		}
		const recipient = String(send.recipient);
		const customer = this.conversations.byUserId(recipient);
		if (!customer)
			throw graphErrors.invalidParameterValue(
				`Param recipient "${recipient}" is not a business-scoped user ID of a WhatsApp user of this business portfolio${bsuidKind(recipient) === 'parent' && !this.options.parentUserIds ? ' (this business is not enrolled in parent business-scoped user IDs)' : ''}.`,
			);
		return { customer, addressedBy: 'userId', input: recipient };
	}

	private markAsRead(body: Record<string, unknown>) {
		const failure = runRules(markAsReadRules, body);
		if (failure) throw failure;
		const target = this.conversations.find(body.message_id as string);
		if (!target || target.direction !== 'in') throw graphErrors.invalidParameter(`Param message_id "${String(body.message_id)}" is not a message received by this phone number`);
		for (const entry of this.conversations.of(target.waId))
			if (entry.direction === 'in' && Number(entry.timestamp) <= Number(target.timestamp)) entry.readByBusiness = true;
		if (body.typing_indicator) {
			const customer = this.customerByWaId(target.waId);
			customer.typingUntil = Date.now() + 25_000;
			this.later(25_000, () => this.emit({ type: 'conversation', waId: target.waId }));
		}
		this.emit({ type: 'conversation', waId: target.waId });
		return { success: true };
	}

	private checkThroughput() {
		if (!this.throughput.tryTake(this.options.phoneNumberId)) throw graphErrors.throughputReached();
	}

	private checkPairRate(waId: string) {
		if (this.pairRate && !this.pairRate.tryTake(waId)) throw graphErrors.pairRateLimit();
	}

	private scheduleStatuses(entry: OutboundMessage, details: StatusDetails, failure: StatusError | undefined) {
		const [sentDelay, deliveredDelay, readDelay] = this.options.statusDelaysMs;
		if (failure) {
			this.later(sentDelay, () => this.postStatus(entry, 'failed', { ...details, failure }));
			return;
		}
		this.later(sentDelay, () => this.postStatus(entry, 'sent', details));
		this.later(deliveredDelay, () => this.postStatus(entry, 'delivered', details));
		if (this.options.autoRead) this.later(readDelay, () => this.postStatus(entry, 'read', details));
	}

	private postStatus(entry: OutboundMessage, status: OutboundStatus, details: StatusDetails) {
		const timestamp = this.unixSeconds();
		entry.status = status;
		entry.statusHistory.push({ status, timestamp });
		if (details.failure) entry.errors = [details.failure];
		const customer = this.customerByWaId(entry.waId);
		const update = buildStatusUpdate(entry, customer, status, timestamp, details);
		const contact = statusContact(customer, entry, status, this.options.parentUserIds);
		this.delivery.enqueue('status', statusBody(this.business, update, contact), { messageId: entry.id, waId: entry.waId, status });
		this.emit({ type: 'conversation', waId: entry.waId });
	}

	private templateCategory(entry: OutboundMessage) {
		const send = entry.body.template as TemplateSend;
		return (this.templates.find((t) => t.name === send.name)?.category ?? 'UTILITY').toLowerCase();
	}


	// ---- records, faults, lifecycle ------------------------------------------------------------

	/** The wa_id the chat is kept under, for a wa_id / phone, a BSUID or parent BSUID, or `@username`. */
	private chatKey(who: string): string {
		const text = String(who ?? '').trim();
		if (text.startsWith('@') || looksLikeBsuid(text)) return this.lookupCustomer(text)?.waId ?? '';
		return digitsOnly(text);
	}

	/** Messages the business sent to this customer (wa_id, phone, BSUID or @username) through the API, oldest first. */
	messagesTo(waIdOrBsuid: string): OutboundMessage[] {
		const key = this.chatKey(waIdOrBsuid);
		return key ? this.conversations.outboundTo(key) : [];
	}

	/** Both directions, oldest first. */
	conversation(waIdOrBsuid: string): ChatEntry[] {
		const key = this.chatKey(waIdOrBsuid);
		return key ? this.conversations.of(key) : [];
	}

	/** Resolves with the outbound messages once `count` were sent to the customer (default 1 more than now). */
	waitForMessagesTo(waIdOrBsuid: string, count?: number, timeoutMs = 10_000): Promise<OutboundMessage[]> {
		const wanted = count ?? this.messagesTo(waIdOrBsuid).length + 1;
		return new Promise((resolve, reject) => {
			const check = () => {
				const messages = this.messagesTo(waIdOrBsuid);
				if (messages.length < wanted) return false;
				clearTimeout(timer);
				this.events.off('change', check);
				resolve(messages);
				return true;
			};
			const timer = setTimeout(() => {
				this.events.off('change', check);
				reject(new Error(`Waited ${timeoutMs} ms for ${wanted} message(s) to ${waIdOrBsuid}; got ${this.messagesTo(waIdOrBsuid).length}`));
			}, timeoutMs);
			if (!check()) this.events.on('change', check);
		});
	}

	requests(): RequestRecord[] {
		return this.requestLog;
	}

	webhooks(): WebhookRecord[] {
		return this.delivery.list();
	}

	recordRequest(record: Omit<RequestRecord, 'id'>) {
		this.requestLog.push({ id: this.requestLog.length + 1, ...record });
		this.emit({ type: 'request' });
	}

	injectFault(fault: FaultSpec) {
		this.faults.push({ ...fault, count: fault.count ?? 1 });
	}

	/** The fault that applies to this request, if any (and counts it down). */
	takeFault(path: string): ActiveFault | undefined {
		const fault = this.faults.find((f) => f.count > 0 && (!f.path || path.includes(f.path)));
		if (!fault) return undefined;
		fault.count -= 1;
		this.faults = this.faults.filter((f) => f.count > 0);
		return fault;
	}

	faultError(fault: ActiveFault): GraphError | undefined {
		if (fault.status === undefined) return undefined;
		const code = fault.code ?? (fault.status >= 500 ? 1 : fault.status === 429 ? 130429 : 100);
		return graphErrors.injected(fault.status, code, fault.message);
	}

	/** Forget customers, messages, records, media, faults and clock changes; keeps the callback subscription. */
	reset() {
		for (const timer of this.timers) clearTimeout(timer);
		this.timers.clear();
		this.conversations.clear();
		this.media.clear();
		this.requestLog.length = 0;
		this.delivery.clear();
		this.faults = [];
		this.clockOffsetMs = 0;
		this.throughput.clear();
		this.pairRate?.clear();
		this.emit({ type: 'reset' });
	}

	async stop() {
		for (const timer of this.timers) clearTimeout(timer);
		this.timers.clear();
		this.delivery.stop();
		this.events.emit('stop');
		await new Promise<void>((resolve) => {
			this.server.close(() => resolve());
			this.server.closeAllConnections();
		});
	}

	private later(ms: number, fn: () => void) {
		const timer = setTimeout(() => {
			this.timers.delete(timer);
			fn();
		}, ms);
		this.timers.add(timer);
	}

	private emit(event: SandboxEvent) {
		this.events.emit('change', event);
	}
}
