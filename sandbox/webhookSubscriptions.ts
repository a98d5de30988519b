// Where webhooks go (CLOUD-API.md): the app's subscription (`/{app-id}/subscriptions`), whether
// the WABA subscribed the app (`/{waba-id}/subscribed_apps`), and the WABA's override callback.
// Only these methods change that state; each change is reported so pending webhooks retry at once.

export interface AppSubscription {
	callbackUrl: string;
	verifyToken: string;
	fields: string[];
}

export class WebhookSubscriptions {
	private app?: AppSubscription;
	private wabaSubscribed: boolean;
	private overrideCallbackUrl?: string;

	constructor(
		wabaSubscribedToApp: boolean,
		private readonly onChange: () => void,
	) {
		this.wabaSubscribed = wabaSubscribedToApp;
	}

	/** Where webhooks go now: the WABA's override, else the app subscription (if the WABA subscribed the app). */
	callbackUrl(): string | undefined {
		if (this.overrideCallbackUrl) return this.overrideCallbackUrl;
		if (this.app && this.wabaSubscribed && this.app.fields.includes('messages')) return this.app.callbackUrl;
		return undefined;
	}

	appSubscription(): Readonly<AppSubscription> | undefined {
		return this.app && { ...this.app, fields: [...this.app.fields] };
	}

	isWabaSubscribedToApp() {
		return this.wabaSubscribed;
	}

	overrideCallback() {
		return this.overrideCallbackUrl;
	}

	/** A callback verified by hand (dashboard setup): the app subscribes to `messages` and the WABA to the app. */
	subscribeDirectly(callbackUrl: string, verifyToken: string) {
		this.app = { callbackUrl, verifyToken, fields: ['messages'] };
		this.wabaSubscribed = true;
		this.onChange();
	}

	/** `POST /{app-id}/subscriptions` after a successful handshake. */
	subscribeApp(subscription: AppSubscription) {
		this.app = { ...subscription, fields: [...subscription.fields] };
		this.onChange();
	}

	/** `DELETE /{app-id}/subscriptions`: these fields, or (without fields) the whole subscription. */
	unsubscribeApp(fields?: string[]) {
		if (this.app && fields) this.app.fields = this.app.fields.filter((f) => !fields.includes(f));
		if (!fields || this.app?.fields.length === 0) this.app = undefined;
		this.onChange();
	}

	/** `POST /{waba-id}/subscribed_apps`, optionally with an override callback (already verified). */
	subscribeWabaToApp(overrideCallbackUrl?: string) {
		if (overrideCallbackUrl) this.overrideCallbackUrl = overrideCallbackUrl;
		this.wabaSubscribed = true;
		this.onChange();
	}

	/** `DELETE /{waba-id}/subscribed_apps`: the override goes too. */
	unsubscribeWabaFromApp() {
		this.wabaSubscribed = false;
		this.overrideCallbackUrl = undefined;
		this.onChange();
	}

	/** The sandbox control's "no callback": app subscription and override gone, the WABA's app subscription kept. */
	clear() {
		this.app = undefined;
		this.overrideCallbackUrl = undefined;
	}
}
