import { NodeOperationError } from 'n8n-workflow';
import type { IHookFunctions } from 'n8n-workflow';

import { cloudApiNodeError } from '../../shared/n8n/cloudApiNodeError';
import type { AppSubscription } from '../../shared/whatsapp/CloudApiClient';
import {
	cloudApiClientFor,
	missingReceiveSettings,
	readCloudApiCredential,
	WHATSAPP_CREDENTIAL_TYPE,
	type CloudApiCredential,
} from '../../shared/whatsapp/cloudApiCredential';
import { WEBHOOK_OBJECT } from '../../shared/whatsapp/normalizeWebhook';
import { subscriptionFields } from '../webhook/selectItems';
import { errorMessage } from '../../shared/caughtError';

type Registration = 'manual' | 'automatic';

async function settingsOf(hooks: IHookFunctions) {
	const credential = readCloudApiCredential(await hooks.getCredentials(WHATSAPP_CREDENTIAL_TYPE));
	const missing = missingReceiveSettings(credential);
	if (missing) throw new NodeOperationError(hooks.getNode(), missing);
	const registration = hooks.getNodeParameter('registration', 'manual') as Registration;
	const callbackUrl = hooks.getNodeWebhookUrl('default') as string;
	return { credential, registration, callbackUrl };
}

// Activation waits on these calls: fail as fast as the webhook's own Graph calls do.
const registrationClient = (credential: CloudApiCredential) => cloudApiClientFor(credential, { timeoutMs: 15_000 });

const fieldNames = (subscription: AppSubscription) => (subscription.fields ?? []).map((field) => (typeof field === 'string' ? field : field.name));

/**
 * n8n's webhook lifecycle. Every mode first refuses to activate without an app secret and a
 * verify token. In manual mode that is all (the user pastes URL and token into Meta). In
 * automatic mode the Meta app's single WhatsApp callback is pointed here, never silently away
 * from somewhere else, and left alone on deactivation when it no longer points here.
 */
export const webhookRegistration = {
	async checkExists(this: IHookFunctions): Promise<boolean> {
		const { credential, registration, callbackUrl } = await settingsOf(this);
		if (registration !== 'automatic') return true;
		if (!credential.appId) {
			throw new NodeOperationError(
				this.getNode(),
				'Automatic webhook registration needs "App ID" in the WhatsApp Cloud API credential (Meta app → App settings → Basic), or set "Webhook Registration" to Manual',
			);
		}
		let subscriptions: AppSubscription[];
		try {
			subscriptions = await registrationClient(credential).listAppSubscriptions();
		} catch (error) {
			throw cloudApiNodeError(this.getNode(), error, { doing: "read the Meta app's webhook subscriptions" });
		}
		const current = subscriptions.find((s) => s.object === WEBHOOK_OBJECT && s.active !== false);
		if (!current) return false;
		if (current.callback_url !== callbackUrl) {
			if (this.getNodeParameter('replaceExistingSubscription', false) === true) return false;
			throw new NodeOperationError(
				this.getNode(),
				`The Meta app ${credential.appId} already sends its WhatsApp webhooks to ${current.callback_url}. An app has one callback URL, so activating here would take them away from there.`,
				{
					level: 'warning',
					description: 'Turn on "Replace Existing Subscription" to move them to this workflow, use another Meta app, or set "Webhook Registration" to Manual.',
				},
			);
		}
		const wanted = subscriptionFields(this.getNodeParameter('events', []) as string[]);
		const have = new Set(fieldNames(current));
		return wanted.every((field) => have.has(field));
	},

	async create(this: IHookFunctions): Promise<boolean> {
		const { credential, registration, callbackUrl } = await settingsOf(this);
		if (registration !== 'automatic') return true;
		const client = registrationClient(credential);
		const fields = subscriptionFields(this.getNodeParameter('events', []) as string[]);
		try {
			// Meta calls the GET handshake of this very webhook before it answers.
			await client.subscribeApp({ callbackUrl, verifyToken: credential.verifyToken, fields });
		} catch (error) {
			throw cloudApiNodeError(this.getNode(), error, { doing: `subscribe the Meta app to ${callbackUrl}` });
		}
		if (credential.businessAccountId) {
			try {
				await client.subscribeWabaToApp();
			} catch (error) {
				throw cloudApiNodeError(this.getNode(), error, { doing: 'subscribe the WhatsApp Business Account to the Meta app' });
			}
		} else {
			this.logger.warn(
				'WhatsApp Trigger: no "WhatsApp Business Account ID" in the credential, so the account was not subscribed to the app (POST /{waba-id}/subscribed_apps); do it in the Meta dashboard if no events arrive',
			);
		}
		return true;
	},

	async delete(this: IHookFunctions): Promise<boolean> {
		const credential = readCloudApiCredential(await this.getCredentials(WHATSAPP_CREDENTIAL_TYPE));
		const registration = this.getNodeParameter('registration', 'manual') as Registration;
		if (registration !== 'automatic' || !credential.appId || !credential.appSecret) return true;
		const callbackUrl = this.getNodeWebhookUrl('default') as string;
		const client = registrationClient(credential);
		try {
			const current = (await client.listAppSubscriptions()).find((s) => s.object === WEBHOOK_OBJECT);
			if (!current || current.callback_url !== callbackUrl) {
				// Someone else's subscription now: theirs to keep.
				this.logger.info(
					`WhatsApp Trigger: left the Meta app's webhook subscription alone on deactivation: it points to ${current?.callback_url ?? 'nothing'}, not to ${callbackUrl}`,
				);
				return true;
			}
			await client.unsubscribeApp({ object: WEBHOOK_OBJECT });
			this.logger.info(`WhatsApp Trigger: removed the Meta app's webhook subscription to ${callbackUrl} on deactivation`);
		} catch (error) {
			this.logger.warn(`WhatsApp Trigger: could not remove the Meta app's webhook subscription: ${errorMessage(error)}`);
			return false;
		}
		return true;
	},
};
