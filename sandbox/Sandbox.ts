import { EventEmitter } from 'node:events';
import type { AddressInfo } from 'node:net';
import http from 'node:http';
import { GraphError, graphErrors, StatusError, statusErrors } from './graphError';
import { ChatEntry, Conversations, InboundMessage, OutboundMessage, OutboundStatus } from './conversations';
import { digitsOnly, newConversationId, newMessageId } from './ids';
import { MediaStore, samplePng } from './media';
import { findOffered, listRowsOf, OfferedChoice, replyButtonsOf, templateQuickRepliesOf } from './offeredChoices';
import { SlidingWindowLimit } from './rateLimits';
import { buildStatusUpdate } from './statusUpdates';
import { checkTemplateSend, MessageTemplate, renderTemplate, seedTemplates, TemplateSend } from './templates';
import { markAsReadRules, validateOutboundMessage } from './validation/messageRules';
import { runRules } from './validation/fieldRules';
import { BusinessIdentity, inboundMessageBody, statusBody } from './webhooks/webhookBodies';
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
	/** The version the sandbox reports in its credentials; any v<major>.<minor> from oldestApiVersion on is served. */
	apiVersion?: string;
	/** Older versions get Meta's error 2635 (Meta stops serving old versions; v13.0 is long gone). */
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
	private conversationIds = new Map<string, { id: string; expiresAt: number }>();

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
			oldestApiVersion: options.oldestApiVersion ?? 'v19.0',
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
		};
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

	createCustomer(waIdOrPhone: string, name?: string) {
		const customer = this.conversations.customer(customerWaId(waIdOrPhone), name);
		this.emit({ type: 'customers' });
		return { ...customer };
	}

	customers() {
		return [...this.conversations.customers.values()].map((c) => ({ ...c }));
	}

	private inbound(from: string, content: Record<string, unknown>, opts: { name?: string; context?: { id: string } } = {}): CustomerAction {
		const waId = customerWaId(from);
		const customer = this.conversations.customer(waId, opts.name);
		customer.lastInboundAt = this.now();
		const id = newMessageId();
		const message = {
			...(opts.context ? { context: { from: this.business.displayPhoneNumber, id: opts.context.id } } : {}),
			from: waId,
			id,
			timestamp: this.unixSeconds(),
			...content,
		} as unknown as Record<string, unknown> & { type: string };
		const entry: InboundMessage = {
			direction: 'in',
			id,
			waId,
			timestamp: message.timestamp as string,
			type: message.type,
			message,
			webhookId: '',
			delivery: 'pending',
			readByBusiness: false,
			reactions: {},
		};
		this.conversations.add(entry);
		if (message.type === 'reaction') {
			const reaction = message.reaction as { message_id: string; emoji?: string };
			const target = this.conversations.find(reaction.message_id);
			if (target) target.reactions.customer = reaction.emoji || undefined;
		}
		const body = inboundMessageBody(this.business, { waId, name: customer.name }, message as never);
		const { record, outcome } = this.delivery.enqueue('message', body, { messageId: id, waId });
		entry.webhookId = record.id;
		this.emit({ type: 'conversation', waId });
		return { messageId: id, webhookId: record.id, delivery: outcome };
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
		const waId = digitsOnly(from);
		const found = findOffered(this.conversations.outboundTo(waId), choicesOf, idOrTitle, messageId);
		if (!found) throw new Error(`Customer ${waId} has no ${what} "${idOrTitle}"${messageId ? ` in message ${messageId}` : ''} to tap`);
		return found;
	}

	// ---- the API's side ----------------------------------------------------------------------

	/** `POST /{phone-number-id}/messages` after authentication: a send or a mark-as-read. */
	handleMessagesPost(body: unknown): unknown {
		if (body && typeof body === 'object' && 'status' in body) return this.markAsRead(body as Record<string, unknown>);
		this.checkThroughput();
		const invalid = validateOutboundMessage(body);
		if (invalid) throw invalid;
		const send = body as Record<string, unknown> & { to: string; type?: string };
		const type = send.type ?? 'text';
		let rendered: unknown;
		if (type === 'template') {
			const checked = checkTemplateSend(this.templates, send.template as TemplateSend);
			if ('error' in checked) throw checked.error;
			rendered = renderTemplate(checked.template, send.template as TemplateSend);
		}
		const mediaId = (send[type] as { id?: string } | undefined)?.id;
		if (['image', 'video', 'audio', 'document', 'sticker'].includes(type) && mediaId && !this.media.get(mediaId))
			throw graphErrors.invalidParameter(`Param ${type}['id'] is not a valid whatsapp business account media attachment ID`);
		const waId = digitsOnly(send.to);
		this.checkPairRate(waId);
		const customer = this.conversations.customer(waId);
		const entry: OutboundMessage = {
			direction: 'out',
			id: newMessageId(),
			waId,
			timestamp: this.unixSeconds(),
			type,
			body: send,
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
		const insideWindow = customer.lastInboundAt !== undefined && this.now() - customer.lastInboundAt < DAY_MS;
		const deliveryFailure = this.options.numbersNotOnWhatsApp.includes(waId)
			? statusErrors.undeliverable()
			: type === 'template' || insideWindow
				? undefined
				: statusErrors.reEngagement();
		this.scheduleStatuses(entry, deliveryFailure);
		this.emit({ type: 'conversation', waId });
		return {
			messaging_product: 'whatsapp',
			contacts: [{ input: send.to, wa_id: waId }],
			messages: [{ id: entry.id, message_status: 'accepted' }],
		};
	}

	private markAsRead(body: Record<string, unknown>) {
		const failure = runRules(markAsReadRules, body);
		if (failure) throw failure;
		const target = this.conversations.find(body.message_id as string);
		if (!target || target.direction !== 'in') throw graphErrors.invalidParameter(`Param message_id "${String(body.message_id)}" is not a message received by this phone number`);
		for (const entry of this.conversations.of(target.waId))
			if (entry.direction === 'in' && Number(entry.timestamp) <= Number(target.timestamp)) entry.readByBusiness = true;
		if (body.typing_indicator) {
			const customer = this.conversations.customer(target.waId);
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

	private scheduleStatuses(entry: OutboundMessage, failure: StatusError | undefined) {
		const [sentDelay, deliveredDelay, readDelay] = this.options.statusDelaysMs;
		if (failure) {
			this.later(sentDelay, () => this.postStatus(entry, 'failed', failure));
			return;
		}
		this.later(sentDelay, () => this.postStatus(entry, 'sent'));
		this.later(deliveredDelay, () => this.postStatus(entry, 'delivered'));
		if (this.options.autoRead) this.later(readDelay, () => this.postStatus(entry, 'read'));
	}

	private postStatus(entry: OutboundMessage, status: OutboundStatus, failure?: StatusError) {
		const timestamp = this.unixSeconds();
		entry.status = status;
		entry.statusHistory.push({ status, timestamp });
		if (failure) entry.errors = [failure];
		const category = entry.type === 'template' ? this.templateCategory(entry) : 'service';
		const update = buildStatusUpdate(entry, status, timestamp, { failure, category, conversation: this.conversationFor(entry.waId) });
		this.delivery.enqueue('status', statusBody(this.business, update), { messageId: entry.id, waId: entry.waId, status });
		this.emit({ type: 'conversation', waId: entry.waId });
	}

	private templateCategory(entry: OutboundMessage) {
		const send = entry.body.template as TemplateSend;
		return (this.templates.find((t) => t.name === send.name)?.category ?? 'UTILITY').toLowerCase();
	}

	private conversationFor(waId: string) {
		const existing = this.conversationIds.get(waId);
		if (existing && existing.expiresAt > this.now()) return existing;
		const fresh = { id: newConversationId(), expiresAt: this.now() + DAY_MS };
		this.conversationIds.set(waId, fresh);
		return fresh;
	}

	// ---- records, faults, lifecycle ------------------------------------------------------------

	/** Messages the business sent to this customer through the API, oldest first. */
	messagesTo(waIdOrPhone: string): OutboundMessage[] {
		return this.conversations.outboundTo(digitsOnly(waIdOrPhone));
	}

	/** Both directions, oldest first. */
	conversation(waIdOrPhone: string): ChatEntry[] {
		return this.conversations.of(digitsOnly(waIdOrPhone));
	}

	/** Resolves with the outbound messages once `count` were sent to the customer (default 1 more than now). */
	waitForMessagesTo(waIdOrPhone: string, count?: number, timeoutMs = 10_000): Promise<OutboundMessage[]> {
		const waId = digitsOnly(waIdOrPhone);
		const wanted = count ?? this.messagesTo(waId).length + 1;
		return new Promise((resolve, reject) => {
			const check = () => {
				const messages = this.messagesTo(waId);
				if (messages.length < wanted) return false;
				clearTimeout(timer);
				this.events.off('change', check);
				resolve(messages);
				return true;
			};
			const timer = setTimeout(() => {
				this.events.off('change', check);
				reject(new Error(`Waited ${timeoutMs} ms for ${wanted} message(s) to ${waId}; got ${this.messagesTo(waId).length}`));
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
		this.conversationIds.clear();
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
