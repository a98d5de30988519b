// n8n's webhook lifecycle for the trigger with a mocked hook context and a recorded Cloud API
// client: what each mode and each state of the Meta app's subscription leads to.
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IHookFunctions } from 'n8n-workflow';

import type { AppSubscription } from '../../shared/whatsapp/CloudApiClient';
import { GraphApiError } from '../../shared/whatsapp/GraphApiError';
import { WEBHOOK_OBJECT } from '../../shared/whatsapp/normalizeWebhook';
import { subscriptionFields } from '../webhook/selectItems';
import { webhookRegistration } from './webhookRegistration';

/** The Graph calls registration makes, recorded; each answers from `mockGraph`. */
const mockGraph = {
	subscriptions: [] as AppSubscription[],
	failing: undefined as 'list' | 'subscribe' | 'subscribeWaba' | 'unsubscribe' | undefined,
	calls: [] as Array<{ call: string; argument?: unknown }>,
	clientSettings: [] as unknown[],
};
const mockExpiredToken = () => GraphApiError.fromResponse(401, { error: { message: 'Error validating access token', code: 190, fbtrace_id: 'Trace1' } });

jest.mock('../../shared/whatsapp/cloudApiCredential', () => {
	const actual = jest.requireActual('../../shared/whatsapp/cloudApiCredential');
	const answer = async (call: typeof mockGraph.failing & string, argument: unknown, value: unknown) => {
		mockGraph.calls.push({ call, argument });
		if (mockGraph.failing === call) throw mockExpiredToken();
		return value;
	};
	return {
		...actual,
		cloudApiClientFor: (_credential: unknown, settings: unknown) => {
			mockGraph.clientSettings.push(settings);
			return {
				listAppSubscriptions: async () => await answer('list', undefined, mockGraph.subscriptions),
				subscribeApp: async (subscription: unknown) => await answer('subscribe', subscription, { success: true }),
				subscribeWabaToApp: async () => await answer('subscribeWaba', undefined, { success: true }),
				unsubscribeApp: async (options: unknown) => await answer('unsubscribe', options, { success: true }),
			};
		},
	};
});

const CALLBACK_URL = 'https://n8n.example.com/webhook/abc/webhook';
const OTHER_URL = 'https://elsewhere.example.com/hook';
// Two webhook fields: messages (messages and statuses) and history.
const EVENTS = ['message', 'status', 'history'];

interface Hook {
	registration?: 'manual' | 'automatic';
	credential?: Record<string, string>;
	replaceExistingSubscription?: boolean;
}

const fullCredential = () => ({
	accessToken: 'token',
	phoneNumberId: '1',
	appId: 'app-1',
	appSecret: 'secret',
	verifyToken: 'verify',
	businessAccountId: 'waba-1',
});

function hookContext(hook: Hook = {}) {
	const logs: Array<{ level: string; message: string }> = [];
	const parameters: Record<string, unknown> = {
		registration: hook.registration ?? 'automatic',
		events: EVENTS,
		replaceExistingSubscription: hook.replaceExistingSubscription ?? false,
	};
	const log = (level: string) => (message: string) => logs.push({ level, message });
	const ctx = {
		getNode: () => ({
			id: 'node-1',
			name: 'WhatsApp Trigger',
			type: 'n8n-nodes-whatsapp-mcp.whatsAppTrigger',
			typeVersion: 1.2,
			position: [0, 0],
			parameters: {},
		}),
		getNodeParameter: (name: string, fallback: unknown) => parameters[name] ?? fallback,
		getNodeWebhookUrl: () => CALLBACK_URL,
		getCredentials: async () => hook.credential ?? fullCredential(),
		logger: { info: log('info'), warn: log('warn'), error: log('error'), debug: () => undefined },
	};
	return { ctx: ctx as unknown as IHookFunctions, logs };
}

const subscription = (callbackUrl: string, fields = subscriptionFields(EVENTS)): AppSubscription => ({
	object: WEBHOOK_OBJECT,
	callback_url: callbackUrl,
	active: true,
	fields: fields.map((name) => ({ name, version: 'v25.0' })),
});
const calls = () => mockGraph.calls.map((entry) => entry.call);

beforeEach(() => {
	mockGraph.subscriptions = [];
	mockGraph.failing = undefined;
	mockGraph.calls = [];
	mockGraph.clientSettings = [];
});

describe('webhookRegistration.checkExists', () => {
	it('refuses to activate without an app secret and a verify token, in manual mode too', async () => {
		const { ctx } = hookContext({ registration: 'manual', credential: { accessToken: 'token', phoneNumberId: '1' } });
		const refusal = webhookRegistration.checkExists.call(ctx);
		await expect(refusal).rejects.toThrow(NodeOperationError);
		await expect(webhookRegistration.checkExists.call(ctx)).rejects.toThrow(/needs "App Secret".*and "Webhook Verify Token"/);
	});

	it('leaves Meta alone in manual mode: the user pastes URL and token', async () => {
		expect(await webhookRegistration.checkExists.call(hookContext({ registration: 'manual' }).ctx)).toBe(true);
		expect(calls()).toEqual([]);
	});

	it('asks for the App ID in automatic mode', async () => {
		const { ctx } = hookContext({ credential: { ...fullCredential(), appId: '' } });
		await expect(webhookRegistration.checkExists.call(ctx)).rejects.toThrow(/Automatic webhook registration needs "App ID"/);
		expect(calls()).toEqual([]);
	});

	it('reports no webhook when the Meta app has no WhatsApp subscription', async () => {
		expect(await webhookRegistration.checkExists.call(hookContext().ctx)).toBe(false);
		expect(calls()).toEqual(['list']);
	});

	it('calls Graph with the 15 s timeout the trigger uses', async () => {
		await webhookRegistration.checkExists.call(hookContext().ctx);
		expect(mockGraph.clientSettings).toEqual([{ timeoutMs: 15_000 }]);
	});

	it('finds the webhook when the subscription points here with every field the events need', async () => {
		mockGraph.subscriptions = [subscription(CALLBACK_URL)];
		expect(await webhookRegistration.checkExists.call(hookContext().ctx)).toBe(true);
	});

	it('re-registers when the subscription points here but lacks a field the events need', async () => {
		expect(subscriptionFields(['message'])).toHaveLength(subscriptionFields(EVENTS).length - 1);
		mockGraph.subscriptions = [subscription(CALLBACK_URL, subscriptionFields(['message']))];
		expect(await webhookRegistration.checkExists.call(hookContext().ctx)).toBe(false);
	});

	it('ignores an inactive subscription', async () => {
		mockGraph.subscriptions = [{ ...subscription(CALLBACK_URL), active: false }];
		expect(await webhookRegistration.checkExists.call(hookContext().ctx)).toBe(false);
	});

	it("refuses to take another URL's subscription away, as a warning that names both", async () => {
		mockGraph.subscriptions = [subscription(OTHER_URL)];
		const error = await webhookRegistration.checkExists.call(hookContext().ctx).catch((thrown: NodeOperationError) => thrown);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect((error as NodeOperationError).message).toBe(
			`The Meta app app-1 already sends its WhatsApp webhooks to ${OTHER_URL}. An app has one callback URL, so activating here would take them away from there.`,
		);
		expect((error as NodeOperationError).level).toBe('warning');
		expect((error as NodeOperationError).description).toMatch(/Replace Existing Subscription/);
	});

	it('takes it over when "Replace Existing Subscription" is on', async () => {
		mockGraph.subscriptions = [subscription(OTHER_URL)];
		expect(await webhookRegistration.checkExists.call(hookContext({ replaceExistingSubscription: true }).ctx)).toBe(false);
	});

	it('turns a Graph error into a NodeApiError that says what it was doing, with code, hint and HTTP status', async () => {
		mockGraph.failing = 'list';
		const error = (await webhookRegistration.checkExists.call(hookContext().ctx).catch((thrown: NodeApiError) => thrown)) as NodeApiError;
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe("Could not read the Meta app's webhook subscriptions: Error validating access token (Graph error 190)");
		expect(error.description).toBe(`${mockExpiredToken().hint} — fbtrace_id: Trace1`);
		expect(error.httpCode).toBe('401');
	});
});

describe('webhookRegistration.create', () => {
	it('does nothing in manual mode', async () => {
		expect(await webhookRegistration.create.call(hookContext({ registration: 'manual' }).ctx)).toBe(true);
		expect(calls()).toEqual([]);
	});

	it("subscribes the Meta app to this URL with the verify token and the events' fields, then the business account to the app", async () => {
		expect(await webhookRegistration.create.call(hookContext().ctx)).toBe(true);
		expect(mockGraph.calls).toEqual([
			{ call: 'subscribe', argument: { callbackUrl: CALLBACK_URL, verifyToken: 'verify', fields: subscriptionFields(EVENTS) } },
			{ call: 'subscribeWaba', argument: undefined },
		]);
	});

	it('warns instead of subscribing the business account when the credential has no WABA ID', async () => {
		const { ctx, logs } = hookContext({ credential: { ...fullCredential(), businessAccountId: '' } });
		expect(await webhookRegistration.create.call(ctx)).toBe(true);
		expect(calls()).toEqual(['subscribe']);
		expect(logs).toEqual([{ level: 'warn', message: expect.stringMatching(/no "WhatsApp Business Account ID"/) }]);
	});

	it('turns a failed app subscription into a NodeApiError naming the URL', async () => {
		mockGraph.failing = 'subscribe';
		await expect(webhookRegistration.create.call(hookContext().ctx)).rejects.toThrow(
			`Could not subscribe the Meta app to ${CALLBACK_URL}: Error validating access token (Graph error 190)`,
		);
	});

	it('turns a failed business account subscription into a NodeApiError', async () => {
		mockGraph.failing = 'subscribeWaba';
		const error = await webhookRegistration.create.call(hookContext().ctx).catch((thrown: NodeApiError) => thrown);
		expect(error).toBeInstanceOf(NodeApiError);
		expect((error as NodeApiError).message).toBe(
			'Could not subscribe the WhatsApp Business Account to the Meta app: Error validating access token (Graph error 190)',
		);
	});
});

describe('webhookRegistration.delete', () => {
	it('does nothing in manual mode', async () => {
		expect(await webhookRegistration.delete.call(hookContext({ registration: 'manual' }).ctx)).toBe(true);
		expect(calls()).toEqual([]);
	});

	it('does nothing without an App ID or App Secret (it could not have registered)', async () => {
		expect(await webhookRegistration.delete.call(hookContext({ credential: { ...fullCredential(), appId: '' } }).ctx)).toBe(true);
		expect(await webhookRegistration.delete.call(hookContext({ credential: { ...fullCredential(), appSecret: '' } }).ctx)).toBe(true);
		expect(calls()).toEqual([]);
	});

	it('removes the subscription that points here', async () => {
		mockGraph.subscriptions = [subscription(CALLBACK_URL)];
		const { ctx, logs } = hookContext();
		expect(await webhookRegistration.delete.call(ctx)).toBe(true);
		expect(mockGraph.calls).toEqual([
			{ call: 'list', argument: undefined },
			{ call: 'unsubscribe', argument: { object: WEBHOOK_OBJECT } },
		]);
		expect(logs).toEqual([{ level: 'info', message: expect.stringContaining(`removed the Meta app's webhook subscription to ${CALLBACK_URL}`) }]);
	});

	it("leaves someone else's subscription alone", async () => {
		mockGraph.subscriptions = [subscription(OTHER_URL)];
		const { ctx, logs } = hookContext();
		expect(await webhookRegistration.delete.call(ctx)).toBe(true);
		expect(calls()).toEqual(['list']);
		expect(logs[0].message).toMatch(`it points to ${OTHER_URL}, not to ${CALLBACK_URL}`);
	});

	it('logs a Graph error and reports the webhook as not deleted, without failing the deactivation', async () => {
		mockGraph.subscriptions = [subscription(CALLBACK_URL)];
		mockGraph.failing = 'unsubscribe';
		const { ctx, logs } = hookContext();
		expect(await webhookRegistration.delete.call(ctx)).toBe(false);
		expect(logs).toEqual([{ level: 'warn', message: "WhatsApp Trigger: could not remove the Meta app's webhook subscription: Error validating access token" }]);
	});
});
