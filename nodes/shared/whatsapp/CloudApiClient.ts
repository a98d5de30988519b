import http from 'node:http';
import https from 'node:https';
import axios, { type AxiosError, type AxiosInstance, type AxiosRequestConfig, type AxiosResponse } from 'axios';
import axiosRetry from 'axios-retry';

import { GraphApiError, redactGraphApiError } from './GraphApiError';
import { DEFAULT_API_VERSION } from './graphApiVersion';
import {
	DEFAULT_RETRY_OPTIONS,
	isRetryableFailure,
	parseRetryAfter,
	retryDelayMs,
	type FailedAttempt,
	type RequestKind,
	type RetryOptions,
} from './retryPolicy';
import { SendRateLimitUnavailableError, type SendFinished, type SendRateLimiter } from './SendRateLimiter';
import { errorMessage } from '../caughtError';

/**
 * The WhatsApp Business Cloud API (Graph API) for our nodes, n8n-free: sends, read receipts and
 * typing, media, templates, phone numbers and webhook subscriptions. Retries only what is safe to
 * retry (see retryPolicy.ts), paces sends through a SendRateLimiter, and turns every failure into
 * a GraphApiError that never carries the token.
 */

export interface CloudApiClientOptions {
	/** Default https://graph.facebook.com; the sandbox's URL in tests. */
	baseUrl?: string;
	/** Default v25.0; "25", "25.0" and "v25" mean v25.0. */
	apiVersion?: string;
	accessToken: string;
	phoneNumberId?: string;
	businessAccountId?: string;
	appId?: string;
	appSecret?: string;
	/** Per attempt. Default 30 s. */
	timeoutMs?: number;
	/** false turns retries off. */
	retry?: Partial<RetryOptions> | false;
	/** Paces POST /{phone-number-id}/messages; none when absent. */
	rateLimiter?: SendRateLimiter;
	/** Told once per process when the Graph API version is below v22.0 (dead, or dying on 2027-01-21). */
	warn?: (message: string) => void;
	/** Called before each retry, without secrets. */
	onRetry?: (event: { operation: string; retryNumber: number; delayMs: number; error: GraphApiError }) => void;
}

export const DEFAULT_BASE_URL = 'https://graph.facebook.com';
export { DEFAULT_API_VERSION };
// The oldest version not dead or dying by 2027: v20.0 and older are gone, v21.0 stops on 2027-01-21.
const OLDEST_LIVE_API_VERSION = 22;
export const DEFAULT_MAX_DOWNLOAD_BYTES = 100 * 1024 * 1024;

/** A message body as POSTed to /{phone-number-id}/messages; messaging_product is added when missing. */
export type OutgoingMessage = { to?: string; type?: string; [field: string]: unknown };

export interface SendMessageResult {
	/** wamid of the accepted message. */
	messageId: string;
	/** The recipient's WhatsApp id (phone) as Meta resolved it; only when the message went to a phone. */
	waId?: string;
	/** The recipient's business-scoped user ID; only when the message went to `recipient` (not to `to`). */
	userId?: string;
	/** What decided the send, as Meta received it: the `to`, or else the `recipient`. */
	input?: string;
	messageStatus?: string;
}

export interface MediaInfo {
	id: string;
	url: string;
	mime_type: string;
	sha256?: string;
	file_size?: number;
	messaging_product?: string;
}

export interface DownloadedMedia {
	id: string;
	data: Buffer;
	mimeType: string;
	sha256?: string;
	fileSize: number;
}

export interface MessageTemplate {
	id: string;
	name: string;
	language: string;
	status: string;
	category?: string;
	components?: Array<Record<string, unknown>>;
	[field: string]: unknown;
}

export interface BusinessPhoneNumber {
	id: string;
	display_phone_number: string;
	verified_name?: string;
	quality_rating?: string;
	[field: string]: unknown;
}

export interface AppSubscription {
	object: string;
	callback_url: string;
	active?: boolean;
	fields?: Array<{ name: string; version?: string } | string>;
}

interface GraphPage<T> {
	data?: T[];
	paging?: { cursors?: { before?: string; after?: string }; next?: string };
}

interface RequestOptions {
	kind: RequestKind;
	/** "POST /{phone-number-id}/messages": names the call in errors without ids or host. */
	operation: string;
	/** Rate-limiter key; set for sends from a phone number. */
	rateLimitKey?: string;
	/** Overrides the Authorization header (app token for subscriptions). */
	bearer?: string;
}

type CloudApiRequestConfig = AxiosRequestConfig & { cloudApi?: RequestOptions };
/** Where a request keeps the rate limiter's "finished" callback (a symbol: axios does not copy it into a retry's config). */
const SEND_FINISHED = Symbol('sendFinished');
type FinishableConfig = { [SEND_FINISHED]?: SendFinished };

// One pool of keep-alive sockets per process, shared by every client (executions come and go).
// Idle sockets close after 4 s, before a typical server's 5 s keep-alive timeout closes them under us.
const keepAliveHttpAgent = new http.Agent({ keepAlive: true, maxSockets: 64, timeout: 4_000 });
const keepAliveHttpsAgent = new https.Agent({ keepAlive: true, maxSockets: 64, timeout: 4_000 });

export class CloudApiClient {
	readonly phoneNumberId?: string;
	readonly businessAccountId?: string;
	readonly apiVersion: string;
	readonly baseUrl: string;

	private readonly http: AxiosInstance;
	private readonly secrets: string[];

	constructor(private readonly options: CloudApiClientOptions) {
		if (!options.accessToken) throw new GraphApiError({ message: 'No access token given', code: 2500 });
		this.baseUrl = (options.baseUrl || DEFAULT_BASE_URL).replace(/\/+$/, '');
		this.apiVersion = normalizeGraphApiVersion(options.apiVersion);
		if (options.warn) warnOnceAboutApiVersion(this.apiVersion, options.warn);
		this.phoneNumberId = options.phoneNumberId;
		this.businessAccountId = options.businessAccountId;
		this.secrets = [options.accessToken, options.appSecret].filter((s): s is string => !!s);
		this.http = axios.create({
			baseURL: `${this.baseUrl}/${this.apiVersion}`,
			timeout: options.timeoutMs ?? 30_000,
			httpAgent: keepAliveHttpAgent,
			httpsAgent: keepAliveHttpsAgent,
			headers: { Authorization: `Bearer ${options.accessToken}` },
			maxRedirects: 0,
		});
		this.installRateLimiter();
		this.installRetries();
	}

	// ── Messages ────────────────────────────────────────────────────────────

	/** POST /{phone-number-id}/messages. */
	async sendMessage(body: OutgoingMessage): Promise<SendMessageResult> {
		const phoneNumberId = this.requirePhoneNumberId();
		const response = await this.request<{
			contacts?: Array<{ input?: string; wa_id?: string; user_id?: string }>;
			messages?: Array<{ id: string; message_status?: string }>;
		}>(
			{ method: 'POST', url: `/${encodeURIComponent(phoneNumberId)}/messages`, data: { messaging_product: 'whatsapp', ...body } },
			{ kind: 'send', operation: 'POST /{phone-number-id}/messages', rateLimitKey: phoneNumberId },
		);
		const message = response.messages?.[0];
		if (!message?.id) {
			throw new GraphApiError({
				message: 'Graph API accepted the request but returned no message id',
				hint: 'Check that the Graph API base URL points at the Cloud API (or the sandbox).',
				operation: 'POST /{phone-number-id}/messages',
			});
		}
		const contact = response.contacts?.[0];
		return {
			messageId: message.id,
			waId: contact?.wa_id,
			userId: contact?.user_id,
			input: contact?.input,
			messageStatus: message.message_status,
		};
	}

	/** Marks an incoming message as read (blue ticks); `typing` also shows the typing indicator for up to 25 s. */
	async markAsRead(messageId: string, options: { typing?: boolean } = {}): Promise<{ success: boolean }> {
		const phoneNumberId = this.requirePhoneNumberId();
		const data: Record<string, unknown> = { messaging_product: 'whatsapp', status: 'read', message_id: messageId };
		if (options.typing) data.typing_indicator = { type: 'text' };
		const response = await this.request<{ success?: boolean }>(
			{ method: 'POST', url: `/${encodeURIComponent(phoneNumberId)}/messages`, data },
			{ kind: 'idempotent', operation: 'POST /{phone-number-id}/messages (read)', rateLimitKey: phoneNumberId },
		);
		return { success: response.success === true };
	}

	// ── Media ───────────────────────────────────────────────────────────────

	/** POST /{phone-number-id}/media (multipart) → the media id to send by `id`. */
	async uploadMedia(file: { data: Buffer | Uint8Array; mimeType: string; fileName?: string }): Promise<{ id: string }> {
		const phoneNumberId = this.requirePhoneNumberId();
		const form = new FormData();
		form.append('messaging_product', 'whatsapp');
		form.append('type', file.mimeType);
		// Copy into a plain ArrayBuffer-backed view: Blob rejects views over a SharedArrayBuffer.
		form.append('file', new Blob([new Uint8Array(file.data)], { type: file.mimeType }), file.fileName ?? 'file');
		return await this.request<{ id: string }>(
			{ method: 'POST', url: `/${encodeURIComponent(phoneNumberId)}/media`, data: form },
			{ kind: 'send', operation: 'POST /{phone-number-id}/media' },
		);
	}

	/** GET /{media-id}: a short-lived download URL plus type, size and hash. */
	async getMediaInfo(mediaId: string): Promise<MediaInfo> {
		const params: Record<string, string> = {};
		if (this.phoneNumberId) params.phone_number_id = this.phoneNumberId;
		return await this.request<MediaInfo>(
			{ method: 'GET', url: `/${encodeURIComponent(mediaId)}`, params },
			{ kind: 'idempotent', operation: 'GET /{media-id}' },
		);
	}

	/** Looks the media up and downloads its bytes; refuses files over maxBytes before and while downloading. */
	async downloadMedia(mediaId: string, options: { maxBytes?: number } = {}): Promise<DownloadedMedia> {
		const maxBytes = options.maxBytes ?? DEFAULT_MAX_DOWNLOAD_BYTES;
		const info = await this.getMediaInfo(mediaId);
		const tooLarge = (size: number | string) =>
			new GraphApiError({
				message: `Media ${mediaId} is ${size} bytes, more than the maximum of ${maxBytes} bytes`,
				hint: 'Raise the maximum download size option, or skip downloading media this large.',
				operation: 'GET {media-url}',
			});
		if (info.file_size !== undefined && Number(info.file_size) > maxBytes) throw tooLarge(info.file_size);
		if (!info.url) {
			throw new GraphApiError({ message: `Graph API returned no download URL for media ${mediaId}`, operation: 'GET /{media-id}' });
		}
		let data: ArrayBuffer;
		let headers: AxiosResponse['headers'];
		try {
			const response = await this.http.request<ArrayBuffer>({
				method: 'GET',
				url: info.url,
				baseURL: undefined,
				responseType: 'arraybuffer',
				maxContentLength: maxBytes,
				cloudApi: { kind: 'idempotent', operation: 'GET {media-url}' },
			} as CloudApiRequestConfig);
			data = response.data;
			headers = response.headers;
		} catch (error) {
			if (errorMessage(error).includes('maxContentLength')) throw tooLarge(`over ${maxBytes}`);
			throw this.toGraphApiError(error, 'GET {media-url}');
		}
		const buffer = Buffer.from(data);
		return {
			id: info.id ?? mediaId,
			data: buffer,
			mimeType: info.mime_type || String(headers['content-type'] ?? 'application/octet-stream'),
			sha256: info.sha256,
			fileSize: buffer.length,
		};
	}

	/** DELETE /{media-id}. */
	async deleteMedia(mediaId: string): Promise<{ success: boolean }> {
		const params: Record<string, string> = {};
		if (this.phoneNumberId) params.phone_number_id = this.phoneNumberId;
		const response = await this.request<{ success?: boolean }>(
			{ method: 'DELETE', url: `/${encodeURIComponent(mediaId)}`, params },
			{ kind: 'idempotent', operation: 'DELETE /{media-id}' },
		);
		return { success: response.success === true };
	}

	// ── Templates and numbers ───────────────────────────────────────────────

	/** Every message template of the WABA, all pages. */
	async listTemplates(filter: { status?: string; name?: string; fields?: string[] } = {}): Promise<MessageTemplate[]> {
		const params: Record<string, string> = { limit: '100' };
		if (filter.status) params.status = filter.status;
		if (filter.name) params.name = filter.name;
		if (filter.fields) params.fields = filter.fields.join(',');
		return await this.getAllPages<MessageTemplate>(
			`/${encodeURIComponent(this.requireBusinessAccountId())}/message_templates`,
			params,
			'GET /{waba-id}/message_templates',
		);
	}

	/** The WABA's business phone numbers, all pages. */
	async listPhoneNumbers(): Promise<BusinessPhoneNumber[]> {
		return await this.getAllPages<BusinessPhoneNumber>(
			`/${encodeURIComponent(this.requireBusinessAccountId())}/phone_numbers`,
			{ limit: '100' },
			'GET /{waba-id}/phone_numbers',
		);
	}

	// ── Webhook subscriptions ───────────────────────────────────────────────

	/** GET /{app-id}/subscriptions with the app token. */
	async listAppSubscriptions(): Promise<AppSubscription[]> {
		const response = await this.request<GraphPage<AppSubscription>>(
			{ method: 'GET', url: `/${encodeURIComponent(this.requireAppId())}/subscriptions` },
			{ kind: 'idempotent', operation: 'GET /{app-id}/subscriptions', bearer: this.appAccessToken() },
		);
		return response.data ?? [];
	}

	/** POST /{app-id}/subscriptions: points the app's WhatsApp webhooks at callbackUrl (one URL per app). */
	async subscribeApp(subscription: { callbackUrl: string; verifyToken: string; fields?: string[]; object?: string }): Promise<{ success: boolean }> {
		const response = await this.request<{ success?: boolean }>(
			{
				method: 'POST',
				url: `/${encodeURIComponent(this.requireAppId())}/subscriptions`,
				data: {
					object: subscription.object ?? 'whatsapp_business_account',
					callback_url: subscription.callbackUrl,
					verify_token: subscription.verifyToken,
					fields: (subscription.fields ?? ['messages']).join(','),
					include_values: true,
				},
			},
			{ kind: 'idempotent', operation: 'POST /{app-id}/subscriptions', bearer: this.appAccessToken() },
		);
		return { success: response.success === true };
	}

	/** DELETE /{app-id}/subscriptions for one object type (and optionally only some fields). */
	async unsubscribeApp(options: { object?: string; fields?: string[] } = {}): Promise<{ success: boolean }> {
		const params: Record<string, string> = { object: options.object ?? 'whatsapp_business_account' };
		if (options.fields) params.fields = options.fields.join(',');
		const response = await this.request<{ success?: boolean }>(
			{ method: 'DELETE', url: `/${encodeURIComponent(this.requireAppId())}/subscriptions`, params },
			{ kind: 'idempotent', operation: 'DELETE /{app-id}/subscriptions', bearer: this.appAccessToken() },
		);
		return { success: response.success === true };
	}

	/** POST /{waba-id}/subscribed_apps: without it the WABA's events never reach the app's webhook. */
	async subscribeWabaToApp(): Promise<{ success: boolean }> {
		const response = await this.request<{ success?: boolean }>(
			{ method: 'POST', url: `/${encodeURIComponent(this.requireBusinessAccountId())}/subscribed_apps` },
			{ kind: 'idempotent', operation: 'POST /{waba-id}/subscribed_apps' },
		);
		return { success: response.success === true };
	}

	/** GET /{waba-id}/subscribed_apps. */
	async listWabaSubscribedApps(): Promise<Array<Record<string, unknown>>> {
		const response = await this.request<GraphPage<Record<string, unknown>>>(
			{ method: 'GET', url: `/${encodeURIComponent(this.requireBusinessAccountId())}/subscribed_apps` },
			{ kind: 'idempotent', operation: 'GET /{waba-id}/subscribed_apps' },
		);
		return response.data ?? [];
	}

	/** DELETE /{waba-id}/subscribed_apps. */
	async unsubscribeWabaFromApp(): Promise<{ success: boolean }> {
		const response = await this.request<{ success?: boolean }>(
			{ method: 'DELETE', url: `/${encodeURIComponent(this.requireBusinessAccountId())}/subscribed_apps` },
			{ kind: 'idempotent', operation: 'DELETE /{waba-id}/subscribed_apps' },
		);
		return { success: response.success === true };
	}

	// ── Plumbing ────────────────────────────────────────────────────────────

	private async getAllPages<T>(url: string, params: Record<string, string>, operation: string): Promise<T[]> {
		const items: T[] = [];
		let after: string | undefined;
		// Follow cursors rather than paging.next: Meta's next URL embeds the access token.
		for (let page = 0; page < 1000; page++) {
			const response = await this.request<GraphPage<T>>(
				{ method: 'GET', url, params: after ? { ...params, after } : params },
				{ kind: 'idempotent', operation },
			);
			items.push(...(response.data ?? []));
			const nextAfter = response.paging?.cursors?.after;
			if (!response.paging?.next || !nextAfter || nextAfter === after) break;
			after = nextAfter;
		}
		return items;
	}

	private async request<T>(config: AxiosRequestConfig, options: RequestOptions): Promise<T> {
		const requestConfig: CloudApiRequestConfig = { ...config, cloudApi: options };
		if (options.bearer) requestConfig.headers = { ...config.headers, Authorization: `Bearer ${options.bearer}` };
		try {
			const response = await this.http.request<T>(requestConfig);
			return response.data;
		} catch (error) {
			throw this.toClientError(error, options);
		}
	}

	/** A Graph failure, or the shared rate limit's own (the request then never left). */
	private toClientError(error: unknown, options: RequestOptions): GraphApiError | SendRateLimitUnavailableError {
		if (error instanceof SendRateLimitUnavailableError) return error;
		return this.toGraphApiError(error, options.operation, options.kind);
	}

	/** The only way an error leaves this client: no config, headers or request — so no token. */
	private toGraphApiError(error: unknown, operation: string, kind: RequestKind = 'idempotent'): GraphApiError {
		if (error instanceof GraphApiError) return error;
		const axiosError = error as AxiosError;
		const attempts = 1 + ((axiosError?.config as Record<string, { retryCount?: number }> | undefined)?.['axios-retry']?.retryCount ?? 0);
		let graphError: GraphApiError;
		if (axiosError?.response) {
			graphError = GraphApiError.fromResponse(axiosError.response.status, axiosError.response.data, { attempts, operation });
		} else {
			const networkCode = axiosError?.code ?? 'UNKNOWN';
			const timedOut = networkCode === 'ECONNABORTED' || networkCode === 'ETIMEDOUT';
			graphError = new GraphApiError({
				message: `${operation} failed: ${axiosError?.message ?? String(error)}`,
				networkCode,
				attempts,
				operation,
				hint: !timedOut
					? `Could not reach ${this.baseUrl}: check the Graph API Base URL in the credential and the network.`
					: kind === 'send'
						? 'The Graph API did not answer in time, so this was not retried: the message may still have been sent. Check before sending it again.'
						: 'The Graph API did not answer in time, even after retries: try again later or raise the timeout.',
			});
		}
		return redactGraphApiError(graphError, this.secrets);
	}

	private installRateLimiter(): void {
		const limiter = this.options.rateLimiter;
		if (!limiter) return;
		// Interceptors, so that retries wait their turn too. The response side is installed before
		// axios-retry's, so a failed attempt has finished before its retry asks for a new turn.
		this.http.interceptors.request.use(async (config) => {
			const key = (config as CloudApiRequestConfig).cloudApi?.rateLimitKey;
			if (key) (config as FinishableConfig)[SEND_FINISHED] = await limiter.acquire(key);
			return config;
		});
		// Only an answer bounds when a send reached Meta: one that failed without an answer (timeout,
		// reset) is left to the limiter, which keeps it counted until its in-flight time is over.
		const settle = (config: object | undefined, answered: boolean) => {
			const finished = (config as FinishableConfig | undefined)?.[SEND_FINISHED];
			if (!finished) return;
			delete (config as FinishableConfig)[SEND_FINISHED];
			if (answered) finished();
		};
		this.http.interceptors.response.use(
			(response) => (settle(response.config, true), response),
			(error: AxiosError) => (settle(error?.config, error?.response !== undefined), Promise.reject(error)),
		);
	}

	private installRetries(): void {
		if (this.options.retry === false) return;
		const retryOptions: RetryOptions = { ...DEFAULT_RETRY_OPTIONS, ...this.options.retry };
		const retryAfterOf = (error: AxiosError) => parseRetryAfter(error.response?.headers?.['retry-after']);
		axiosRetry(this.http, {
			retries: retryOptions.retries,
			shouldResetTimeout: true,
			retryCondition: (error) => {
				const kind = (error.config as CloudApiRequestConfig | undefined)?.cloudApi?.kind ?? 'send';
				return isRetryableFailure(describeFailure(error), kind) && retryDelayMs(1, retryAfterOf(error), retryOptions) !== undefined;
			},
			retryDelay: (retryNumber, error) => retryDelayMs(retryNumber, retryAfterOf(error), retryOptions) ?? retryOptions.maxDelayMs,
			onRetry: (retryNumber, error, config) => {
				if (!this.options.onRetry) return;
				const { operation = 'request', kind = 'send' } = (config as CloudApiRequestConfig).cloudApi ?? {};
				this.options.onRetry({
					operation,
					retryNumber,
					delayMs: retryDelayMs(retryNumber, retryAfterOf(error), retryOptions) ?? retryOptions.maxDelayMs,
					error: this.toGraphApiError(error, operation, kind),
				});
			},
		});
	}

	private appAccessToken(): string {
		if (!this.options.appId || !this.options.appSecret) {
			throw new GraphApiError({
				message: 'Managing webhook subscriptions needs the App ID and App Secret',
				hint: 'Fill App ID and App Secret in the WhatsApp Cloud API credential (Meta app → App settings → Basic).',
			});
		}
		return `${this.options.appId}|${this.options.appSecret}`;
	}

	private requirePhoneNumberId(): string {
		if (!this.phoneNumberId) {
			throw new GraphApiError({
				message: 'No phone number id given',
				hint: 'Fill Phone Number ID in the WhatsApp Cloud API credential (WhatsApp Manager → API Setup), not the phone number itself.',
			});
		}
		return this.phoneNumberId;
	}

	private requireBusinessAccountId(): string {
		if (!this.businessAccountId) {
			throw new GraphApiError({
				message: 'No WhatsApp Business Account id given',
				hint: 'Fill WhatsApp Business Account ID in the WhatsApp Cloud API credential (WhatsApp Manager → API Setup).',
			});
		}
		return this.businessAccountId;
	}

	private requireAppId(): string {
		if (!this.options.appId) {
			throw new GraphApiError({ message: 'No App ID given', hint: 'Fill App ID in the WhatsApp Cloud API credential (Meta app → App settings → Basic).' });
		}
		return this.options.appId;
	}
}

/** "v25.0" as written, "25", "25.0", "v25" and "/v25.0/" as v25.0; blank: the default; anything else as it is. */
export function normalizeGraphApiVersion(version: string | undefined): string {
	const text = (version ?? '').trim().replace(/^\/+|\/+$/g, '');
	if (text === '') return DEFAULT_API_VERSION;
	const match = /^v?(\d+)(?:\.(\d+))?$/i.exec(text);
	return match ? `v${Number(match[1])}.${Number(match[2] ?? 0)}` : text;
}

/** What to tell a user whose credential calls a Graph API version below v22.0; undefined for v22.0 and newer. */
export function graphApiVersionWarning(version: string | undefined): string | undefined {
	const normalized = normalizeGraphApiVersion(version);
	const major = Number(/^v(\d+)\./.exec(normalized)?.[1]);
	if (!Number.isInteger(major) || major >= OLDEST_LIVE_API_VERSION) return undefined;
	return `Graph API ${normalized} is too old: v20.0 and older no longer answer, v21.0 stops on 2027-01-21. Set Graph API Version in the WhatsApp Cloud API credential to ${DEFAULT_API_VERSION}.`;
}

// Versions already warned about in this process: a log line per version, not per client.
const warnedApiVersions = new Set<string>();

function warnOnceAboutApiVersion(version: string, warn: (message: string) => void): void {
	const message = graphApiVersionWarning(version);
	if (!message || warnedApiVersions.has(version)) return;
	warnedApiVersions.add(version);
	warn(message);
}

function describeFailure(error: AxiosError): FailedAttempt {
	if (!error.response) return { networkCode: error.code };
	const body = error.response.data as { error?: { code?: unknown } } | undefined;
	const code = body && typeof body === 'object' ? body.error?.code : undefined;
	return { httpStatus: error.response.status, graphCode: typeof code === 'number' ? code : undefined };
}
