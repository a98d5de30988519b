import { InMemoryDedupeStore } from '../../shared/whatsapp/dedupeStore';
import { signWebhookBody } from '../../shared/whatsapp/webhookSignature';
import { envelope, messageExamples, messageWebhooks, messagesValue, statusExamples, statusesValue } from '../../../test/fixtures/metaWebhookExamples';
import { examples2026 } from '../../../test/fixtures/meta2026Examples';
import { acceptDelivery, PENDING_CLAIM_MS, type DeliverySettings } from './acceptDelivery';

const APP_SECRET = 'test-app-secret';

function settings(overrides: Partial<DeliverySettings> = {}): DeliverySettings {
	return {
		appSecret: APP_SECRET,
		maxBodyBytes: 1024 * 1024,
		includeRaw: true,
		selection: { events: ['message'], messageTypes: [], statuses: ['sent', 'delivered', 'read', 'failed'] },
		dedupe: { store: new InMemoryDedupeStore(), ttlMs: 60_000, scope: 'wf:node:webhook' },
		...overrides,
	};
}

/** A POST as n8n hands it to the node: raw bytes, the parsed JSON and the signature header. */
function signedPost(body: unknown, secret = APP_SECRET) {
	const rawBody = Buffer.from(JSON.stringify(body));
	return { rawBody, parsedBody: JSON.parse(rawBody.toString()), signatureHeader: signWebhookBody(rawBody, secret) };
}

describe('acceptDelivery', () => {
	it('accepts a signed text message as one item', async () => {
		const outcome = await acceptDelivery(signedPost(messageWebhooks.text), settings());
		expect(outcome).toMatchObject({ status: 200, counts: { received: 1, ignored: 0, duplicates: 0, accepted: 1 } });
		expect(outcome.status === 200 && outcome.items[0].text).toBe('Does it come in another color?');
	});

	it('gives v1 items by default and 2026 items when asked (node version 1.2)', async () => {
		const v1 = await acceptDelivery(signedPost(examples2026.bsuidTextMessage), settings());
		expect(v1.status === 200 && v1.items[0]).toMatchObject({ sessionId: null, from: null });
		expect(v1.status === 200 && v1.items[0]).not.toHaveProperty('userId');
		const current = await acceptDelivery(signedPost(examples2026.bsuidTextMessage), settings({ itemShape: '2026' }));
		expect(current.status === 200 && current.items[0]).toMatchObject({ sessionId: 'PNID:BR.1000000000000000001', userId: 'BR.1000000000000000001' });
	});

	it('leaves the customer profile (name, username) out when asked, keeping the keys', async () => {
		const kept = await acceptDelivery(signedPost(examples2026.bsuidTextMessage), settings({ itemShape: '2026' }));
		expect(kept.status === 200 && kept.items[0]).toMatchObject({ contactName: 'Ana', username: 'ana.g' });
		const left = await acceptDelivery(signedPost(examples2026.bsuidTextMessage), settings({ itemShape: '2026', includeProfile: false, includeRaw: false }));
		expect(left.status === 200 && left.items[0]).toMatchObject({ contactName: null, username: null, raw: null, userId: 'BR.1000000000000000001' });
	});

	it('expands history only when asked, and dedupes its messages by id', async () => {
		const history = settings({ itemShape: '2026', selection: { events: ['history'], messageTypes: [], statuses: [] } });
		const summary = await acceptDelivery(signedPost(examples2026.history), history);
		expect(summary.status === 200 && summary.items.map((item) => item.event)).toEqual(['history']);
		const expanded = { ...history, expandHistory: true };
		const lines = await acceptDelivery(signedPost(examples2026.history), expanded);
		expect(lines).toMatchObject({ status: 200, counts: { received: 6, accepted: 6 } });
		const again = await acceptDelivery(signedPost(examples2026.history), expanded);
		expect(again).toMatchObject({ status: 200, counts: { received: 6, duplicates: 6, accepted: 0 } });
	});

	it('answers 401 without a signature, and says so', async () => {
		const outcome = await acceptDelivery({ ...signedPost(messageWebhooks.text), signatureHeader: undefined }, settings());
		expect(outcome.status).toBe(401);
		expect(outcome.status === 401 && outcome.reason).toMatch(/no x-hub-signature-256 header/);
	});

	it('answers 401 for a signature made with another secret', async () => {
		const outcome = await acceptDelivery(signedPost(messageWebhooks.text, 'another-secret'), settings());
		expect(outcome.status).toBe(401);
	});

	it('answers 401 when the body was changed after signing', async () => {
		const post = signedPost(messageWebhooks.text);
		const tampered = Buffer.from(post.rawBody.toString().replace('color', 'colour'));
		const outcome = await acceptDelivery({ ...post, rawBody: tampered, parsedBody: JSON.parse(tampered.toString()) }, settings());
		expect(outcome.status).toBe(401);
	});

	it('refuses an oversized body with 413 before checking anything else', async () => {
		const outcome = await acceptDelivery({ ...signedPost(messageWebhooks.text), signatureHeader: undefined }, settings({ maxBodyBytes: 10 }));
		expect(outcome.status).toBe(413);
		expect(outcome.status === 413 && outcome.reason).toMatch(/Max Body Size/);
	});

	it('answers 400 with the reason for a signed body that is not a WhatsApp webhook', async () => {
		const outcome = await acceptDelivery(signedPost({ object: 'page', entry: [] }), settings());
		expect(outcome).toEqual({
			status: 400,
			reason: '"object" is "page", expected "whatsapp_business_account": this is not a WhatsApp Cloud API webhook',
		});
	});

	it('parses the raw bytes itself when n8n left the body unparsed (a content type other than JSON)', async () => {
		const post = signedPost(messageWebhooks.text);
		const outcome = await acceptDelivery({ ...post, parsedBody: {} }, settings());
		expect(outcome.status).toBe(200);
	});

	it('parses the raw bytes when n8n handed the body over as text (text/plain)', async () => {
		const post = signedPost(messageWebhooks.text);
		const outcome = await acceptDelivery({ ...post, parsedBody: post.rawBody.toString() }, settings());
		expect(outcome.status).toBe(200);
	});

	it('answers 400 for signed bytes that are not JSON', async () => {
		const rawBody = Buffer.from('{"object": "whatsapp_business_account", ');
		const outcome = await acceptDelivery({ rawBody, parsedBody: {}, signatureHeader: signWebhookBody(rawBody, APP_SECRET) }, settings());
		expect(outcome.status).toBe(400);
		expect(outcome.status === 400 && outcome.reason).toMatch(/not valid JSON/);
	});

	it('starts nothing for a message delivered a second time', async () => {
		const shared = settings();
		await acceptDelivery(signedPost(messageWebhooks.text), shared);
		const again = await acceptDelivery(signedPost(messageWebhooks.text), shared);
		expect(again).toMatchObject({ status: 200, items: [], counts: { received: 1, duplicates: 1, accepted: 0 } });
	});

	it('keeps duplicates of one workflow apart from another workflow', async () => {
		const store = new InMemoryDedupeStore();
		const first = settings({ dedupe: { store, ttlMs: 60_000, scope: 'wf1:node:webhook' } });
		const second = settings({ dedupe: { store, ttlMs: 60_000, scope: 'wf2:node:webhook' } });
		await acceptDelivery(signedPost(messageWebhooks.text), first);
		const other = await acceptDelivery(signedPost(messageWebhooks.text), second);
		expect(other.status === 200 && other.counts.accepted).toBe(1);
	});

	it('lets every delivery through when the duplicate window is 0', async () => {
		const shared = settings({ dedupe: { store: new InMemoryDedupeStore(), ttlMs: 0, scope: 's' } });
		await acceptDelivery(signedPost(messageWebhooks.text), shared);
		const again = await acceptDelivery(signedPost(messageWebhooks.text), shared);
		expect(again.status === 200 && again.counts.accepted).toBe(1);
	});

	it('does not remember messages of a rejected delivery', async () => {
		const shared = settings();
		await acceptDelivery(signedPost(messageWebhooks.text, 'forged'), shared);
		const genuine = await acceptDelivery(signedPost(messageWebhooks.text), shared);
		expect(genuine.status === 200 && genuine.counts.accepted).toBe(1);
	});

	it('turns a batch into several items, leaving out statuses by default and duplicates within the batch', async () => {
		const body = envelope([
			{ value: messagesValue([messageExamples.text, messageExamples.image, messageExamples.text]) },
			{ value: statusesValue([statusExamples.delivered]) },
		]);
		const outcome = await acceptDelivery(signedPost(body), settings());
		expect(outcome).toMatchObject({ status: 200, counts: { received: 4, ignored: 1, duplicates: 1, accepted: 2 } });
		expect(outcome.status === 200 && outcome.items.map((i) => i.messageId)).toEqual(['wamid.text1', 'wamid.image1']);
	});

	it('returns the keys it claimed, so that a failed hand-over can release them', async () => {
		const store = new InMemoryDedupeStore();
		const outcome = await acceptDelivery(signedPost(messageWebhooks.text), settings({ dedupe: { store, ttlMs: 60_000, scope: 's' } }));
		expect(outcome.status === 200 && outcome.claimedKeys).toEqual(['s:message:wamid.text1']);
		await store.release(['s:message:wamid.text1']);
		const again = await acceptDelivery(signedPost(messageWebhooks.text), settings({ dedupe: { store, ttlMs: 60_000, scope: 's' } }));
		expect(again.status === 200 && again.counts.accepted).toBe(1);
	});

	it('answers 503 when the duplicate memory cannot be reached, releasing what it had claimed', async () => {
		const claimed: string[] = [];
		const released: string[] = [];
		let calls = 0;
		const flaky = {
			async claim(key: string) {
				if (++calls > 1) throw new Error('connect ECONNREFUSED 127.0.0.1:6399');
				claimed.push(key);
				return true;
			},
			async confirm() {},
			async release(keys: string[]) {
				released.push(...keys);
			},
		};
		const body = envelope([{ value: messagesValue([messageExamples.text, messageExamples.image]) }]);
		const outcome = await acceptDelivery(signedPost(body), settings({ dedupe: { store: flaky, ttlMs: 60_000, scope: 's' } }));
		expect(outcome).toEqual({ status: 503, reason: expect.stringMatching(/duplicate memory cannot be reached \(connect ECONNREFUSED.*Meta will redeliver/) });
		expect(released).toEqual(claimed);
		expect(released).toHaveLength(1);
	});

	it('claims only for a while until the hand-over is confirmed, so a claim whose release failed still ends', async () => {
		const clock = { now: 1_000_000 };
		const store = new InMemoryDedupeStore({ now: () => clock.now });
		const day = 24 * 60 * 60_000;
		const shared = settings({ dedupe: { store, ttlMs: day, scope: 's' } });
		const first = await acceptDelivery(signedPost(messageWebhooks.text), shared);
		expect(first.status === 200 && first.counts.accepted).toBe(1);
		clock.now += PENDING_CLAIM_MS;
		const unconfirmed = await acceptDelivery(signedPost(messageWebhooks.text), shared);
		expect(unconfirmed.status === 200 && unconfirmed.counts.accepted).toBe(1);
		await store.confirm(unconfirmed.status === 200 ? unconfirmed.claimedKeys : [], day);
		clock.now += PENDING_CLAIM_MS;
		const confirmed = await acceptDelivery(signedPost(messageWebhooks.text), shared);
		expect(confirmed.status === 200 && confirmed.counts.duplicates).toBe(1);
	});
});
