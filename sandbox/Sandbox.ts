import type { AddressInfo } from 'node:net';
import http from 'node:http';
import type { ChatEntry, OutboundMessage } from './conversations';
import { Conversations } from './conversations';
import { CustomerAction, CustomerActions } from './customerActions';
import { copyCustomer, CustomerDirectory, NewCustomer } from './customers';
import { ActiveFault, FaultInjector, faultError, FaultSpec } from './faults';
import { createSandboxServer } from './http/server';
import type { SandboxApi } from './http/sandboxApi';
import { MediaStore } from './media';
import { MessagesEndpoint } from './messagesEndpoint';
import { RequestLog, RequestRecord } from './requestLog';
import {
	ResolvedSandboxOptions,
	resolveSandboxOptions,
	SandboxBusiness,
	sandboxBusiness,
	sandboxCredentials,
	SandboxCredentials,
	SandboxOptions,
} from './sandboxOptions';
import { SandboxRuntime } from './sandboxRuntime';
import { MessageTemplate, seedTemplates } from './templates';
import { AppSubscription, WebhookSubscriptions } from './webhookSubscriptions';
import { WebhookDelivery, WebhookRecord } from './webhooks/webhookDelivery';
import { verifyCallback } from './webhooks/verifyCallback';

// The sandbox's one public face: it owns the parts (customers, the messages endpoint, webhook
// delivery and subscriptions, faults, the request log) and the HTTP server that serves them.

export type { SandboxOptions, SandboxCredentials } from './sandboxOptions';
export type { NewCustomer } from './customers';
export type { CustomerAction } from './customerActions';
export type { FaultSpec } from './faults';
export type { RequestRecord } from './requestLog';
export type { SandboxEvent } from './sandboxRuntime';

export class Sandbox implements SandboxApi {
	readonly credentials: SandboxCredentials;
	readonly apiVersion: string;
	readonly baseUrl: string;
	readonly pageUrl: string;
	readonly business: SandboxBusiness;
	readonly conversations = new Conversations();
	readonly media = new MediaStore();
	readonly templates: MessageTemplate[];
	readonly options: ResolvedSandboxOptions;

	private readonly runtime = new SandboxRuntime();
	private readonly customerDirectory: CustomerDirectory;
	private readonly customerActions: CustomerActions;
	private readonly messagesEndpoint: MessagesEndpoint;
	private readonly subscriptions: WebhookSubscriptions;
	private readonly delivery: WebhookDelivery;
	private readonly requestLog = new RequestLog();
	private readonly faults = new FaultInjector();

	private constructor(
		private readonly server: http.Server,
		options: SandboxOptions,
		port: number,
	) {
		const o = (this.options = resolveSandboxOptions(options, port));
		const hostForUrl = o.host.includes(':') ? `[${o.host}]` : o.host;
		this.baseUrl = `http://${hostForUrl}:${port}`;
		this.pageUrl = `${this.baseUrl}/`;
		this.apiVersion = o.apiVersion;
		this.templates = options.templates ?? seedTemplates();
		this.business = sandboxBusiness(o);
		this.credentials = sandboxCredentials(o, this.baseUrl);
		this.subscriptions = new WebhookSubscriptions(options.wabaSubscribedToApp ?? true, () => {
			this.runtime.emit({ type: 'customers' });
			this.delivery.retryPendingNow();
		});
		this.delivery = new WebhookDelivery({
			callbackUrl: () => this.subscriptions.callbackUrl(),
			appSecret: o.appSecret,
			backoffMs: o.retryBackoffMs,
			timeoutMs: o.webhookTimeoutMs,
			maxAttempts: o.maxDeliveryAttempts,
			onChange: (record) => this.onWebhookChange(record),
		});
		this.customerDirectory = new CustomerDirectory(this.conversations, o.parentUserIds);
		const parts = {
			options: o,
			runtime: this.runtime,
			conversations: this.conversations,
			customers: this.customerDirectory,
			media: this.media,
			templates: this.templates,
			delivery: this.delivery,
			business: this.business,
		};
		this.customerActions = new CustomerActions(parts);
		this.messagesEndpoint = new MessagesEndpoint(parts);
	}

	static async start(options: SandboxOptions = {}): Promise<Sandbox> {
		let sandbox: Sandbox | undefined; // eslint-disable-line prefer-const -- the server's handler captures it before the Sandbox exists
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

	/** 'change' (a SandboxEvent) on every change, 'stop' when the sandbox stops. */
	get events() {
		return this.runtime.events;
	}

	/** The business phone number's country: the default region for a `to` without '+'. */
	get businessRegion() {
		return this.messagesEndpoint.businessRegion;
	}

	// ---- clock --------------------------------------------------------------------------------

	/** Sandbox time in ms: real time plus whatever advanceClock added. */
	now() {
		return this.runtime.now();
	}

	advanceClock(ms: number) {
		this.runtime.advanceClock(ms);
		this.runtime.emit({ type: 'customers' });
	}

	// ---- webhook subscriptions ----------------------------------------------------------------

	/** Where webhooks go now: the WABA's override, else the app subscription (if the WABA subscribed the app). */
	callbackUrl(): string | undefined {
		return this.subscriptions.callbackUrl();
	}

	/** Subscribe a callback as a developer would in the Meta app dashboard: GET verify handshake first. */
	async setCallback(url: string, verifyToken: string = this.options.verifyToken) {
		const failure = await verifyCallback(url, verifyToken, this.options.webhookTimeoutMs);
		if (failure) throw new Error(`Callback verification failed for ${url}: ${failure}`);
		this.subscriptions.subscribeDirectly(url, verifyToken);
	}

	clearCallback() {
		this.subscriptions.clear();
		this.runtime.emit({ type: 'customers' });
	}

	/** The app subscription (`/{app-id}/subscriptions`), a copy. */
	appSubscription(): Readonly<AppSubscription> | undefined {
		return this.subscriptions.appSubscription();
	}

	/** Call after the verify handshake succeeded. */
	subscribeApp(subscription: AppSubscription) {
		this.subscriptions.subscribeApp(subscription);
	}

	unsubscribeApp(fields?: string[]) {
		this.subscriptions.unsubscribeApp(fields);
	}

	isWabaSubscribedToApp() {
		return this.subscriptions.isWabaSubscribedToApp();
	}

	/** `overrideCallbackUrl` must have passed the verify handshake. */
	subscribeWabaToApp(overrideCallbackUrl?: string) {
		this.subscriptions.subscribeWabaToApp(overrideCallbackUrl);
	}

	unsubscribeWabaFromApp() {
		this.subscriptions.unsubscribeWabaFromApp();
	}

	retryWebhooksNow() {
		this.delivery.retryPendingNow();
	}

	pendingWebhookCount() {
		return this.delivery.pendingCount();
	}

	/** Sign and deliver a crafted webhook body as is (for payloads the customer actions do not produce). */
	deliverWebhook(body: unknown) {
		const { record, outcome } = this.delivery.enqueue('raw', body);
		return { webhookId: record.id, delivery: outcome };
	}

	webhooks(): WebhookRecord[] {
		return this.delivery.list();
	}

	private onWebhookChange(record: WebhookRecord) {
		if (record.kind === 'message' && record.messageId) {
			const entry = this.conversations.find(record.messageId);
			if (entry?.direction === 'in') entry.delivery = record.state;
		}
		this.runtime.emit({ type: 'webhook', waId: record.waId });
	}

	// ---- customers ----------------------------------------------------------------------------

	/**
	 * Create a customer (or update the name, username and phone sharing of a known one):
	 * `createCustomer('+49 151 12345678', 'Ana')`, or `createCustomer({ username: 'ana.g', name: 'Ana' })`
	 * for a username customer whose phone is withheld (§1.3). Returns a copy with `waId`, `userId`
	 * (the BSUID), `username`, `phoneShared`.
	 */
	createCustomer(phoneOrCustomer: string | NewCustomer, name?: string) {
		const spec: NewCustomer =
			typeof phoneOrCustomer === 'string' ? { phone: phoneOrCustomer, name } : { ...phoneOrCustomer, name: phoneOrCustomer.name ?? name };
		const customer = this.customerDirectory.create(spec);
		this.runtime.emit({ type: 'customers' });
		return copyCustomer(customer);
	}

	customers() {
		return this.customerDirectory.all().map(copyCustomer);
	}

	/** The customer with this wa_id / phone, BSUID, parent BSUID or `@username`, if the sandbox knows them. */
	findCustomer(who: string) {
		const customer = this.customerDirectory.lookup(who);
		return customer && copyCustomer(customer);
	}

	/**
	 * From now on webhooks about this username customer carry their phone (`from`, `wa_id`,
	 * `recipient_id`), as after the customer shared it or the business messaged that number (§1.3).
	 */
	customerSharesPhone(who: string) {
		const customer = this.customerDirectory.require(who);
		customer.phoneShared = true;
		this.runtime.emit({ type: 'customers' });
		return copyCustomer(customer);
	}

	// ---- what customers do (each posts a webhook) ---------------------------------------------

	customerSendsText(from: string, text: string, opts: { name?: string; contextMessageId?: string } = {}): CustomerAction {
		return this.customerActions.sendsText(from, text, opts);
	}

	/** Taps a reply button (by id or title) of the latest interactive message that has it, or of `messageId`. */
	customerTapsButton(from: string, buttonIdOrTitle: string, opts: { messageId?: string; name?: string } = {}): CustomerAction {
		return this.customerActions.tapsButton(from, buttonIdOrTitle, opts);
	}

	customerPicksListRow(from: string, rowIdOrTitle: string, opts: { messageId?: string; name?: string } = {}): CustomerAction {
		return this.customerActions.picksListRow(from, rowIdOrTitle, opts);
	}

	/** Taps a quick-reply button of a template: Meta sends type `button` (not `interactive`). */
	customerTapsTemplateButton(from: string, buttonText: string, opts: { messageId?: string; name?: string } = {}): CustomerAction {
		return this.customerActions.tapsTemplateButton(from, buttonText, opts);
	}

	customerReacts(from: string, messageId: string, emoji: string, opts: { name?: string } = {}): CustomerAction {
		return this.customerActions.reacts(from, messageId, emoji, opts);
	}

	customerSharesLocation(
		from: string,
		location: { latitude: number; longitude: number; name?: string; address?: string },
		opts: { name?: string } = {},
	): CustomerAction {
		return this.customerActions.sharesLocation(from, location, opts);
	}

	customerSendsImage(from: string, image: { caption?: string; mimeType?: string; data?: Buffer } = {}, opts: { name?: string } = {}): CustomerAction {
		return this.customerActions.sendsImage(from, image, opts);
	}

	/**
	 * The customer moved to a new phone number: a `system` message `user_changed_number` with
	 * `system.wa_id` (the new number), `user_id` (the new BSUID, `businessScopedUserId(newPhone)`),
	 * `previous_user_id` and `body` (§1.6), sent from the old identity. For a customer whose phone is
	 * withheld no phone may be shared: that is `customerChangesUserId` with the new number.
	 */
	customerChangesNumber(who: string, newPhone: string): CustomerAction {
		return this.customerActions.changesNumber(who, newPhone);
	}

	/**
	 * Only the customer's BSUID changed (a customer with a withheld phone changed number, so no
	 * phone can be shared): a `system` message `user_changed_user_id` with `system.user_id`,
	 * `previous_user_id` and `body`, and no phone anywhere (§1.6). `newUserId` defaults to a fresh
	 * BSUID of the same country; `newPhone` moves the customer's (hidden) number too.
	 */
	customerChangesUserId(who: string, opts: { newUserId?: string; newPhone?: string } = {}): CustomerAction {
		return this.customerActions.changesUserId(who, opts);
	}

	// ---- the API's side ----------------------------------------------------------------------

	/**
	 * `POST /{phone-number-id}/messages` after authentication: a send or a mark-as-read. `version` is
	 * the Graph API version of the request path (it decides the shape of the statuses).
	 */
	handleMessagesPost(body: unknown, version: string = this.apiVersion): unknown {
		return this.messagesEndpoint.post(body, version);
	}

	/** Messages the business sent to this customer (wa_id, phone, BSUID or @username) through the API, oldest first. */
	messagesTo(waIdOrBsuid: string): OutboundMessage[] {
		const key = this.customerDirectory.chatKey(waIdOrBsuid);
		return key ? this.conversations.outboundTo(key) : [];
	}

	/** Both directions, oldest first. */
	conversation(waIdOrBsuid: string): ChatEntry[] {
		const key = this.customerDirectory.chatKey(waIdOrBsuid);
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

	// ---- records, faults, lifecycle ------------------------------------------------------------

	requests(): RequestRecord[] {
		return this.requestLog.list();
	}

	recordRequest(record: Omit<RequestRecord, 'id'>) {
		this.requestLog.add(record);
		this.runtime.emit({ type: 'request' });
	}

	injectFault(fault: FaultSpec) {
		this.faults.inject(fault);
	}

	/** The fault that applies to this request, if any (and counts it down). */
	takeFault(path: string): ActiveFault | undefined {
		return this.faults.take(path);
	}

	faultError(fault: ActiveFault) {
		return faultError(fault);
	}

	/** Forget customers, messages, records, media, faults and clock changes; keeps the callback subscription. */
	reset() {
		this.runtime.cancelTimers();
		this.conversations.clear();
		this.media.clear();
		this.requestLog.clear();
		this.delivery.clear();
		this.faults.clear();
		this.runtime.resetClock();
		this.messagesEndpoint.reset();
		this.runtime.emit({ type: 'reset' });
	}

	async stop() {
		this.runtime.cancelTimers();
		this.delivery.stop();
		this.events.emit('stop');
		await new Promise<void>((resolve) => {
			this.server.close(() => resolve());
			this.server.closeAllConnections();
		});
	}
}
