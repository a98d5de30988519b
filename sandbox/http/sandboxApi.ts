import type { EventEmitter } from 'node:events';
import type { ChatEntry, Customer, OutboundMessage } from '../conversations';
import type { CustomerAction } from '../customerActions';
import type { NewCustomer } from '../customers';
import type { ActiveFault, FaultSpec } from '../faults';
import type { GraphError } from '../graphError';
import type { MediaStore } from '../media';
import type { RequestRecord } from '../requestLog';
import type { ResolvedSandboxOptions, SandboxBusiness, SandboxCredentials } from '../sandboxOptions';
import type { MessageTemplate } from '../templates';
import type { AppSubscription } from '../webhookSubscriptions';
import type { DeliveryOutcome, WebhookRecord } from '../webhooks/webhookDelivery';

// What the HTTP layer needs from the sandbox. The routes depend on this, not on the Sandbox class,
// so sandbox/http never imports Sandbox.ts (which starts the server).

type CustomerOptions = { messageId?: string; name?: string };

export interface SandboxApi {
	readonly options: ResolvedSandboxOptions;
	readonly apiVersion: string;
	readonly baseUrl: string;
	readonly pageUrl: string;
	readonly business: SandboxBusiness;
	readonly credentials: SandboxCredentials;
	readonly media: MediaStore;
	readonly templates: MessageTemplate[];
	/** 'change' (a SandboxEvent) on every change, 'stop' when the sandbox stops. */
	readonly events: EventEmitter;

	now(): number;
	advanceClock(ms: number): void;
	reset(): void;

	// Graph API
	handleMessagesPost(body: unknown, version?: string): unknown;
	recordRequest(record: Omit<RequestRecord, 'id'>): void;
	requests(): RequestRecord[];
	injectFault(fault: FaultSpec): void;
	takeFault(path: string): ActiveFault | undefined;
	faultError(fault: ActiveFault): GraphError | undefined;

	// Webhook subscriptions
	callbackUrl(): string | undefined;
	setCallback(url: string, verifyToken?: string): Promise<void>;
	clearCallback(): void;
	appSubscription(): Readonly<AppSubscription> | undefined;
	subscribeApp(subscription: AppSubscription): void;
	unsubscribeApp(fields?: string[]): void;
	isWabaSubscribedToApp(): boolean;
	subscribeWabaToApp(overrideCallbackUrl?: string): void;
	unsubscribeWabaFromApp(): void;
	webhooks(): WebhookRecord[];
	deliverWebhook(body: unknown): { webhookId: string; delivery: Promise<DeliveryOutcome> };
	retryWebhooksNow(): void;
	pendingWebhookCount(): number;

	// Customers and chats
	createCustomer(customer: NewCustomer): Customer;
	customers(): Customer[];
	findCustomer(who: string): Customer | undefined;
	customerSharesPhone(who: string): Customer;
	conversation(who: string): ChatEntry[];
	messagesTo(who: string): OutboundMessage[];
	waitForMessagesTo(who: string, count?: number, timeoutMs?: number): Promise<OutboundMessage[]>;
	customerSendsText(from: string, text: string, opts?: { name?: string; contextMessageId?: string }): CustomerAction;
	customerTapsButton(from: string, buttonIdOrTitle: string, opts?: CustomerOptions): CustomerAction;
	customerPicksListRow(from: string, rowIdOrTitle: string, opts?: CustomerOptions): CustomerAction;
	customerTapsTemplateButton(from: string, buttonText: string, opts?: CustomerOptions): CustomerAction;
	customerReacts(from: string, messageId: string, emoji: string, opts?: { name?: string }): CustomerAction;
	customerSharesLocation(
		from: string,
		location: { latitude: number; longitude: number; name?: string; address?: string },
		opts?: { name?: string },
	): CustomerAction;
	customerSendsImage(from: string, image?: { caption?: string; mimeType?: string; data?: Buffer }, opts?: { name?: string }): CustomerAction;
	customerChangesNumber(who: string, newPhone: string): CustomerAction;
	customerChangesUserId(who: string, opts?: { newUserId?: string; newPhone?: string }): CustomerAction;
}
