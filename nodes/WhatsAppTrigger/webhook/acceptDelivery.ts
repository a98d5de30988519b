import type { DedupeStore } from '../../shared/whatsapp/dedupeStore';
import { normalizeWebhook, validateWebhookEnvelope } from '../../shared/whatsapp/normalizeWebhook';
import type { ItemShape, NormalizedWebhookItem } from '../../shared/whatsapp/normalizeWebhook';
import { verifyWebhookSignature } from '../../shared/whatsapp/webhookSignature';
import { dedupeKey, isSelected, type ItemSelection } from './selectItems';
import { errorMessage } from '../../shared/caughtError';

export interface DeliveryRequest {
	/** The body exactly as received. */
	rawBody: Buffer | undefined;
	/** The body as n8n parsed it; {} or a string when n8n did not parse it as JSON (then rawBody is parsed). */
	parsedBody: unknown;
	signatureHeader: string | string[] | undefined;
}

export interface DeliverySettings {
	appSecret: string;
	maxBodyBytes: number;
	selection: ItemSelection;
	includeRaw: boolean;
	/** false leaves the customer's profile name and username out of every item (keep the minimum). */
	includeProfile?: boolean;
	/** `v1` (default: node versions 1 and 1.1) or `2026` (1.2). */
	itemShape?: ItemShape;
	/** Shape 2026: one item per history message instead of one per history change. */
	expandHistory?: boolean;
	dedupe: { store: DedupeStore; ttlMs: number; scope: string };
}

/**
 * How long a claim lasts until n8n has taken its delivery over (then it is confirmed for the
 * whole window). If the hand-over fails and the release fails too (Redis went away in between),
 * the claim still ends soon, and Meta's redeliveries, which go on for days, are accepted.
 */
export const PENDING_CLAIM_MS = 10 * 60_000;

export interface DeliveryCounts {
	/** Messages, statuses and other changes in the body. */
	received: number;
	/** Of those, the ones this node's settings do not start on. */
	ignored: number;
	/** Of those, the ones seen before within the duplicate window. */
	duplicates: number;
	/** The items that start the workflow. */
	accepted: number;
}

export type DeliveryOutcome =
	| {
			status: 200;
			items: NormalizedWebhookItem[];
			counts: DeliveryCounts;
			/** The duplicate-memory keys this delivery claimed (for PENDING_CLAIM_MS): confirmed once n8n took it over, released if not. */
			claimedKeys: string[];
	  }
	| { status: 400 | 413 | 503; reason: string }
	/** `signature` says why: only a well-formed signature that does not match can mean a rotated secret. */
	| { status: 401; reason: string; signature: 'missing' | 'malformed' | 'mismatch' | 'no-secret' };

const isParsedJson = (value: unknown) => typeof value === 'object' && value !== null && (Array.isArray(value) || Object.keys(value).length > 0);

function parseBody(request: DeliveryRequest): { ok: true; body: unknown } | { ok: false; reason: string } {
	// n8n parses application/json itself (and answers 422 when it cannot). Other content types
	// arrive unparsed ({}) or as text: read the raw bytes the signature was checked on.
	if (isParsedJson(request.parsedBody) || !request.rawBody?.length) return { ok: true, body: request.parsedBody };
	try {
		return { ok: true, body: JSON.parse(request.rawBody.toString('utf8')) };
	} catch (error) {
		return { ok: false, reason: `the body is not valid JSON (${errorMessage(error)})` };
	}
}

/**
 * Everything the trigger decides about one webhook POST before answering it: size, signature,
 * envelope, which items the node's settings select, and which of those were seen before.
 * Nothing is recorded as seen unless the delivery is authentic and well-formed.
 */
export async function acceptDelivery(request: DeliveryRequest, settings: DeliverySettings): Promise<DeliveryOutcome> {
	const size = request.rawBody?.length ?? 0;
	if (size > settings.maxBodyBytes) {
		return {
			status: 413,
			reason: `the body is ${size} bytes, more than the ${settings.maxBodyBytes} bytes allowed (option "Max Body Size")`,
		};
	}
	const signature = verifyWebhookSignature(request.rawBody, request.signatureHeader, settings.appSecret);
	if (!signature.valid) return { status: 401, reason: `signature check failed: ${signature.message}`, signature: signature.reason };

	const parsed = parseBody(request);
	if (!parsed.ok) return { status: 400, reason: parsed.reason };
	const envelope = validateWebhookEnvelope(parsed.body);
	if (!envelope.ok) return { status: 400, reason: envelope.reason };

	const all = normalizeWebhook(envelope.envelope, {
		includeRaw: settings.includeRaw,
		itemShape: settings.itemShape,
		expandHistory: settings.expandHistory,
	});
	if (settings.includeProfile === false) for (const item of all) withoutProfile(item);
	const selected = all.filter((item) => isSelected(item, settings.selection));
	const items: NormalizedWebhookItem[] = [];
	const claimedKeys: string[] = [];
	const { store, ttlMs, scope } = settings.dedupe;
	for (const item of selected) {
		const key = dedupeKey(item);
		if (ttlMs <= 0) {
			items.push(item);
			continue;
		}
		const scopedKey = `${scope}:${key}`;
		let claimed: boolean;
		try {
			claimed = await store.claim(scopedKey, Math.min(ttlMs, PENDING_CLAIM_MS));
		} catch (error) {
			// Without the memory a delivery could run twice or, answered 200 and then lost, never:
			// refuse it, so that Meta redelivers it once the store is back.
			await store.release(claimedKeys).catch(() => undefined);
			return { status: 503, reason: `the duplicate memory cannot be reached (${errorMessage(error)}); Meta will redeliver` };
		}
		if (claimed) {
			items.push(item);
			claimedKeys.push(scopedKey);
		}
	}
	return {
		status: 200,
		items,
		claimedKeys,
		counts: {
			received: all.length,
			ignored: all.length - selected.length,
			duplicates: selected.length - items.length,
			accepted: items.length,
		},
	};
}

/** The item without what the customer chose to show of themselves on WhatsApp (name, username). */
function withoutProfile(item: NormalizedWebhookItem): void {
	item.contactName = null;
	if ('username' in item) (item as { username: string | null }).username = null;
}
