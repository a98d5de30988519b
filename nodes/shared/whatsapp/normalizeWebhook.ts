/**
 * Turns a Cloud API webhook body into flat items a no-code user can map without reading Meta's
 * docs: one item per message, one per status, one per other change, always with the same keys
 * (null where a key does not apply). Pure: no n8n, no I/O.
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

export interface WebhookChange {
	field: string;
	value: JsonObject;
}

export interface WebhookEnvelope {
	object: typeof WEBHOOK_OBJECT;
	entry: Array<{ id?: unknown; time?: unknown; changes: WebhookChange[] }>;
}

export type EnvelopeCheck = { ok: true; envelope: WebhookEnvelope } | { ok: false; reason: string };

export interface NormalizeOptions {
	/** Keep the original message/status object in `raw` (default true). */
	includeRaw?: boolean;
}

const isObject = (value: unknown): value is JsonObject =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

const describe = (value: unknown): string =>
	value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;

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

const str = (value: unknown): string | null =>
	typeof value === 'string' ? value : typeof value === 'number' ? String(value) : null;

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
type TypeFields = Partial<
	Pick<NormalizedWebhookItem, 'text' | 'replyId' | 'media' | 'location' | 'reaction' | 'contacts' | 'order' | 'errors'>
>;

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
	const contact =
		scope.contacts.find((c) => str(c.wa_id) === waId) ??
		(scope.contacts.length === 1 ? scope.contacts[0] : undefined);
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

/**
 * One item per message, per status and per other change, in the order Meta sent them. A
 * `messages` change that carries only `errors` (a delivery-level error) becomes one item with
 * event `messages` and those errors.
 */
export function normalizeWebhook(envelope: WebhookEnvelope, options: NormalizeOptions = {}): NormalizedWebhookItem[] {
	const includeRaw = options.includeRaw ?? true;
	const items: NormalizedWebhookItem[] = [];
	for (const entry of envelope.entry) {
		for (const change of entry.changes) {
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
		}
	}
	return items;
}
