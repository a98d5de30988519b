import { normalizeWebhook, validateWebhookEnvelope } from '../../shared/whatsapp/normalizeWebhook';
import type { NormalizedWebhookItem } from '../../shared/whatsapp/normalizeWebhook';
import { messageWebhooks, statusWebhooks, templateStatusUpdate } from '../../../test/fixtures/metaWebhookExamples';
import { examples2026 } from '../../../test/fixtures/meta2026Examples';
import { dedupeKey, isSelected, subscriptionFields } from './selectItems';
import { ANY_OTHER, EVENTS_2026, MESSAGE_TYPES_2026, STATUS_VALUES_2026 } from '../descriptions/WhatsAppTriggerDescription';

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

describe('version 1.2 (item shape 2026)', () => {
	const items2026 = (options: { expandHistory?: boolean } = {}) =>
		Object.values(examples2026).flatMap((body) => {
			const check = validateWebhookEnvelope(body);
			if (!check.ok) throw new Error(check.reason);
			return normalizeWebhook(check.envelope, { itemShape: '2026', ...options });
		});
	const values = (options: Array<{ value: unknown }>) => options.map((option) => option.value as string);
	const everything = {
		events: values(EVENTS_2026),
		messageTypes: [...MESSAGE_TYPES_2026, ANY_OTHER],
		statuses: [...STATUS_VALUES_2026, ANY_OTHER],
	};
	const body = (name: keyof typeof examples2026) => {
		const check = validateWebhookEnvelope(examples2026[name]);
		if (!check.ok) throw new Error(check.reason);
		return normalizeWebhook(check.envelope, { itemShape: '2026' });
	};

	it('with every option ticked, drops nothing: unknown types, statuses and fields included', () => {
		for (const expandHistory of [false, true]) {
			const all = items2026({ expandHistory });
			expect(all.filter((item) => !isSelected(item, everything))).toEqual([]);
		}
	});

	it('"any other" takes what no option names, and only that', () => {
		const [hologram] = body('unknownMessageType');
		const [welcome] = body('requestWelcome');
		const [teleported] = body('unknownStatus');
		const [field] = body('unknownField');
		const other = { events: ['message', 'status', ANY_OTHER], messageTypes: [ANY_OTHER], statuses: [ANY_OTHER] };
		expect([hologram, teleported, field].map((item) => isSelected(item, other))).toEqual([true, true, true]);
		expect(isSelected(welcome, other)).toBe(false);
		expect(isSelected(body('playedStatus')[0], other)).toBe(false);
		expect(isSelected(body('calls')[0], other)).toBe(false);
		expect(isSelected(hologram, { ...defaults, messageTypes: ['text'] })).toBe(false);
	});

	it('starts on standby items only when Standby is chosen, whatever else is', () => {
		const standby = body('standbyValueLevel');
		expect(standby.map((item) => isSelected(item, { ...everything, events: everything.events.filter((e) => e !== 'standby') }))).toEqual([false, false]);
		expect(standby.map((item) => isSelected(item, { ...defaults, events: ['standby'] }))).toEqual([true, true]);
	});

	it('counts expanded history messages as Chat History Sync', () => {
		const check = validateWebhookEnvelope(examples2026.history);
		if (!check.ok) throw new Error(check.reason);
		const lines = normalizeWebhook(check.envelope, { itemShape: '2026', expandHistory: true });
		expect(lines.every((line) => isSelected(line, { ...defaults, events: ['history'] }))).toBe(true);
		expect(lines.some((line) => isSelected(line, defaults))).toBe(false);
	});

	it('starts on echoes, handovers, preferences and state sync by their own event', () => {
		for (const [name, event] of [
			['textEcho', 'message_echo'],
			['handoverDocumented', 'handover'],
			['userPreferences', 'user_preferences'],
			['stateSync', 'smb_app_state_sync'],
		] as const) {
			const [item] = body(name);
			expect([isSelected(item, defaults), isSelected(item, { ...defaults, events: [event] })]).toEqual([false, true]);
		}
	});

	it('keys echoes and expanded history messages on their message id', () => {
		expect(dedupeKey(body('textEcho')[0])).toBe('message_echo:wamid.E1');
		const check = validateWebhookEnvelope(examples2026.history);
		if (!check.ok) throw new Error(check.reason);
		expect(dedupeKey(normalizeWebhook(check.envelope, { itemShape: '2026', expandHistory: true })[0])).toBe('history_message:wamid.H0.0');
	});

	it('subscribes the webhook field of each 2026 event, and nothing for "any other"', () => {
		expect(subscriptionFields(everything.events)).toEqual([
			'account_alerts',
			'account_review_update',
			'account_update',
			'automatic_events',
			'business_capability_update',
			'business_username_updates',
			'calls',
			'flows',
			'group_lifecycle_update',
			'group_participants_update',
			'group_settings_update',
			'group_status_update',
			'history',
			'message_template_quality_update',
			'message_template_status_update',
			'messages',
			'messaging_handovers',
			'phone_number_name_update',
			'phone_number_quality_update',
			'security',
			'smb_app_state_sync',
			'smb_message_echoes',
			'standby',
			'template_category_update',
			'user_preferences',
		]);
		expect(subscriptionFields(['message_echo', 'handover', ANY_OTHER])).toEqual(['messaging_handovers', 'smb_message_echoes']);
	});
});
