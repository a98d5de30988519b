import { normalizeWebhook, validateWebhookEnvelope } from '../shared/whatsapp/normalizeWebhook';
import type { NormalizedWebhookItem } from '../shared/whatsapp/normalizeWebhook';
import { messageWebhooks, statusWebhooks, templateStatusUpdate } from '../shared/whatsapp/__tests__/metaWebhookExamples';
import { dedupeKey, isSelected, subscriptionFields } from './selectItems';

function itemOf(body: unknown): NormalizedWebhookItem {
	const check = validateWebhookEnvelope(body);
	if (!check.ok) throw new Error(check.reason);
	return normalizeWebhook(check.envelope)[0];
}

const text = itemOf(messageWebhooks.text);
const image = itemOf(messageWebhooks.image);
const read = itemOf(statusWebhooks.read);
const failed = itemOf(statusWebhooks.failed);
const template = itemOf(templateStatusUpdate);
const defaults = { events: ['message'], messageTypes: [], statuses: ['sent', 'delivered', 'read', 'failed'] };

describe('isSelected', () => {
	it('by default starts on every message type and on no status', () => {
		expect(isSelected(text, defaults)).toBe(true);
		expect(isSelected(image, defaults)).toBe(true);
		expect(isSelected(read, defaults)).toBe(false);
	});

	it('keeps only the chosen message types when some are chosen', () => {
		const selection = { ...defaults, messageTypes: ['image'] };
		expect(isSelected(text, selection)).toBe(false);
		expect(isSelected(image, selection)).toBe(true);
	});

	it('starts on the chosen statuses only, once statuses are turned on', () => {
		const selection = { ...defaults, events: ['status'], statuses: ['failed'] };
		expect(isSelected(failed, selection)).toBe(true);
		expect(isSelected(read, selection)).toBe(false);
		expect(isSelected(text, selection)).toBe(false);
	});

	it('starts on other changes only when their field is chosen', () => {
		expect(isSelected(template, defaults)).toBe(false);
		expect(isSelected(template, { ...defaults, events: ['message_template_status_update'] })).toBe(true);
	});
});

describe('dedupeKey', () => {
	it('is the message id for messages', () => {
		expect(dedupeKey(text)).toBe('message:wamid.text1');
	});

	it('tells apart the statuses of one sent message', () => {
		expect(dedupeKey(read)).not.toBe(dedupeKey(failed));
		expect(dedupeKey(read)).toBe(`status:${read.messageId}:read`);
	});

	it('is a hash of the item for events without an id, the same for a redelivery and different for another change', () => {
		const key = dedupeKey(template);
		expect(key).toMatch(/^message_template_status_update:sha256:[0-9a-f]{32}$/);
		expect(dedupeKey(structuredClone(template))).toBe(key);
		expect(dedupeKey({ ...template, timestamp: '2030-01-01T00:00:00.000Z' })).not.toBe(key);
	});
});

describe('subscriptionFields', () => {
	it('subscribes messages for messages, statuses and delivery errors, once', () => {
		expect(subscriptionFields(['message', 'status', 'messages'])).toEqual(['messages']);
	});

	it('adds other change fields and ignores unknown names', () => {
		expect(subscriptionFields(['message', 'account_update', 'nonsense'])).toEqual(['account_update', 'messages']);
	});
});
