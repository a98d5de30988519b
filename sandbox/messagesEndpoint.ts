import { graphErrors, StatusError, statusErrors } from './graphError';
import type { Conversations, Customer, OutboundMessage, OutboundStatus } from './conversations';
import type { CustomerDirectory } from './customers';
import { bsuidKind, newConversationId, newMessageId } from './ids';
import type { MediaStore } from './media';
import { SlidingWindowLimit } from './rateLimits';
import { businessRegion, resolvePhoneRecipient } from './recipients';
import type { ResolvedSandboxOptions, SandboxBusiness } from './sandboxOptions';
import type { SandboxRuntime } from './sandboxRuntime';
import { buildStatusUpdate, statusContact, StatusDetails } from './statusUpdates';
import { checkTemplateSend, findTemplate, MessageTemplate, needsPhoneRecipient, renderTemplate, TemplateSend } from './templates';
import { runRules } from './validation/fieldRules';
import { markAsReadRules, validateOutboundMessage } from './validation/messageRules';
import { statusBody } from './webhooks/webhookBodies';
import type { WebhookDelivery } from './webhooks/webhookDelivery';

// `POST /{phone-number-id}/messages`: sends (validated, rate limited, then answered by status
// webhooks as the message is sent, delivered and read) and mark-as-read.

const DAY_MS = 24 * 60 * 60 * 1000;

export interface MessagesEndpointContext {
	options: ResolvedSandboxOptions;
	runtime: SandboxRuntime;
	conversations: Conversations;
	customers: CustomerDirectory;
	media: MediaStore;
	templates: MessageTemplate[];
	delivery: WebhookDelivery;
	business: SandboxBusiness;
}

export class MessagesEndpoint {
	/** The business phone number's country: the default region for a `to` without '+'. */
	readonly businessRegion: ReturnType<typeof businessRegion>;
	private readonly throughput: SlidingWindowLimit;
	private readonly pairRate?: SlidingWindowLimit;

	constructor(private readonly ctx: MessagesEndpointContext) {
		const o = ctx.options;
		this.businessRegion = businessRegion(o.displayPhoneNumber);
		this.throughput = new SlidingWindowLimit(o.throughputPerSecond, 1000);
		if (o.pairRateLimit) this.pairRate = new SlidingWindowLimit(o.pairRateLimit.messages, o.pairRateLimit.perMs);
	}

	/** A send or a mark-as-read; `version` is the request path's Graph API version (it decides the statuses' shape). */
	post(body: unknown, version: string): unknown {
		if (body && typeof body === 'object' && 'status' in body) return this.markAsRead(body as Record<string, unknown>);
		return this.send(body, version);
	}

	/** Forget the rate limits' counts. */
	reset() {
		this.throughput.clear();
		this.pairRate?.clear();
	}

	private send(body: unknown, version: string) {
		const { options, runtime, conversations, media, templates } = this.ctx;
		this.checkThroughput();
		const invalid = validateOutboundMessage(body);
		if (invalid) throw invalid;
		const send = body as Record<string, unknown> & { to?: string; recipient?: string; type?: string };
		const type = send.type ?? 'text';
		const { customer, addressedBy, input } = this.recipientOf(send);
		let rendered: unknown;
		if (type === 'template') {
			const template = findTemplate(templates, send.template as TemplateSend);
			if (addressedBy === 'userId' && template && needsPhoneRecipient(template))
				throw graphErrors.bsuidRecipientNotSupported(
					`Template ${template.name} is a one-tap, zero-tap or copy-code authentication template: send it to the phone number (to), not to a business-scoped user ID (recipient).`,
				);
			const checked = checkTemplateSend(templates, send.template as TemplateSend);
			if ('error' in checked) throw checked.error;
			rendered = renderTemplate(checked.template, send.template as TemplateSend);
		}
		const mediaId = (send[type] as { id?: string } | undefined)?.id;
		if (['image', 'video', 'audio', 'document', 'sticker'].includes(type) && mediaId && !media.get(mediaId))
			throw graphErrors.invalidParameter(`Param ${type}['id'] is not a valid whatsapp business account media attachment ID`);
		const { waId } = customer;
		this.checkPairRate(waId);
		// Messaging the phone lets later webhooks about this customer carry it (§1.3).
		if (addressedBy === 'phone') customer.phoneShared = true;
		const sentAtMs = runtime.now();
		const entry: OutboundMessage = {
			direction: 'out',
			id: newMessageId(),
			waId,
			timestamp: runtime.unixSeconds(),
			type,
			body: send,
			addressedBy,
			apiVersion: version,
			userId: customer.userId,
			...(customer.parentUserId ? { parentUserId: customer.parentUserId } : {}),
			status: 'accepted',
			statusHistory: [{ status: 'accepted', timestamp: runtime.unixSeconds() }],
			reactions: {},
			rendered,
		};
		conversations.add(entry);
		customer.typingUntil = undefined;
		if (type === 'reaction') {
			const reaction = send.reaction as { message_id: string; emoji?: string };
			const target = conversations.find(reaction.message_id);
			if (target) target.reactions.business = reaction.emoji || undefined;
		}
		const insideWindow = customer.lastInboundAt !== undefined && sentAtMs - customer.lastInboundAt < DAY_MS;
		const deliveryFailure = options.numbersNotOnWhatsApp.includes(waId)
			? statusErrors.undeliverable()
			: type === 'template' || insideWindow
				? undefined
				: statusErrors.reEngagement();
		const details: StatusDetails = {
			category: type === 'template' ? this.templateCategory(entry) : 'service',
			insideWindow,
			sentAtMs,
			conversation: { id: newConversationId(), expiresAt: sentAtMs + DAY_MS },
			parentUserIds: options.parentUserIds,
		};
		this.scheduleStatuses(entry, details, deliveryFailure);
		runtime.emit({ type: 'conversation', waId });
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
		const { options, conversations, customers } = this.ctx;
		if (typeof send.to === 'string' && send.to.trim() !== '') {
			const resolved = resolvePhoneRecipient(send.to, this.businessRegion, options.strictPlusRule);
			if ('problem' in resolved) throw graphErrors.invalidParameterValue(`Param to is not a valid WhatsApp recipient: ${resolved.problem}.`);
			return { customer: customers.byWaId(resolved.waId), addressedBy: 'phone', input: send.to };
		}
		const recipient = String(send.recipient);
		const customer = conversations.byUserId(recipient);
		if (!customer)
			throw graphErrors.invalidParameterValue(
				`Param recipient "${recipient}" is not a business-scoped user ID of a WhatsApp user of this business portfolio${bsuidKind(recipient) === 'parent' && !options.parentUserIds ? ' (this business is not enrolled in parent business-scoped user IDs)' : ''}.`,
			);
		return { customer, addressedBy: 'userId', input: recipient };
	}

	private markAsRead(body: Record<string, unknown>) {
		const { runtime, conversations, customers } = this.ctx;
		const failure = runRules(markAsReadRules, body);
		if (failure) throw failure;
		const target = conversations.find(body.message_id as string);
		if (!target || target.direction !== 'in')
			throw graphErrors.invalidParameter(`Param message_id "${String(body.message_id)}" is not a message received by this phone number`);
		for (const entry of conversations.of(target.waId))
			if (entry.direction === 'in' && Number(entry.timestamp) <= Number(target.timestamp)) entry.readByBusiness = true;
		if (body.typing_indicator) {
			const customer = customers.byWaId(target.waId);
			customer.typingUntil = Date.now() + 25_000;
			runtime.later(25_000, () => runtime.emit({ type: 'conversation', waId: target.waId }));
		}
		runtime.emit({ type: 'conversation', waId: target.waId });
		return { success: true };
	}

	private checkThroughput() {
		if (!this.throughput.tryTake(this.ctx.options.phoneNumberId)) throw graphErrors.throughputReached();
	}

	private checkPairRate(waId: string) {
		if (this.pairRate && !this.pairRate.tryTake(waId)) throw graphErrors.pairRateLimit();
	}

	private scheduleStatuses(entry: OutboundMessage, details: StatusDetails, failure: StatusError | undefined) {
		const { options, runtime } = this.ctx;
		const [sentDelay, deliveredDelay, readDelay] = options.statusDelaysMs;
		if (failure) {
			runtime.later(sentDelay, () => this.postStatus(entry, 'failed', { ...details, failure }));
			return;
		}
		runtime.later(sentDelay, () => this.postStatus(entry, 'sent', details));
		runtime.later(deliveredDelay, () => this.postStatus(entry, 'delivered', details));
		if (options.autoRead) runtime.later(readDelay, () => this.postStatus(entry, 'read', details));
	}

	private postStatus(entry: OutboundMessage, status: OutboundStatus, details: StatusDetails) {
		const { options, runtime, customers, delivery, business } = this.ctx;
		const timestamp = runtime.unixSeconds();
		entry.status = status;
		entry.statusHistory.push({ status, timestamp });
		if (details.failure) entry.errors = [details.failure];
		const customer = customers.byWaId(entry.waId);
		const update = buildStatusUpdate(entry, customer, status, timestamp, details);
		const contact = statusContact(customer, entry, status, options.parentUserIds);
		delivery.enqueue('status', statusBody(business, update, contact), { messageId: entry.id, waId: entry.waId, status });
		runtime.emit({ type: 'conversation', waId: entry.waId });
	}

	private templateCategory(entry: OutboundMessage) {
		const send = entry.body.template as TemplateSend;
		return (this.ctx.templates.find((t) => t.name === send.name)?.category ?? 'UTILITY').toLowerCase();
	}
}
