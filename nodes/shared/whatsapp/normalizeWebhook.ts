/**
 * Turns a Cloud API webhook body into flat items a no-code user can map without reading Meta's
 * docs: one item per message, one per status, one per other change, always with the same keys
 * (null where a key does not apply). Pure: no n8n, no I/O.
 *
 * Two item shapes, chosen by `NormalizeOptions.itemShape`:
 * - `v1` (the default; WhatsApp Trigger 1 and 1.1): the items these versions have always given,
 *   byte for byte (pinned by test/fixtures/v1Items.golden.json).
 * - `2026` (WhatsApp Trigger 1.2): Meta's 2026 Cloud API (shared/design/CLOUD-API-2026.md):
 *   business-scoped user IDs and usernames, sessions keyed on the BSUID, pricing, identity changes,
 *   and an item for every change field (echoes, history, state sync, standby, handovers, …).
 */

export const WEBHOOK_OBJECT = 'whatsapp_business_account';

export type JsonObject = Record<string, unknown>;

export interface NormalizedMedia {
	id: string | null;
	mimeType: string | null;
	sha256: string | null;
	caption: string | null;
	filename: string | null;
}

export interface NormalizedLocation {
	latitude: number | null;
	longitude: number | null;
	name: string | null;
	address: string | null;
	url: string | null;
}

export interface NormalizedReaction {
	/** The id of the message the customer reacted to. */
	messageId: string | null;
	/** The emoji; null when the customer removed their reaction. */
	emoji: string | null;
}

export interface NormalizedContext {
	/** The id of the message the customer replied to (quoted), when there is one. */
	messageId: string | null;
	/** Who sent the quoted message (usually the business's own number). */
	from: string | null;
}

export interface NormalizedOrder {
	catalogId: string | null;
	text: string | null;
	productItems: Array<{
		productRetailerId: string | null;
		quantity: number | null;
		itemPrice: number | null;
		currency: string | null;
	}>;
}

export interface NormalizedError {
	code: number | null;
	title: string | null;
	message: string | null;
	details: string | null;
}

export interface NormalizedConversation {
	id: string | null;
	originType: string | null;
	expiresAt: string | null;
}

export interface NormalizedPricing {
	billable: boolean | null;
	pricingModel: string | null;
	category: string | null;
	type: string | null;
}

export interface NormalizedWebhookItem {
	/** `message`, `status`, or the change's field name (e.g. `message_template_status_update`). */
	event: string;
	messageId: string | null;
	from: string | null;
	contactName: string | null;
	phoneNumberId: string | null;
	displayPhoneNumber: string | null;
	wabaId: string | null;
	/** ISO-8601 UTC. */
	timestamp: string | null;
	type: string | null;
	text: string | null;
	replyId: string | null;
	context: NormalizedContext | null;
	media: NormalizedMedia | null;
	location: NormalizedLocation | null;
	reaction: NormalizedReaction | null;
	contacts: unknown[] | null;
	order: NormalizedOrder | null;
	status: string | null;
	recipientId: string | null;
	errors: NormalizedError[] | null;
	errorCode: number | null;
	conversation: NormalizedConversation | null;
	pricing: NormalizedPricing | null;
	/** A stable key for the conversation: `<phoneNumberId>:<customer wa_id>`. */
	sessionId: string | null;
	/** The original message or status object (the change's value for other events). */
	raw: JsonObject | null;
}

export interface NormalizedMedia2026 extends NormalizedMedia {
	/** The download URL Meta now includes (needs the access token, lives 5 minutes). */
	url: string | null;
	/** Audio: true for a voice note. */
	voice: boolean | null;
}

export interface NormalizedCallPermission {
	/** `accept` or `reject`. */
	response: string | null;
	isPermanent: boolean | null;
	/** ISO-8601 UTC, when a temporary permission ends. */
	expiresAt: string | null;
	/** `user_action` or `automatic`. */
	responseSource: string | null;
}

export interface NormalizedReferredProduct {
	catalogId: string | null;
	productRetailerId: string | null;
}

/** A `history` change (coexistence chat sync): where the sync is and what this chunk holds. */
export interface NormalizedHistory {
	/** 0, 1 or 2: the period being synced. */
	phase: number | null;
	chunkOrder: number | null;
	/** 0–100. */
	progress: number | null;
	threadCount: number;
	/** Messages in the chunk (thread messages plus media that arrived later). */
	messageCount: number;
}

/**
 * An item of the WhatsApp Trigger 1.2 (item shape '2026'): every key of the v1 item, then these.
 * No key is ever absent and none is ever "": null where it does not apply. "The customer" is the
 * sender of inbound items and the recipient of outbound ones (statuses, echoes).
 */
export interface NormalizedWebhookItem2026 extends NormalizedWebhookItem {
	// v1 keys whose meaning 1.2 sharpens:
	// from: the customer's phone number on inbound items; null when withheld (username users) and on outbound items.
	// recipientId: the customer's phone (or a group id) on outbound items: a status's recipient_id, an echo's to.
	// text: only what the customer wrote or tapped (body, caption, button/list title, order text); null for
	//   system notices (see systemText) and flow replies (see flowResponse).
	// contactName: also on statuses and echoes, from contacts[] matched by user_id, then wa_id.
	// sessionId: `<phoneNumberId>:<userId>`, else `<phoneNumberId>:<phone>` (v1's); `<phoneNumberId>:<groupId>` in groups.
	/** v1's media plus url and voice. */
	media: NormalizedMedia2026 | null;

	// Who the customer is
	/** The customer's business-scoped user ID (BSUID, e.g. `US.1000…`): from_user_id, contacts[].user_id, recipient_user_id, to_user_id. */
	userId: string | null;
	/** The customer's parent BSUID (`US.ENT.…`), only for businesses Meta enrolled. */
	parentUserId: string | null;
	/** The customer's WhatsApp username (contacts[].profile.username); it can change, so never a key. */
	username: string | null;
	/** Statuses and echoes: the recipient's BSUID as Meta gives it (recipient_user_id, to_user_id). */
	recipientUserId: string | null;
	/** Statuses and echoes: the recipient's parent BSUID (recipient_parent_user_id, to_parent_user_id). */
	recipientParentUserId: string | null;
	/** The group a message came from or went to (group_id; a group send's recipient_id). */
	groupId: string | null;
	/** `inbound` (from the customer) or `outbound` (statuses, echoes, the business's history lines); null for other events. */
	direction: 'inbound' | 'outbound' | null;
	/** True for items of a thread Meta Business Agent handles (field `standby`): listen, do not reply. */
	standby: boolean;

	// Identity changes (system messages user_changed_number, user_changed_user_id)
	/** The customer's BSUID before the change (system.previous_user_id). */
	previousUserId: string | null;
	/** The customer's parent BSUID before the change (system.previous_parent_user_id). */
	previousParentUserId: string | null;
	/** user_changed_number: the phone the customer wrote from before (the message's from), when Meta shares the new one. */
	previousFrom: string | null;
	/** system.type: `user_changed_number`, `user_changed_user_id`, … */
	systemType: string | null;
	/** system.body: Meta's notice, which is not customer text. */
	systemText: string | null;

	// Message content
	/** interactive.type: `button_reply`, `list_reply`, `nfm_reply`, `call_permission_reply`, … */
	interactiveType: string | null;
	/** A WhatsApp Flow's answer: nfm_reply.response_json parsed (null when it is not a JSON object; raw then keeps it). */
	flowResponse: JsonObject | null;
	/** The flow_token of flowResponse (the flow id is not sent). */
	flowToken: string | null;
	/** An address message's answer (nfm_reply named address_message): `{saved_address_id?, values}`. */
	address: JsonObject | null;
	/** The customer's answer to a call permission request. */
	callPermission: NormalizedCallPermission | null;
	/** The product a customer asks about (context.referred_product). */
	referredProduct: NormalizedReferredProduct | null;
	/** Shared contacts: `contact_request` (tapped Share Contact Info) or `other` (shared a card). */
	contactsOrigin: string | null;
	/** An edit: the id of the message it replaces (its new content is in text, media, …). */
	editOf: string | null;
	/** A revoke: the id of the message taken back. */
	revokes: string | null;
	/** An unsupported message: what it was (`poll_creation`, `edit`, `gif`, …). */
	unsupportedType: string | null;

	// Statuses: pricing (per message since July 2025)
	/** pricing.pricing_model: `PMP` (or `CBP` on old webhooks). */
	pricingModel: string | null;
	/** pricing.type: `regular`, `free_customer_service`, `free_entry_point`, … */
	pricingType: string | null;
	/** pricing.category: `marketing`, `utility`, `service`, `authentication-international`, … */
	pricingCategory: string | null;
	/** pricing.billable (Meta will remove it: derive billing from pricingType and pricingCategory). */
	billable: boolean | null;
	/** conversation.id, when Meta still sends a conversation. */
	conversationId: string | null;

	// Other events
	/** history: the chunk's phase, order, progress and counts (on the summary and on each expanded message). */
	history: NormalizedHistory | null;
	/** handover: `control_passed`, `control_taken`, … */
	handoverType: string | null;
	/** handover: the previous owner's role as found (previous_owner_role, else previous_owner_app_role). */
	previousOwnerRole: string | null;
	/** handover: the new owner's role as found. */
	newOwnerRole: string | null;
	/** user_preferences: the category (`marketing_messages`). */
	preferenceCategory: string | null;
	/** user_preferences: `stop` or `resume`. */
	preference: string | null;
	/** smb_app_state_sync: `add` or `remove` (the contact is in from, userId, contactName, …). */
	syncAction: string | null;
}

export interface WebhookChange {
	field: string;
	value: JsonObject;
}

export interface WebhookEnvelope {
	object: typeof WEBHOOK_OBJECT;
	entry: Array<{ id?: unknown; time?: unknown; changes: WebhookChange[] }>;
}

export type EnvelopeCheck = { ok: true; envelope: WebhookEnvelope } | { ok: false; reason: string };

export type ItemShape = 'v1' | '2026';

export interface NormalizeOptions {
	/** Keep the original message/status object in `raw` (default true). */
	includeRaw?: boolean;
	/** `v1` (default: WhatsApp Trigger 1 and 1.1) or `2026` (1.2); see the top of this file. */
	itemShape?: ItemShape;
	/** Shape 2026: one item per message of a `history` change instead of one summary item per change. */
	expandHistory?: boolean;
}

const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

const describe = (value: unknown): string => (value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value);

/**
 * Checks that a parsed body is a WhatsApp Business Account webhook. Only the envelope is strict
 * (object, entry[], changes[], field, value): the contents of a value vary with Meta's versions
 * and are read leniently by normalizeWebhook.
 */
export function validateWebhookEnvelope(body: unknown): EnvelopeCheck {
	if (!isObject(body)) {
		return { ok: false, reason: `the body is ${describe(body)}, expected a JSON object` };
	}
	if (body.object !== WEBHOOK_OBJECT) {
		const got = body.object === undefined ? 'missing' : JSON.stringify(body.object);
		return {
			ok: false,
			reason: `"object" is ${got}, expected "${WEBHOOK_OBJECT}": this is not a WhatsApp Cloud API webhook`,
		};
	}
	if (!Array.isArray(body.entry)) {
		return { ok: false, reason: `"entry" is ${describe(body.entry)}, expected an array` };
	}
	for (const [e, entry] of body.entry.entries()) {
		if (!isObject(entry)) {
			return { ok: false, reason: `entry[${e}] is ${describe(entry)}, expected an object` };
		}
		if (!Array.isArray(entry.changes)) {
			return { ok: false, reason: `entry[${e}].changes is ${describe(entry.changes)}, expected an array` };
		}
		for (const [c, change] of entry.changes.entries()) {
			if (!isObject(change)) {
				return { ok: false, reason: `entry[${e}].changes[${c}] is ${describe(change)}, expected an object` };
			}
			if (typeof change.field !== 'string' || change.field === '') {
				return { ok: false, reason: `entry[${e}].changes[${c}].field is missing` };
			}
			if (!isObject(change.value)) {
				return {
					ok: false,
					reason: `entry[${e}].changes[${c}].value is ${describe(change.value)}, expected an object`,
				};
			}
		}
	}
	return { ok: true, envelope: body as unknown as WebhookEnvelope };
}

const str = (value: unknown): string | null => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : null);

const num = (value: unknown): number | null => {
	if (typeof value === 'number' && Number.isFinite(value)) return value;
	if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
	return null;
};

const bool = (value: unknown): boolean | null => (typeof value === 'boolean' ? value : null);

const obj = (value: unknown): JsonObject => (isObject(value) ? value : {});

/** Unix seconds (Meta sends them as strings) → ISO-8601 UTC; null when absent or not a time. */
export function unixSecondsToIso(value: unknown): string | null {
	const seconds = num(value);
	if (seconds === null) return null;
	const date = new Date(seconds * 1000);
	return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

function normalizeErrors(value: unknown): NormalizedError[] | null {
	if (!Array.isArray(value) || value.length === 0) return null;
	return value.map((error) => {
		const e = obj(error);
		return {
			code: num(e.code),
			title: str(e.title),
			message: str(e.message) ?? str(e.title),
			details: str(obj(e.error_data).details),
		};
	});
}

function normalizeMedia(media: unknown): NormalizedMedia {
	const m = obj(media);
	return {
		id: str(m.id),
		mimeType: str(m.mime_type),
		sha256: str(m.sha256),
		caption: str(m.caption),
		filename: str(m.filename),
	};
}

/** The type-specific part of an item; each message type contributes only its own keys. */
type TypeFields = Partial<Pick<NormalizedWebhookItem, 'text' | 'replyId' | 'media' | 'location' | 'reaction' | 'contacts' | 'order' | 'errors'>>;

const mediaFields = (media: unknown): TypeFields => {
	const normalized = normalizeMedia(media);
	return { media: normalized, text: normalized.caption };
};

// One small reader per message type, in a table rather than a switch: adding a type is one line.
const messageTypeReaders: Record<string, (message: JsonObject) => TypeFields> = {
	text: (m) => ({ text: str(obj(m.text).body) }),
	image: (m) => mediaFields(m.image),
	video: (m) => mediaFields(m.video),
	audio: (m) => mediaFields(m.audio),
	document: (m) => mediaFields(m.document),
	sticker: (m) => mediaFields(m.sticker),
	location: (m) => {
		const l = obj(m.location);
		return {
			location: {
				latitude: num(l.latitude),
				longitude: num(l.longitude),
				name: str(l.name),
				address: str(l.address),
				url: str(l.url),
			},
		};
	},
	contacts: (m) => ({ contacts: Array.isArray(m.contacts) ? m.contacts : [] }),
	interactive: (m) => {
		const interactive = obj(m.interactive);
		// button_reply / list_reply carry {id, title}; nfm_reply (a WhatsApp Flow) carries {name, body}.
		const reply = obj(interactive[str(interactive.type) ?? '']);
		return { text: str(reply.title) ?? str(reply.body), replyId: str(reply.id) };
	},
	button: (m) => {
		const button = obj(m.button);
		return { text: str(button.text), replyId: str(button.payload) };
	},
	reaction: (m) => {
		const r = obj(m.reaction);
		// An absent or empty emoji means the customer removed the reaction.
		return { reaction: { messageId: str(r.message_id), emoji: str(r.emoji) || null } };
	},
	order: (m) => {
		const o = obj(m.order);
		const items = Array.isArray(o.product_items) ? o.product_items : [];
		return {
			text: str(o.text),
			order: {
				catalogId: str(o.catalog_id),
				text: str(o.text),
				productItems: items.map((item) => {
					const i = obj(item);
					return {
						productRetailerId: str(i.product_retailer_id),
						quantity: num(i.quantity),
						itemPrice: num(i.item_price),
						currency: str(i.currency),
					};
				}),
			},
		};
	},
	system: (m) => ({ text: str(obj(m.system).body) }),
};

function emptyItem(event: string): NormalizedWebhookItem {
	return {
		event,
		messageId: null,
		from: null,
		contactName: null,
		phoneNumberId: null,
		displayPhoneNumber: null,
		wabaId: null,
		timestamp: null,
		type: null,
		text: null,
		replyId: null,
		context: null,
		media: null,
		location: null,
		reaction: null,
		contacts: null,
		order: null,
		status: null,
		recipientId: null,
		errors: null,
		errorCode: null,
		conversation: null,
		pricing: null,
		sessionId: null,
		raw: null,
	};
}

interface ChangeScope {
	wabaId: string | null;
	phoneNumberId: string | null;
	displayPhoneNumber: string | null;
	contacts: JsonObject[];
	includeRaw: boolean;
}

const sessionKey = (phoneNumberId: string | null, customer: string | null): string | null =>
	phoneNumberId && customer ? `${phoneNumberId}:${customer}` : null;

function contactNameFor(scope: ChangeScope, waId: string | null): string | null {
	const contact = scope.contacts.find((c) => str(c.wa_id) === waId) ?? (scope.contacts.length === 1 ? scope.contacts[0] : undefined);
	return contact ? str(obj(contact.profile).name) : null;
}

// Forwarded messages carry a context without an id: that is no quote, so context stays null.
function normalizeContext(value: unknown): NormalizedContext | null {
	if (!isObject(value) || (value.id === undefined && value.from === undefined)) return null;
	return {
		messageId: str(value.id),
		from: str(value.from),
	};
}

function normalizeMessage(message: JsonObject, scope: ChangeScope): NormalizedWebhookItem {
	const type = str(message.type);
	const from = str(message.from);
	const errors = normalizeErrors(message.errors);
	const fields = (type && messageTypeReaders[type]?.(message)) || {};
	return {
		...emptyItem('message'),
		messageId: str(message.id),
		from,
		contactName: contactNameFor(scope, from),
		phoneNumberId: scope.phoneNumberId,
		displayPhoneNumber: scope.displayPhoneNumber,
		wabaId: scope.wabaId,
		timestamp: unixSecondsToIso(message.timestamp),
		type,
		context: normalizeContext(message.context),
		...fields,
		errors,
		errorCode: errors?.[0]?.code ?? null,
		sessionId: sessionKey(scope.phoneNumberId, from),
		raw: scope.includeRaw ? keptRaw(message) : null,
	};
}

function normalizeConversation(value: unknown): NormalizedConversation | null {
	if (!isObject(value)) return null;
	return {
		id: str(value.id),
		originType: str(obj(value.origin).type),
		expiresAt: unixSecondsToIso(value.expiration_timestamp),
	};
}

function normalizePricing(value: unknown): NormalizedPricing | null {
	if (!isObject(value)) return null;
	return {
		billable: bool(value.billable),
		pricingModel: str(value.pricing_model),
		category: str(value.category),
		type: str(value.type),
	};
}

function normalizeStatus(status: JsonObject, scope: ChangeScope): NormalizedWebhookItem {
	const recipientId = str(status.recipient_id);
	const errors = normalizeErrors(status.errors);
	return {
		...emptyItem('status'),
		messageId: str(status.id),
		phoneNumberId: scope.phoneNumberId,
		displayPhoneNumber: scope.displayPhoneNumber,
		wabaId: scope.wabaId,
		timestamp: unixSecondsToIso(status.timestamp),
		status: str(status.status),
		recipientId,
		errors,
		errorCode: errors?.[0]?.code ?? null,
		conversation: normalizeConversation(status.conversation),
		pricing: normalizePricing(status.pricing),
		sessionId: sessionKey(scope.phoneNumberId, recipientId),
		raw: scope.includeRaw ? keptRaw(status) : null,
	};
}

/** Nesting kept in `raw`: Meta's payloads go about 6 levels deep; n8n's later nodes fail on thousands. */
export const MAX_RAW_DEPTH = 32;
const TOO_DEEP = '[nested deeper than 32 levels: left out]';

/** The object as it came, or a copy cut at MAX_RAW_DEPTH (only when it is deeper: no copy otherwise). */
function keptRaw(value: JsonObject): JsonObject {
	return depthWithin(value, MAX_RAW_DEPTH) ? value : (cutAt(value, MAX_RAW_DEPTH) as JsonObject);
}

function depthWithin(value: unknown, levels: number): boolean {
	if (typeof value !== 'object' || value === null) return true;
	if (levels === 0) return false;
	for (const child of Array.isArray(value) ? value : Object.values(value)) if (!depthWithin(child, levels - 1)) return false;
	return true;
}

function cutAt(value: unknown, levels: number): unknown {
	if (typeof value !== 'object' || value === null) return value;
	if (levels === 0) return TOO_DEEP;
	if (Array.isArray(value)) return value.map((child) => cutAt(child, levels - 1));
	return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, cutAt(child, levels - 1)]));
}

/**
 * A change other than messages/statuses (template status, account update, …): its value is the
 * whole content, so it is always kept in `raw` whatever includeRaw says.
 */
function normalizeOtherChange(change: WebhookChange, scope: ChangeScope, entryTime: unknown): NormalizedWebhookItem {
	const value = change.value;
	const errors = normalizeErrors(value.errors);
	return {
		...emptyItem(change.field),
		phoneNumberId: scope.phoneNumberId,
		displayPhoneNumber: scope.displayPhoneNumber,
		wabaId: scope.wabaId,
		timestamp: unixSecondsToIso(value.timestamp ?? entryTime),
		errors,
		errorCode: errors?.[0]?.code ?? null,
		raw: keptRaw(value),
	};
}

// ---------------------------------------------------------------------------------------------
// Item shape '2026' (WhatsApp Trigger 1.2)
// ---------------------------------------------------------------------------------------------

/** A string, with "" counting as absent: Meta omits what it does not send (never ""), and so do 2026 items. */
const s = (value: unknown): string | null => str(value) || null;

const objects = (value: unknown): JsonObject[] => (Array.isArray(value) ? value.filter(isObject) : []);

interface Scope2026 {
	wabaId: string | null;
	phoneNumberId: string | null;
	displayPhoneNumber: string | null;
	/** The change's contacts[] (or a history thread's context, as one contact). */
	contacts: JsonObject[];
	includeRaw: boolean;
	standby: boolean;
}

interface Change2026 {
	field: string;
	value: JsonObject;
	scope: Scope2026;
	entryTime: unknown;
	expandHistory: boolean;
}

function scopeOf(wabaId: string | null, value: JsonObject, includeRaw: boolean): Scope2026 {
	// Handovers were seen without metadata, the business number then being in `recipient`.
	const metadata = obj(value.metadata);
	const recipient = obj(value.recipient);
	return {
		wabaId,
		phoneNumberId: s(metadata.phone_number_id) ?? s(recipient.phone_number_id),
		displayPhoneNumber: s(metadata.display_phone_number) ?? s(recipient.display_phone_number),
		contacts: objects(value.contacts),
		includeRaw,
		standby: false,
	};
}

// Written out in full, not spread from emptyItem(): V8 builds a 60-key literal many times faster.
function emptyItem2026(event: string, scope: Scope2026): NormalizedWebhookItem2026 {
	return {
		event,
		messageId: null,
		from: null,
		contactName: null,
		phoneNumberId: scope.phoneNumberId,
		displayPhoneNumber: scope.displayPhoneNumber,
		wabaId: scope.wabaId,
		timestamp: null,
		type: null,
		text: null,
		replyId: null,
		context: null,
		media: null,
		location: null,
		reaction: null,
		contacts: null,
		order: null,
		status: null,
		recipientId: null,
		errors: null,
		errorCode: null,
		conversation: null,
		pricing: null,
		sessionId: null,
		userId: null,
		parentUserId: null,
		username: null,
		recipientUserId: null,
		recipientParentUserId: null,
		groupId: null,
		direction: null,
		standby: scope.standby,
		previousUserId: null,
		previousParentUserId: null,
		previousFrom: null,
		systemType: null,
		systemText: null,
		interactiveType: null,
		flowResponse: null,
		flowToken: null,
		address: null,
		callPermission: null,
		referredProduct: null,
		contactsOrigin: null,
		editOf: null,
		revokes: null,
		unsupportedType: null,
		pricingModel: null,
		pricingType: null,
		pricingCategory: null,
		billable: null,
		conversationId: null,
		history: null,
		handoverType: null,
		previousOwnerRole: null,
		newOwnerRole: null,
		preferenceCategory: null,
		preference: null,
		syncAction: null,
		raw: null,
	};
}

// Sub-objects kept as Meta or the customer sent them; everything else of an item is ours.
const KEPT_AS_SENT = new Set(['raw', 'contacts', 'flowResponse', 'address']);

/** The item with any "" left by the v1 readers turned into null (they keep "" for versions 1 and 1.1). */
function withoutBlanks(item: NormalizedWebhookItem2026): NormalizedWebhookItem2026 {
	const fields = item as unknown as JsonObject;
	for (const key in fields) {
		const value = fields[key];
		if (value === '') fields[key] = null;
		else if (typeof value === 'object' && value !== null && !KEPT_AS_SENT.has(key)) clearBlanks(value as JsonObject);
	}
	return item;
}

/** Turns "" into null throughout one of our own sub-objects (media, errors, order, …). */
function clearBlanks(fields: JsonObject): void {
	for (const key in fields) {
		const value = fields[key];
		if (value === '') fields[key] = null;
		else if (typeof value === 'object' && value !== null) clearBlanks(value as JsonObject);
	}
}

const sessionKey2026 = (scope: Scope2026, customer: { groupId?: string | null; userId: string | null; phone: string | null }) =>
	sessionKey(scope.phoneNumberId, customer.groupId ?? customer.userId ?? customer.phone);

interface Customer {
	phone: string | null;
	userId: string | null;
	parentUserId: string | null;
	username: string | null;
	name: string | null;
}

/**
 * The customer an item is about, completed from contacts[]: matched by BSUID, then by phone, or
 * the only contact when nothing contradicts it (§1.9.5 of the addendum).
 */
function identify(scope: Scope2026, phone: string | null, userId: string | null, parentUserId: string | null): Customer {
	const contact =
		(userId && scope.contacts.find((c) => s(c.user_id) === userId)) ||
		(phone && scope.contacts.find((c) => s(c.wa_id) === phone)) ||
		(scope.contacts.length === 1 && fits(scope.contacts[0], userId, phone) ? scope.contacts[0] : undefined);
	const c = contact ?? {};
	const profile = obj(c.profile);
	return {
		phone: phone ?? s(c.wa_id),
		userId: userId ?? s(c.user_id),
		parentUserId: parentUserId ?? s(c.parent_user_id),
		username: s(profile.username),
		name: s(profile.name),
	};
}

const fits = (contact: JsonObject, userId: string | null, phone: string | null): boolean =>
	!(userId && s(contact.user_id) && s(contact.user_id) !== userId) && !(phone && s(contact.wa_id) && s(contact.wa_id) !== phone);

const customerFields = (customer: Customer) => ({
	contactName: customer.name,
	userId: customer.userId,
	parentUserId: customer.parentUserId,
	username: customer.username,
});

function parseJsonObject(value: unknown): JsonObject | null {
	if (isObject(value)) return value;
	if (typeof value !== 'string') return null;
	try {
		const parsed: unknown = JSON.parse(value);
		return isObject(parsed) ? parsed : null;
	} catch {
		return null;
	}
}

function normalizeMedia2026(media: unknown): NormalizedMedia2026 {
	const m = obj(media);
	return { ...normalizeMedia(m), url: s(m.url), voice: bool(m.voice) };
}

function normalizeReferredProduct(context: unknown): NormalizedReferredProduct | null {
	const product = obj(context).referred_product;
	if (!isObject(product)) return null;
	return { catalogId: s(product.catalog_id), productRetailerId: s(product.product_retailer_id) };
}

/** What a 2026 content reader adds to the v1 reader of the same type; keepRaw: raw is kept whatever includeRaw says. */
type Content2026 = Partial<NormalizedWebhookItem2026> & { keepRaw?: boolean };

const mediaReader2026 =
	(type: string) =>
	(m: JsonObject): Content2026 => ({ media: normalizeMedia2026(m[type]) });

function readInteractive2026(m: JsonObject): Content2026 {
	const interactive = obj(m.interactive);
	const interactiveType = s(interactive.type);
	if (interactiveType === 'nfm_reply') {
		// A Flow's answer: its body ("Sent") is no customer text; the answer is response_json.
		const reply = obj(interactive.nfm_reply);
		const response = parseJsonObject(reply.response_json);
		return {
			interactiveType,
			text: null,
			flowResponse: response,
			flowToken: s(response?.flow_token),
			address: s(reply.name) === 'address_message' ? response : null,
			keepRaw: response === null && reply.response_json !== undefined,
		};
	}
	if (interactiveType === 'call_permission_reply') {
		const reply = obj(interactive.call_permission_reply);
		return {
			interactiveType,
			callPermission: {
				response: s(reply.response),
				isPermanent: bool(reply.is_permanent),
				expiresAt: unixSecondsToIso(reply.expiration_timestamp),
				responseSource: s(reply.response_source),
			},
		};
	}
	return { interactiveType };
}

function readEdit2026(m: JsonObject): Content2026 {
	const edit = obj(m.edit);
	const replacement = obj(edit.message);
	// The new content, read like a message of its type (an edit of an edit is not followed).
	const content = str(replacement.type) === 'edit' ? {} : readContent2026(replacement);
	const context = normalizeContext(replacement.context);
	return { ...content, ...(context ? { context } : {}), editOf: s(edit.original_message_id) };
}

// The 2026 additions per message type, in a table like the v1 readers (which still run first).
const contentReaders2026: Record<string, (message: JsonObject) => Content2026> = {
	image: mediaReader2026('image'),
	video: mediaReader2026('video'),
	audio: mediaReader2026('audio'),
	document: mediaReader2026('document'),
	sticker: mediaReader2026('sticker'),
	interactive: readInteractive2026,
	// origin sits in contacts[] now; an earlier revision put it on the message (§1.7): read both.
	contacts: (m) => ({ contactsOrigin: s(objects(m.contacts)[0]?.origin) ?? s(m.origin) }),
	system: (m) => ({ text: null, systemType: s(obj(m.system).type), systemText: s(obj(m.system).body) }),
	unsupported: (m) => ({ unsupportedType: s(obj(m.unsupported).type) }),
	revoke: (m) => ({ revokes: s(obj(m.revoke).original_message_id) }),
	edit: readEdit2026,
};

function readContent2026(message: JsonObject): Content2026 {
	const type = str(message.type) ?? '';
	// v1's media is left out: the 2026 media readers give it with url and voice.
	const { media, ...v1Content } = messageTypeReaders[type]?.(message) ?? {};
	return { ...v1Content, ...contentReaders2026[type]?.(message) };
}

interface Identity {
	phone: string | null;
	userId: string | null;
	parentUserId: string | null;
}

/** An inbound message's sender; for an identity change, the customer as they are now (§1.6). */
function senderOf(message: JsonObject): Identity & Pick<NormalizedWebhookItem2026, 'previousUserId' | 'previousParentUserId' | 'previousFrom'> {
	const system = str(message.type) === 'system' ? obj(message.system) : {};
	const from = s(message.from);
	const newPhone = s(system.wa_id);
	return {
		phone: newPhone ?? from,
		userId: s(system.user_id) ?? s(message.from_user_id),
		parentUserId: s(system.parent_user_id) ?? s(message.from_parent_user_id),
		previousUserId: s(system.previous_user_id),
		previousParentUserId: s(system.previous_parent_user_id),
		previousFrom: newPhone && from !== newPhone ? from : null,
	};
}

/** An outbound message's recipient (echoes, the business's history lines). */
const recipientOf = (message: JsonObject): Identity => ({
	phone: s(message.to),
	userId: s(message.to_user_id),
	parentUserId: s(message.to_parent_user_id),
});

/** A standby echo was seen with its content nested in `message` (§4.1, shape unconfirmed): read it flat. */
function unwrapped(source: JsonObject): JsonObject {
	if (source.type !== undefined || !isObject(source.message)) return source;
	const { message, ...outer } = source;
	return { ...message, ...outer };
}

/** A customer's message (inbound) or the business's (outbound: echoes, history lines). */
function messageItem2026(
	event: string,
	source: JsonObject,
	scope: Scope2026,
	direction: 'inbound' | 'outbound',
	extra: Partial<NormalizedWebhookItem2026> = {},
): NormalizedWebhookItem2026 {
	const message = unwrapped(source);
	const { keepRaw, ...content } = readContent2026(message);
	const sender = direction === 'inbound' ? senderOf(message) : undefined;
	const stated = sender ?? recipientOf(message);
	const customer = identify(scope, stated.phone, stated.userId, stated.parentUserId);
	const groupId = s(message.group_id);
	const errors = normalizeErrors(message.errors);
	return withoutBlanks({
		...emptyItem2026(event, scope),
		messageId: s(message.id),
		from: sender ? customer.phone : null,
		timestamp: unixSecondsToIso(message.timestamp),
		type: s(message.type),
		context: normalizeContext(message.context),
		recipientId: sender ? null : customer.phone,
		...customerFields(customer),
		recipientUserId: sender ? null : stated.userId,
		recipientParentUserId: sender ? null : stated.parentUserId,
		groupId,
		direction,
		previousUserId: sender?.previousUserId ?? null,
		previousParentUserId: sender?.previousParentUserId ?? null,
		previousFrom: sender?.previousFrom ?? null,
		referredProduct: normalizeReferredProduct(message.context),
		...content,
		errors,
		errorCode: errors?.[0]?.code ?? null,
		sessionId: sessionKey2026(scope, { groupId, ...customer }),
		...extra,
		raw: scope.includeRaw || keepRaw ? keptRaw(source) : null,
	});
}

function statusItem2026(status: JsonObject, scope: Scope2026): NormalizedWebhookItem2026 {
	// A group send names the group in recipient_id and the member in recipient_participant_* (§1.5).
	const inGroup = s(status.recipient_type) === 'group';
	const recipientId = s(status.recipient_id);
	const groupId = inGroup ? recipientId : null;
	const recipientUserId = s(status.recipient_user_id) ?? (inGroup ? s(status.recipient_participant_user_id) : null);
	const recipientParentUserId = s(status.recipient_parent_user_id) ?? (inGroup ? s(status.recipient_participant_parent_user_id) : null);
	const customer = identify(scope, inGroup ? s(status.recipient_participant_id) : recipientId, recipientUserId, recipientParentUserId);
	const errors = normalizeErrors(status.errors);
	const conversation = normalizeConversation(status.conversation);
	const pricing = normalizePricing(status.pricing);
	return withoutBlanks({
		...emptyItem2026('status', scope),
		messageId: s(status.id),
		timestamp: unixSecondsToIso(status.timestamp),
		status: s(status.status),
		recipientId,
		errors,
		errorCode: errors?.[0]?.code ?? null,
		conversation,
		pricing,
		// Failed sends by phone carry no BSUID: they key on recipient_id (§1.9.3).
		sessionId: sessionKey2026(scope, { groupId, ...customer }),
		...customerFields(customer),
		recipientUserId,
		recipientParentUserId,
		groupId,
		direction: 'outbound',
		pricingModel: pricing?.pricingModel ?? null,
		pricingType: pricing?.type ?? null,
		pricingCategory: pricing?.category ?? null,
		billable: pricing?.billable ?? null,
		conversationId: conversation?.id ?? null,
		raw: scope.includeRaw ? keptRaw(status) : null,
	});
}

/** An item for a whole change: its value is its content, so it is always kept in raw. */
function changeItem2026(change: Change2026, fields: Partial<NormalizedWebhookItem2026> = {}): NormalizedWebhookItem2026 {
	const errors = normalizeErrors(change.value.errors);
	return withoutBlanks({
		...emptyItem2026(change.field, change.scope),
		timestamp: unixSecondsToIso(change.value.timestamp ?? change.entryTime),
		errors,
		errorCode: errors?.[0]?.code ?? null,
		...fields,
		raw: keptRaw(change.value),
	});
}

/** Customer messages, business echoes and statuses found in one value. */
function conversationItems(value: JsonObject, scope: Scope2026): NormalizedWebhookItem2026[] {
	return [
		...objects(value.messages).map((message) => messageItem2026('message', message, scope, 'inbound')),
		...objects(value.message_echoes).map((echo) => messageItem2026('message_echo', echo, scope, 'outbound')),
		...objects(value.statuses).map((status) => statusItem2026(status, scope)),
	];
}

/** messages and smb_message_echoes: one item each; a value with none (errors only) is one item. */
function conversationChange(change: Change2026): NormalizedWebhookItem2026[] {
	const items = conversationItems(change.value, change.scope);
	return items.length > 0 ? items : [changeItem2026(change)];
}

/** standby: the Meta Business Agent's thread, read at value level and under value.standby (§4.1, unconfirmed). */
function standbyChange(change: Change2026): NormalizedWebhookItem2026[] {
	const scope = { ...change.scope, standby: true };
	const nested = obj(change.value.standby);
	const nestedScope = scopeOf(scope.wabaId, nested, scope.includeRaw);
	const nestedItems = conversationItems(nested, {
		...scope,
		phoneNumberId: scope.phoneNumberId ?? nestedScope.phoneNumberId,
		displayPhoneNumber: scope.displayPhoneNumber ?? nestedScope.displayPhoneNumber,
		contacts: nestedScope.contacts.length > 0 ? nestedScope.contacts : scope.contacts,
	});
	const items = [...conversationItems(change.value, scope), ...nestedItems];
	return items.length > 0 ? items : [changeItem2026({ ...change, scope })];
}

/** A history line written by the business (it names a recipient, or comes from the business number). */
const isBusinessLine = (message: JsonObject, scope: Scope2026): boolean =>
	message.to !== undefined || message.to_user_id !== undefined || (s(message.from) !== null && s(message.from) === scope.displayPhoneNumber);

/**
 * history: one summary item per change (one webhook can hold thousands of messages), or with
 * expandHistory one `history_message` item per message, keyed on its thread's customer.
 */
function historyChange(change: Change2026): NormalizedWebhookItem2026[] {
	const { value, scope } = change;
	const chunks = objects(value.history);
	const chunkMetadata = obj(chunks.find((chunk) => isObject(chunk.metadata))?.metadata);
	const threads = chunks.flatMap((chunk) => objects(chunk.threads));
	// Media arrives later in history changes of their own, as messages[] and message_echoes[].
	const laterMessages = objects(value.messages);
	const laterEchoes = objects(value.message_echoes);
	const history: NormalizedHistory = {
		phase: num(chunkMetadata.phase),
		chunkOrder: num(chunkMetadata.chunk_order),
		progress: num(chunkMetadata.progress),
		threadCount: threads.length,
		messageCount: threads.reduce((count, thread) => count + objects(thread.messages).length, 0) + laterMessages.length + laterEchoes.length,
	};
	if (!change.expandHistory || history.messageCount === 0) {
		const errors = normalizeErrors([
			...chunks.flatMap((chunk) => (Array.isArray(chunk.errors) ? chunk.errors : [])),
			...(Array.isArray(value.errors) ? value.errors : []),
		]);
		return [changeItem2026(change, { history, errors, errorCode: errors?.[0]?.code ?? null })];
	}
	const line = (message: JsonObject, lineScope: Scope2026, direction: 'inbound' | 'outbound') =>
		messageItem2026('history_message', message, lineScope, direction, { status: s(obj(message.history_context).status), history: { ...history } });
	const items: NormalizedWebhookItem2026[] = [];
	for (const thread of threads) {
		// The thread's context names its customer: it stands in as the thread's only contact.
		const context = obj(thread.context);
		const threadScope = {
			...scope,
			contacts: [{ wa_id: context.wa_id, user_id: context.user_id, parent_user_id: context.parent_user_id, profile: { username: context.username } }],
		};
		for (const message of objects(thread.messages)) {
			items.push(line(message, threadScope, isBusinessLine(message, scope) ? 'outbound' : 'inbound'));
		}
	}
	for (const message of laterMessages) items.push(line(message, scope, 'inbound'));
	for (const echo of laterEchoes) items.push(line(echo, scope, 'outbound'));
	return items;
}

/** smb_app_state_sync: one item per synced contact of the WhatsApp Business app. */
function stateSyncChange(change: Change2026): NormalizedWebhookItem2026[] {
	const entries = objects(change.value.state_sync);
	if (entries.length === 0) return [changeItem2026(change)];
	return entries.map((entry) => {
		const contact = obj(entry.contact);
		const customer = { phone: s(contact.phone_number), userId: s(contact.user_id) };
		return withoutBlanks({
			...emptyItem2026(change.field, change.scope),
			from: customer.phone,
			contactName: s(contact.full_name) ?? s(contact.first_name),
			timestamp: unixSecondsToIso(obj(entry.metadata).timestamp ?? change.entryTime),
			type: s(entry.type),
			sessionId: sessionKey2026(change.scope, customer),
			userId: customer.userId,
			parentUserId: s(contact.parent_user_id),
			username: s(contact.username),
			syncAction: s(entry.action),
			raw: keptRaw(entry),
		});
	});
}

/** user_preferences: one item per entry (a customer stopping or resuming marketing messages). */
function userPreferencesChange(change: Change2026): NormalizedWebhookItem2026[] {
	const entries = objects(change.value.user_preferences);
	if (entries.length === 0) return [changeItem2026(change)];
	return entries.map((entry) => {
		const customer = identify(change.scope, s(entry.wa_id), s(entry.user_id), s(entry.parent_user_id));
		return withoutBlanks({
			...emptyItem2026(change.field, change.scope),
			from: customer.phone,
			timestamp: unixSecondsToIso(entry.timestamp ?? change.entryTime),
			sessionId: sessionKey2026(change.scope, customer),
			...customerFields(customer),
			preferenceCategory: s(entry.category),
			preference: s(entry.value),
			raw: keptRaw(entry),
		});
	});
}

const HANDOVER_TYPES = ['control_passed', 'control_taken'];

/** messaging_handovers: who holds the thread now. Meta's page and observed payloads name things differently: read both (§4.1). */
function handoverChange(change: Change2026): NormalizedWebhookItem2026[] {
	const { value } = change;
	const handoverType = s(value.type) ?? HANDOVER_TYPES.find((type) => isObject(value[type])) ?? null;
	const details = obj(value[handoverType ?? '']);
	const sender = obj(value.sender);
	const customer = identify(change.scope, s(sender.phone_number) ?? s(sender.wa_id), s(sender.user_id), s(sender.parent_user_id));
	return [
		changeItem2026(change, {
			event: 'handover',
			from: customer.phone,
			sessionId: sessionKey2026(change.scope, customer),
			...customerFields(customer),
			handoverType,
			previousOwnerRole:
				s(details.previous_owner_role) ?? s(details.previous_owner_app_role) ?? s(obj(details.previous_owner).app_role) ?? s(value.previous_owner_role),
			newOwnerRole: s(details.new_owner_role) ?? s(details.new_owner_app_role) ?? s(value.new_owner_role),
		}),
	];
}

// The change fields with items of their own; every other field (calls, groups, flows, account_*,
// and fields Meta adds later) becomes one generic item named after it, its value in raw.
const changeReaders2026: Record<string, (change: Change2026) => NormalizedWebhookItem2026[]> = {
	messages: conversationChange,
	smb_message_echoes: conversationChange,
	standby: standbyChange,
	history: historyChange,
	smb_app_state_sync: stateSyncChange,
	user_preferences: userPreferencesChange,
	messaging_handovers: handoverChange,
};

function changeItems2026(entry: WebhookEnvelope['entry'][number], change: WebhookChange, options: NormalizeOptions): NormalizedWebhookItem2026[] {
	// An own-property lookup: a field named "constructor" or "__proto__" is just an unknown field.
	const known = Object.prototype.hasOwnProperty.call(changeReaders2026, change.field) ? changeReaders2026[change.field] : undefined;
	const read = known ?? ((c: Change2026) => [changeItem2026(c)]);
	return read({
		field: change.field,
		value: change.value,
		scope: scopeOf(s(entry.id), change.value, options.includeRaw ?? true),
		entryTime: entry.time,
		expandHistory: options.expandHistory === true,
	});
}

// ---------------------------------------------------------------------------------------------

/** Item shape 'v1': exactly what the WhatsApp Trigger 1 and 1.1 have always given. */
function changeItemsV1(entry: WebhookEnvelope['entry'][number], change: WebhookChange, includeRaw: boolean): NormalizedWebhookItem[] {
	const items: NormalizedWebhookItem[] = [];
	const value = change.value;
	const metadata = obj(value.metadata);
	const scope: ChangeScope = {
		wabaId: str(entry.id),
		phoneNumberId: str(metadata.phone_number_id),
		displayPhoneNumber: str(metadata.display_phone_number),
		contacts: Array.isArray(value.contacts) ? value.contacts.filter(isObject) : [],
		includeRaw,
	};
	const messages = change.field === 'messages' && Array.isArray(value.messages) ? value.messages : [];
	const statuses = change.field === 'messages' && Array.isArray(value.statuses) ? value.statuses : [];
	for (const message of messages.filter(isObject)) items.push(normalizeMessage(message, scope));
	for (const status of statuses.filter(isObject)) items.push(normalizeStatus(status, scope));
	if (messages.length === 0 && statuses.length === 0) {
		items.push(normalizeOtherChange(change, scope, entry.time));
	}
	return items;
}

/**
 * One item per message, per status and per other change, in the order Meta sent them. A
 * `messages` change that carries only `errors` (a delivery-level error) becomes one item with
 * event `messages` and those errors. Shape '2026' adds an item per echo, synced contact, user
 * preference and handover, and one per history change (or per history message with expandHistory).
 */
export function normalizeWebhook(envelope: WebhookEnvelope, options: NormalizeOptions & { itemShape: '2026' }): NormalizedWebhookItem2026[];
export function normalizeWebhook(envelope: WebhookEnvelope, options?: NormalizeOptions): NormalizedWebhookItem[];
export function normalizeWebhook(envelope: WebhookEnvelope, options: NormalizeOptions = {}): NormalizedWebhookItem[] {
	const includeRaw = options.includeRaw ?? true;
	const items: NormalizedWebhookItem[] = [];
	for (const entry of envelope.entry) {
		for (const change of entry.changes) {
			const changeItems = options.itemShape === '2026' ? changeItems2026(entry, change, options) : changeItemsV1(entry, change, includeRaw);
			for (const item of changeItems) items.push(item);
		}
	}
	return items;
}
