import { createHmac } from 'node:crypto';
import { plainRequest } from './httpPost';
import { serializeLikeMeta, signatureHeader } from './webhookBodies';
import { errorMessage } from '../../nodes/shared/caughtError';

// Posts signed webhooks to the subscribed callback and retries, with backoff, every delivery
// not answered 200. Without a callback a webhook waits (pending) until one is subscribed.

export type WebhookState = 'pending' | 'delivered' | 'failed';

export interface WebhookAttempt {
	at: string;
	url: string;
	status?: number;
	error?: string;
	durationMs: number;
}

export interface WebhookRecord {
	id: string;
	createdAt: string;
	kind: 'message' | 'status' | 'raw';
	/** The inbound message id (kind message) or outbound message id (kind status). */
	messageId?: string;
	waId?: string;
	status?: string;
	body: unknown;
	/** The exact bytes posted (and signed), as UTF-8. */
	rawBody: string;
	signature: string;
	state: WebhookState;
	attempts: WebhookAttempt[];
	nextAttemptAt?: string;
}

export interface DeliveryOutcome {
	webhookId: string;
	state: WebhookState;
	attempts: number;
	lastStatus?: number;
}

export interface DeliveryOptions {
	callbackUrl: () => string | undefined;
	appSecret: string;
	backoffMs: number[];
	timeoutMs: number;
	/** 0 = retry forever (Meta retries for days). */
	maxAttempts: number;
	onChange: (record: WebhookRecord) => void;
}

interface Pending {
	record: WebhookRecord;
	resolve: (outcome: DeliveryOutcome) => void;
	timer?: NodeJS.Timeout;
	inFlight: boolean;
}

export class WebhookDelivery {
	private readonly records: WebhookRecord[] = [];
	private readonly waiting = new Map<string, Pending>();
	private sequence = 0;
	private stopped = false;

	constructor(private readonly options: DeliveryOptions) {}

	list(): WebhookRecord[] {
		return this.records;
	}

	enqueue(kind: WebhookRecord['kind'], body: unknown, meta: Pick<WebhookRecord, 'messageId' | 'waId' | 'status'> = {}) {
		const rawBody = serializeLikeMeta(body);
		const record: WebhookRecord = {
			id: `wh_${++this.sequence}`,
			createdAt: new Date().toISOString(),
			kind,
			...meta,
			body,
			rawBody,
			signature: signatureHeader(Buffer.from(rawBody, 'utf8'), this.options.appSecret),
			state: 'pending',
			attempts: [],
		};
		this.records.push(record);
		const outcome = new Promise<DeliveryOutcome>((resolve) => {
			this.waiting.set(record.id, { record, resolve, inFlight: false });
		});
		this.options.onChange(record);
		void this.attempt(record.id);
		return { record, outcome };
	}

	/** Try every pending delivery now (after a callback is subscribed, or on request). */
	retryPendingNow() {
		for (const [id, pending] of this.waiting) {
			if (pending.inFlight) continue;
			clearTimeout(pending.timer);
			void this.attempt(id);
		}
	}

	pendingCount() {
		return this.waiting.size;
	}

	/** Forgets every record; outstanding outcomes resolve with state `pending`. */
	clear() {
		this.settleAll();
		this.records.length = 0;
	}

	/** Stops retrying; outstanding outcomes resolve with state `pending`. */
	stop() {
		this.stopped = true;
		this.settleAll();
	}

	private settleAll() {
		for (const pending of this.waiting.values()) {
			clearTimeout(pending.timer);
			pending.resolve(this.outcomeOf(pending.record));
		}
		this.waiting.clear();
	}

	private outcomeOf(record: WebhookRecord): DeliveryOutcome {
		return { webhookId: record.id, state: record.state, attempts: record.attempts.length, lastStatus: record.attempts.at(-1)?.status };
	}

	private async attempt(id: string) {
		const pending = this.waiting.get(id);
		const url = this.options.callbackUrl();
		if (!pending || this.stopped || !url) return; // no callback yet: stays pending
		pending.inFlight = true;
		pending.record.nextAttemptAt = undefined;
		const raw = Buffer.from(pending.record.rawBody, 'utf8');
		const started = Date.now();
		const attempt: WebhookAttempt = { at: new Date(started).toISOString(), url, durationMs: 0 };
		try {
			const response = await plainRequest(
				'POST',
				url,
				{
					'Content-Type': 'application/json',
					'User-Agent': 'facebookexternalua',
					'X-Hub-Signature': `sha1=${createHmac('sha1', this.options.appSecret).update(raw).digest('hex')}`,
					'X-Hub-Signature-256': pending.record.signature,
				},
				raw,
				this.options.timeoutMs,
			);
			attempt.status = response.status;
		} catch (error) {
			attempt.error = errorMessage(error);
		}
		attempt.durationMs = Date.now() - started;
		pending.inFlight = false;
		if (this.stopped || !this.waiting.has(id)) return;
		const { record } = pending;
		record.attempts.push(attempt);
		if (attempt.status === 200) return this.finish(pending, 'delivered');
		const { maxAttempts, backoffMs } = this.options;
		if (maxAttempts > 0 && record.attempts.length >= maxAttempts) return this.finish(pending, 'failed');
		const delay = backoffMs[Math.min(record.attempts.length - 1, backoffMs.length - 1)] ?? 1000;
		record.nextAttemptAt = new Date(Date.now() + delay).toISOString();
		pending.timer = setTimeout(() => void this.attempt(id), delay);
		this.options.onChange(record);
	}

	private finish(pending: Pending, state: WebhookState) {
		pending.record.state = state;
		this.waiting.delete(pending.record.id);
		this.options.onChange(pending.record);
		pending.resolve(this.outcomeOf(pending.record));
	}
}
