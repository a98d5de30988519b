import type { Conversations, Customer, InboundMessage, OutboundMessage } from './conversations';
import { contactOf, customerWaId, CustomerDirectory, senderOf } from './customers';
import { bsuidKind, digitsOnly, newMessageId, nextBusinessScopedUserId } from './ids';
import { MediaStore, samplePng } from './media';
import { findOffered, listRowsOf, OfferedChoice, replyButtonsOf, templateQuickRepliesOf } from './offeredChoices';
import type { SandboxBusiness } from './sandboxOptions';
import type { SandboxRuntime } from './sandboxRuntime';
import { inboundMessageBody, WebhookContact } from './webhooks/webhookBodies';
import type { DeliveryOutcome, WebhookDelivery } from './webhooks/webhookDelivery';

// What the simulated customers do: each action records the message in the chat and posts its
// webhook to the business, as WhatsApp would.

export interface CustomerAction {
	messageId: string;
	webhookId: string;
	/** Resolves when the webhook was answered 200, or gave up (see DeliveryOutcome.state). */
	delivery: Promise<DeliveryOutcome>;
}

type InboundContent = Record<string, unknown> & { id: string; timestamp: string; type: string };

export interface CustomerActionsContext {
	runtime: SandboxRuntime;
	conversations: Conversations;
	customers: CustomerDirectory;
	media: MediaStore;
	delivery: WebhookDelivery;
	business: SandboxBusiness;
}

export class CustomerActions {
	constructor(private readonly ctx: CustomerActionsContext) {}

	sendsText(from: string, text: string, opts: { name?: string; contextMessageId?: string } = {}) {
		if (typeof text !== 'string' || text.trim() === '') throw new Error('A customer cannot send an empty text message');
		return this.inbound(
			from,
			{ type: 'text', text: { body: text } },
			{ name: opts.name, context: opts.contextMessageId ? { id: opts.contextMessageId } : undefined },
		);
	}

	tapsButton(from: string, buttonIdOrTitle: string, opts: { messageId?: string; name?: string } = {}) {
		const { message, choice } = this.offered(from, replyButtonsOf, 'reply button', buttonIdOrTitle, opts.messageId);
		return this.inbound(
			from,
			{ type: 'interactive', interactive: { type: 'button_reply', button_reply: { id: choice.id, title: choice.title } } },
			{ name: opts.name, context: { id: message.id } },
		);
	}

	picksListRow(from: string, rowIdOrTitle: string, opts: { messageId?: string; name?: string } = {}) {
		const { message, choice } = this.offered(from, listRowsOf, 'list row', rowIdOrTitle, opts.messageId);
		const listReply = { id: choice.id, title: choice.title, ...(choice.description ? { description: choice.description } : {}) };
		return this.inbound(
			from,
			{ type: 'interactive', interactive: { type: 'list_reply', list_reply: listReply } },
			{ name: opts.name, context: { id: message.id } },
		);
	}

	/** A template's quick-reply button: Meta sends type `button` (not `interactive`). */
	tapsTemplateButton(from: string, buttonText: string, opts: { messageId?: string; name?: string } = {}) {
		const { message, choice } = this.offered(from, templateQuickRepliesOf, 'template quick-reply button', buttonText, opts.messageId);
		return this.inbound(from, { type: 'button', button: { payload: choice.id, text: choice.title } }, { name: opts.name, context: { id: message.id } });
	}

	reacts(from: string, messageId: string, emoji: string, opts: { name?: string } = {}) {
		return this.inbound(from, { type: 'reaction', reaction: emoji ? { message_id: messageId, emoji } : { message_id: messageId } }, opts);
	}

	sharesLocation(from: string, location: { latitude: number; longitude: number; name?: string; address?: string }, opts: { name?: string } = {}) {
		const { latitude, longitude } = location;
		if (!Number.isFinite(latitude) || Math.abs(latitude) > 90 || !Number.isFinite(longitude) || Math.abs(longitude) > 180)
			throw new Error(`A location needs a latitude between -90 and 90 and a longitude between -180 and 180; got ${latitude}, ${longitude}`);
		return this.inbound(from, { type: 'location', location }, opts);
	}

	sendsImage(from: string, image: { caption?: string; mimeType?: string; data?: Buffer } = {}, opts: { name?: string } = {}) {
		const mimeType = image.mimeType ?? 'image/png';
		const stored = this.ctx.media.add(image.data ?? samplePng(), mimeType, 'customer');
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

	/**
	 * The customer moved to a new phone number: a `system` message `user_changed_number` with
	 * `system.wa_id`, `user_id` (the new BSUID), `previous_user_id` and `body` (§1.6), sent from the
	 * old identity. A customer whose phone is withheld shares no phone: that is changesUserId.
	 */
	changesNumber(who: string, newPhone: string): CustomerAction {
		const { customers, conversations, runtime } = this.ctx;
		const customer = customers.require(who);
		const newWaId = customerWaId(newPhone);
		if (newWaId === customer.waId) throw new Error(`Customer ${who} already has the number +${newWaId}`);
		if (conversations.customers.has(newWaId)) throw new Error(`+${newWaId} is another customer's number already`);
		if (!customer.phoneShared) return this.changesUserId(who, { newPhone: newWaId });
		const sender = senderOf(customer);
		const previous = { userId: customer.userId, parentUserId: customer.parentUserId, waId: customer.waId };
		const next = customers.newIds(newWaId);
		const message = {
			...sender,
			id: newMessageId(),
			timestamp: runtime.unixSeconds(),
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
		conversations.moveCustomer(customer, newWaId);
		customers.changeUserIds(customer, next);
		runtime.emit({ type: 'customers' });
		return this.deliverInbound(customer, message, undefined);
	}

	/**
	 * Only the customer's BSUID changed: a `system` message `user_changed_user_id` with
	 * `system.user_id`, `previous_user_id` and `body`, and no phone anywhere (§1.6). `newUserId`
	 * defaults to a fresh BSUID of the same country; `newPhone` moves the (hidden) number too.
	 */
	changesUserId(who: string, opts: { newUserId?: string; newPhone?: string } = {}): CustomerAction {
		const { customers, conversations, runtime } = this.ctx;
		const customer = customers.require(who);
		const generation = customer.previousUserIds.length + 1;
		if (opts.newUserId !== undefined && bsuidKind(opts.newUserId) !== 'user')
			throw new Error(`"${opts.newUserId}" is not a business-scoped user ID (country code, '.', letters and digits)`);
		if (opts.newUserId !== undefined && conversations.byUserId(opts.newUserId)) throw new Error(`"${opts.newUserId}" is another customer's BSUID already`);
		const newWaId = opts.newPhone !== undefined ? customerWaId(opts.newPhone) : undefined;
		if (newWaId !== undefined && newWaId !== customer.waId && conversations.customers.has(newWaId))
			throw new Error(`+${newWaId} is another customer's number already`);
		const previous = { userId: customer.userId, parentUserId: customer.parentUserId };
		const next = {
			userId: opts.newUserId ?? nextBusinessScopedUserId(previous.userId, generation),
			parentUserId: previous.parentUserId ? nextBusinessScopedUserId(previous.parentUserId, generation, true) : undefined,
		};
		const message = {
			from_user_id: previous.userId,
			...(previous.parentUserId ? { from_parent_user_id: previous.parentUserId } : {}),
			id: newMessageId(),
			timestamp: runtime.unixSeconds(),
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
		if (newWaId !== undefined) conversations.moveCustomer(customer, newWaId);
		customers.changeUserIds(customer, next);
		runtime.emit({ type: 'customers' });
		return this.deliverInbound(customer, message, undefined);
	}

	private inbound(from: string, content: Record<string, unknown>, opts: { name?: string; context?: { id: string } } = {}): CustomerAction {
		const { customers, conversations, runtime, business } = this.ctx;
		const customer = customers.actor(from, opts.name);
		customer.lastInboundAt = runtime.now();
		const message = {
			...(opts.context ? { context: { from: business.displayPhoneNumber, id: opts.context.id } } : {}),
			...senderOf(customer),
			id: newMessageId(),
			timestamp: runtime.unixSeconds(),
			...content,
		} as unknown as InboundContent;
		if (message.type === 'reaction') {
			const reaction = message.reaction as { message_id: string; emoji?: string };
			const target = conversations.find(reaction.message_id);
			if (target) target.reactions.customer = reaction.emoji || undefined;
		}
		return this.deliverInbound(customer, message, contactOf(customer));
	}

	/** Record a customer's message in the chat and post its webhook (`system` messages carry no contacts[]). */
	private deliverInbound(customer: Customer, message: InboundContent, contact: WebhookContact | undefined): CustomerAction {
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
		this.ctx.conversations.add(entry);
		const body = inboundMessageBody(this.ctx.business, contact, message as never);
		const { record, outcome } = this.ctx.delivery.enqueue('message', body, { messageId: message.id, waId });
		entry.webhookId = record.id;
		this.ctx.runtime.emit({ type: 'conversation', waId });
		return { messageId: message.id, webhookId: record.id, delivery: outcome };
	}

	private offered(from: string, choicesOf: (m: OutboundMessage) => OfferedChoice[], what: string, idOrTitle: string, messageId?: string) {
		const waId = this.ctx.customers.lookup(from)?.waId ?? digitsOnly(from);
		const found = findOffered(this.ctx.conversations.outboundTo(waId), choicesOf, idOrTitle, messageId);
		if (!found) throw new Error(`Customer ${from} has no ${what} "${idOrTitle}"${messageId ? ` in message ${messageId}` : ''} to tap`);
		return found;
	}
}
