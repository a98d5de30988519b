import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ItemContext } from './ItemContext';
import { isAgentReady } from './nodeVersion';
import { recipientDefault } from '../descriptions/sharedFields';

/**
 * Version 1.1 answers an AI Agent's output with no configuration. After an agent an item is
 * `{ output: "…" }`: the default `{{ $json.from }}` (and `{{ $json.messageId }}`,
 * `{{ $json.phoneNumberId }}`) find nothing. What they meant is the WhatsApp Trigger message the
 * item comes from, which n8n still knows through pairedItem.
 */

/** What a reply needs of the message it answers. */
export interface ConversationOrigin {
	/** The WhatsApp Trigger node the item comes from. */
	node: string;
	/** The sender's phone; absent when Meta withholds it (a username customer) or the item is no customer's message. */
	from?: string;
	/** The sender's business-scoped user ID (BSUID; trigger items since 2026), when the item is a customer's message. */
	userId?: string;
	messageId?: string;
	phoneNumberId?: string;
}

const TRIGGER_TYPE_SUFFIX = '.whatsAppTrigger';

/** The WhatsApp Trigger message behind each item of one execution. */
export class ConversationOrigins {
	private triggers?: string[];

	constructor(private readonly fns: IExecuteFunctions) {}

	/** The nearest WhatsApp Trigger's item this item descends from; undefined when there is none. */
	of(itemIndex: number): ConversationOrigin | undefined {
		for (const node of this.upstreamTriggers()) {
			const json = pairedJson(this.fns, itemIndex, node);
			if (!json) continue;
			const customer = fromCustomer(json);
			return {
				node,
				from: customer ? text(json.from) : undefined,
				userId: customer ? text(json.userId) : undefined,
				messageId: text(json.messageId),
				phoneNumberId: text(json.phoneNumberId),
			};
		}
		return undefined;
	}

	/** WhatsApp Triggers upstream of this node, nearest first (read once per execution). */
	upstreamTriggers(): string[] {
		if (this.triggers) return this.triggers;
		const self = this.fns.getNode().name;
		const ancestors = this.fns.getParentNodes(self);
		const triggers = ancestors.filter((node) => node.type.endsWith(TRIGGER_TYPE_SUFFIX) && !node.disabled).map((node) => node.name);
		if (triggers.length > 1) {
			// getParentNodes lists the farthest first; count hops, so the nearest trigger wins.
			const hops = new Map<string, number>();
			for (let depth = 1; hops.size < triggers.length && depth <= ancestors.length; depth++) {
				for (const node of this.fns.getParentNodes(self, { depth })) {
					if (triggers.includes(node.name) && !hops.has(node.name)) hops.set(node.name, depth);
				}
			}
			triggers.sort((a, b) => (hops.get(a) ?? Infinity) - (hops.get(b) ?? Infinity));
		}
		this.triggers = triggers;
		return triggers;
	}
}

/** `$('<node>').item.json` for this item, or undefined when pairedItem leads elsewhere or nowhere. */
function pairedJson(fns: IExecuteFunctions, itemIndex: number, node: string): IDataObject | undefined {
	try {
		// The second argument asks for the whole item also in n8n's "combined" binary mode.
		const item = fns.getWorkflowDataProxy(itemIndex).$(node, true).item as { json?: unknown } | undefined;
		return item && isObject(item.json) ? item.json : undefined;
	} catch {
		// No path back, a node that did not run, an item without pairedItem: n8n throws for each.
		return undefined;
	}
}

/**
 * Whom to send to, a phone number or (1.1) a business-scoped user ID: To, or (1.1) when To is
 * empty, the sender of the message the item answers: their phone when Meta gave it, else their BSUID.
 */
export function recipientAddress(ctx: ItemContext): string {
	const to = ctx.param<unknown>('to');
	if (isAgentReady(ctx.version) && !isBlank(to)) refuseDefaultOnNonCustomerItem(ctx);
	if (!isAgentReady(ctx.version) || !isBlank(to)) return to as string;
	const origin = ctx.origin();
	const sender = origin?.from ?? origin?.userId;
	if (sender) return sender;
	const node = origin?.node ?? ctx.origins.upstreamTriggers()[0] ?? 'WhatsApp Trigger';
	const reason = origin
		? `the "${node}" item it comes from has no sender (from, userId); it is not a customer's message`
		: 'the item does not come from a WhatsApp Trigger message';
	const item = `$('${node}').item.json`;
	throw new NodeOperationError(ctx.fns.getNode(), `No recipient: "To" is empty and ${reason}`, {
		itemIndex: ctx.index,
		description: `Set To, e.g. {{ ${item}.from ?? ${item}.userId }}`,
	});
}

/**
 * 1.1's default To (`{{ $json.from ?? $json.userId }}`) answers whoever wrote. On a trigger item that
 * is not a customer's message (a status, an echo, a marketing stop, a synced contact), those fields
 * still name the customer: answering it would message them for every status (each send makes new
 * ones). The default answers customer messages only; a To set on purpose is sent as written.
 */
function refuseDefaultOnNonCustomerItem(ctx: ItemContext): void {
	const json = ctx.item.json;
	// Only the 2026 trigger items (1.2) say their direction; a customer's message is event "message", inbound.
	if (!('direction' in json) || (json.event === 'message' && json.direction === 'inbound')) return;
	const raw = ctx.fns.getNodeParameter('to', ctx.index, '', { rawExpressions: true });
	if (raw !== recipientDefault(1.1)) return;
	throw new NodeOperationError(
		ctx.fns.getNode(),
		`Not a customer's message: this item is a "${String(ctx.item.json.event)}" event, which the default To does not answer`,
		{
			itemIndex: ctx.index,
			description: 'Route only customer messages (event "message") to this node, or set To explicitly if you do mean to message this customer.',
		},
	);
}

/** The message to quote: Quote Message ID or, (1.1) when that option is set but empty, the message the item answers. */
export function quotedMessageId(ctx: ItemContext, options: IDataObject): string | undefined {
	const quote = typeof options.quoteMessageId === 'string' ? options.quoteMessageId.trim() : '';
	if (quote || !isAgentReady(ctx.version) || !('quoteMessageId' in options)) return quote || undefined;
	return ctx.origin()?.messageId;
}

/**
 * The business number to send from: Sender Phone Number ID or, (1.1) when that option is set but
 * empty, the number that received the message the item answers. Undefined: the credential's.
 */
export function senderPhoneNumberId(ctx: ItemContext, options: IDataObject): string | undefined {
	const sender = typeof options.phoneNumberId === 'string' ? options.phoneNumberId : undefined;
	if (sender?.trim() || !isAgentReady(ctx.version) || !('phoneNumberId' in options)) return sender;
	return ctx.origin()?.phoneNumberId;
}

/**
 * Whether the item is a customer's message. 2026 items name a customer on most items (the
 * recipient of statuses and echoes, a synced contact) and say which way it went; items without a
 * direction (version 1) have a from only on customers' messages.
 */
function fromCustomer(json: IDataObject): boolean {
	return json.direction === undefined || json.direction === 'inbound';
}

function text(value: unknown): string | undefined {
	if (typeof value === 'number') return String(value);
	return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

function isBlank(value: unknown): boolean {
	return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

function isObject(value: unknown): value is IDataObject {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}
