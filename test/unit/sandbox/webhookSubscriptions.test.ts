import { WebhookSubscriptions } from '../../../sandbox/webhookSubscriptions';

// Where webhooks go, as Meta routes them: the WABA's override first, else the app subscription
// when it has the `messages` field and the WABA subscribed the app.

const app = { callbackUrl: 'http://127.0.0.1:1/app', verifyToken: 't', fields: ['messages'] };

function subscriptions(wabaSubscribedToApp = true) {
	const changes: number[] = [];
	const subs = new WebhookSubscriptions(wabaSubscribedToApp, () => changes.push(changes.length + 1));
	return { subs, changes };
}

test('nothing subscribed: no callback', () => {
	expect(subscriptions().subs.callbackUrl()).toBeUndefined();
});

test('the app subscription routes webhooks once the WABA subscribed the app', () => {
	const { subs } = subscriptions(false);
	subs.subscribeApp(app);
	expect(subs.callbackUrl()).toBeUndefined();
	subs.subscribeWabaToApp();
	expect(subs.callbackUrl()).toBe(app.callbackUrl);
});

test('an app subscription without the messages field routes nothing', () => {
	const { subs } = subscriptions();
	subs.subscribeApp({ ...app, fields: ['account_update'] });
	expect(subs.callbackUrl()).toBeUndefined();
});

test("the WABA's override wins over the app subscription, and goes when the WABA unsubscribes", () => {
	const { subs } = subscriptions();
	subs.subscribeApp(app);
	subs.subscribeWabaToApp('http://127.0.0.1:1/override');
	expect(subs.callbackUrl()).toBe('http://127.0.0.1:1/override');
	subs.unsubscribeWabaFromApp();
	expect(subs.isWabaSubscribedToApp()).toBe(false);
	expect(subs.overrideCallback()).toBeUndefined();
	expect(subs.callbackUrl()).toBeUndefined();
});

test('unsubscribing some fields keeps the rest; the last field or no fields drops the subscription', () => {
	const { subs } = subscriptions();
	subs.subscribeApp({ ...app, fields: ['messages', 'account_update'] });
	subs.unsubscribeApp(['account_update']);
	expect(subs.appSubscription()?.fields).toEqual(['messages']);
	subs.unsubscribeApp(['messages']);
	expect(subs.appSubscription()).toBeUndefined();
	subs.subscribeApp(app);
	subs.unsubscribeApp();
	expect(subs.appSubscription()).toBeUndefined();
});

test('a subscription read out is a copy: changing it changes nothing', () => {
	const { subs } = subscriptions();
	subs.subscribeApp(app);
	(subs.appSubscription()!.fields as string[]).length = 0;
	expect(subs.callbackUrl()).toBe(app.callbackUrl);
});

test('a direct subscription (dashboard setup) subscribes the WABA too', () => {
	const { subs } = subscriptions(false);
	subs.subscribeDirectly(app.callbackUrl, 'token');
	expect(subs.callbackUrl()).toBe(app.callbackUrl);
	expect(subs.appSubscription()).toEqual({ callbackUrl: app.callbackUrl, verifyToken: 'token', fields: ['messages'] });
});

test('every API change is reported; clear() (the sandbox control) is not, and keeps the WABA subscribed', () => {
	const { subs, changes } = subscriptions();
	subs.subscribeApp(app);
	subs.unsubscribeApp(['x']);
	subs.subscribeWabaToApp();
	subs.unsubscribeWabaFromApp();
	subs.subscribeDirectly(app.callbackUrl, 't');
	expect(changes).toHaveLength(5);
	subs.clear();
	expect(changes).toHaveLength(5);
	expect(subs.isWabaSubscribedToApp()).toBe(true);
	expect(subs.callbackUrl()).toBeUndefined();
});
