import { createHash } from 'crypto';

import type { NormalizedWebhookItem, NormalizedWebhookItem2026 } from '../../shared/whatsapp/normalizeWebhook';
import { ANY_OTHER, EVENTS_2026, MESSAGE_TYPES_2026, OTHER_CHANGE_FIELDS, STATUS_VALUES_2026 } from '../descriptions/WhatsAppTriggerDescription';

export interface ItemSelection {
	/** `message`, `status`, `messages` (errors-only deliveries) and other change field names (1.2: also `anyOther`). */
	events: string[];
	/** Message types to accept; empty accepts every type (1.2: `anyOther` accepts types not listed). */
	messageTypes: string[];
	/** Statuses to accept when `status` is among the events (1.2: `anyOther` accepts statuses not listed). */
	statuses: string[];
}

// Only version 1.2 offers `anyOther` and gives items with standby or history_message events, so
// what follows selects exactly as before for versions 1 and 1.1.
const listedEvents = new Set(EVENTS_2026.map((event) => event.value as string));
const listedTypes = new Set(MESSAGE_TYPES_2026);
const listedStatuses = new Set(STATUS_VALUES_2026);

/** Whether `value` is chosen, by name or, when it is not listed, by "any other". */
const chosen = (choices: string[], value: string, listed: Set<string>): boolean =>
	choices.includes(value) || (!listed.has(value) && choices.includes(ANY_OTHER));

/** Whether the node's settings let this item start the workflow. */
export function isSelected(item: NormalizedWebhookItem, selection: ItemSelection): boolean {
	// Items of a thread Meta Business Agent handles start the workflow only when Standby is chosen.
	if ((item as Partial<NormalizedWebhookItem2026>).standby === true) return selection.events.includes('standby');
	// "Expand History" turns a history change into history_message items: still "Chat History Sync".
	const event = item.event === 'history_message' ? 'history' : item.event;
	if (!chosen(selection.events, event, listedEvents)) return false;
	if (item.event === 'message') {
		return selection.messageTypes.length === 0 || chosen(selection.messageTypes, item.type ?? '', listedTypes);
	}
	if (item.event === 'status') return chosen(selection.statuses, item.status ?? '', listedStatuses);
	return true;
}

/**
 * The key under which an item counts as "already seen". A message's id is unique; one sent
 * message has several statuses (sent, delivered, read), so a status's key includes the status.
 * Other events (template updates, account changes, delivery errors) have no id: Meta redelivers
 * the same change byte for byte, so a hash of the normalized item stands in for one. Two
 * genuinely separate changes are told apart by their timestamp and content.
 */
export function dedupeKey(item: NormalizedWebhookItem): string {
	if (item.messageId && item.event === 'message') return `message:${item.messageId}`;
	if (item.messageId && item.event === 'status') return `status:${item.messageId}:${item.status ?? ''}`;
	if (item.messageId && (item.event === 'message_echo' || item.event === 'history_message')) return `${item.event}:${item.messageId}`;
	return `${item.event}:sha256:${createHash('sha256').update(JSON.stringify(item)).digest('hex').slice(0, 32)}`;
}

// Each event's webhook field: versions 1 and 1.1 offer a subset of 1.2's events, with the same fields.
const fieldOfEvent = new Map<string, string>([
	...OTHER_CHANGE_FIELDS.map((field): [string, string] => [field.value, field.value]),
	...EVENTS_2026.filter((event) => event.field !== null).map((event): [string, string] => [event.value as string, event.field as string]),
]);

/** The Meta webhook fields to subscribe the app to for the selected events. */
export function subscriptionFields(events: string[]): string[] {
	const fields = new Set<string>();
	for (const event of events) {
		const field = fieldOfEvent.get(event);
		if (field) fields.add(field);
	}
	return [...fields].sort();
}
