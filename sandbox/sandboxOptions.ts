import { DEFAULT_API_VERSION } from '../nodes/shared/whatsapp/graphApiVersion';
import type { CloudApiCredential } from '../nodes/shared/whatsapp/cloudApiCredential';
import { digitsOnly } from './ids';
import type { MessageTemplate } from './templates';
import type { BusinessIdentity } from './webhooks/webhookBodies';

// The sandbox's options, their defaults, and what follows from them: the business it plays and
// the credential that points at it.

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
	/**
	 * The version the sandbox reports in its credentials (default: the nodes' default, v25.0, so the
	 * demo and tests call what users' credentials call); any v<major>.<minor> from
	 * oldestApiVersion on is served. The version in a request's path decides the status shape:
	 * v24.0 and later get statuses without `conversation` (CLOUD-API-2026.md §2).
	 */
	apiVersion?: string;
	/** Older versions get Meta's error 2635. Default v21.0: v20.0 and older are dead since 2026-09-24 (§3). */
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
	/**
	 * The business portfolio is enrolled in parent BSUIDs (§1.1): customers get a parent BSUID
	 * (`CC.ENT.…`) and webhooks carry `parent_user_id`, `from_parent_user_id`,
	 * `recipient_parent_user_id`. Default false (the fields are absent, as for most businesses).
	 */
	parentUserIds?: boolean;
	/**
	 * The '+' rule without fallback. A `to` without '+' is always read as a number of the business
	 * phone number's country (Meta: "your business phone number's country calling code is
	 * prepended"). Default false: when that reading is not a possible number, the digits are read as
	 * international (a wa_id as webhooks carry it); true: such a `to` is an invalid-recipient error.
	 */
	strictPlusRule?: boolean;
}

/** The options with their defaults filled in (the ones read once at start are left out). */
export type ResolvedSandboxOptions = Required<Omit<SandboxOptions, 'callbackUrl' | 'templates' | 'wabaSubscribedToApp' | 'pairRateLimit'>> &
	Pick<SandboxOptions, 'pairRateLimit'>;

/** The values of a `whatsAppCloudApi` credential that points at this sandbox. */
export type SandboxCredentials = CloudApiCredential;

/** The business the sandbox plays, as webhooks and the phone page show it. */
export type SandboxBusiness = BusinessIdentity & { verifiedName: string; appId: string; formattedPhoneNumber: string };

export function resolveSandboxOptions(options: SandboxOptions, port: number): ResolvedSandboxOptions {
	return {
		port,
		host: options.host ?? '127.0.0.1',
		accessToken: options.accessToken ?? 'EAAGsandboxAccessToken0000000000000000',
		appSecret: options.appSecret ?? 'sandbox-app-secret-0123456789abcdef',
		verifyToken: options.verifyToken ?? 'sandbox-verify-token',
		phoneNumberId: options.phoneNumberId ?? '106540352242922',
		wabaId: options.wabaId ?? '102290129340398',
		appId: options.appId ?? '1234567890123456',
		apiVersion: options.apiVersion ?? DEFAULT_API_VERSION,
		oldestApiVersion: options.oldestApiVersion ?? 'v21.0',
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
		parentUserIds: options.parentUserIds ?? false,
		strictPlusRule: options.strictPlusRule ?? false,
	};
}

export function sandboxBusiness(o: ResolvedSandboxOptions): SandboxBusiness {
	const d = o.displayPhoneNumber;
	return {
		wabaId: o.wabaId,
		phoneNumberId: o.phoneNumberId,
		displayPhoneNumber: d,
		verifiedName: o.verifiedName,
		appId: o.appId,
		formattedPhoneNumber: d.length === 11 && d.startsWith('1') ? `+1 ${d.slice(1, 4)}-${d.slice(4, 7)}-${d.slice(7)}` : `+${d}`,
	};
}

export function sandboxCredentials(o: ResolvedSandboxOptions, baseUrl: string): SandboxCredentials {
	return {
		accessToken: o.accessToken,
		phoneNumberId: o.phoneNumberId,
		businessAccountId: o.wabaId,
		appId: o.appId,
		appSecret: o.appSecret,
		verifyToken: o.verifyToken,
		baseUrl,
		apiVersion: o.apiVersion,
	};
}
