import { createHash } from 'crypto';

import type { NormalizedWebhookItem } from '../shared/whatsapp/normalizeWebhook';
import { OTHER_CHANGE_FIELDS } from './WhatsAppTriggerDescription';

export interface ItemSelection {
	/** `message`, `status`, `messages` (errors-only deliveries) and other change field names. */
	events: string[];
	/** Message types to accept; empty accepts every type. */
	messageTypes: string[];
	/** Statuses to accept when `status` is among the events. */
	statuses: string[];
}

/** Whether the node's settings let this item start the workflow. */
export function isSelected(item: NormalizedWebhookItem, selection: ItemSelection): boolean {
	if (!selection.events.includes(item.event)) return false;
	if (item.event === 'message') {
		return selection.messageTypes.length === 0 || selection.messageTypes.includes(item.type ?? '');
	}
	if (item.event === 'status') return selection.statuses.includes(item.status ?? '');
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
	return `${item.event}:sha256:${createHash('sha256').update(JSON.stringify(item)).digest('hex').slice(0, 32)}`;
}

const otherFields = new Set(OTHER_CHANGE_FIELDS.map((field) => field.value));

/** The Meta webhook fields to subscribe the app to for the selected events. */
export function subscriptionFields(events: string[]): string[] {
	const fields = new Set<string>();
	for (const event of events) {
		if (event === 'message' || event === 'status' || event === 'messages') fields.add('messages');
		else if (otherFields.has(event)) fields.add(event);
	}
	return [...fields].sort();
}
