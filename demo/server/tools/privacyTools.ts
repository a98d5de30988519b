import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';

import { formatDay } from '../formatting';
import { SHOP_NAME } from '../seedData';
import type { ShopDatabase } from '../shopDatabase';
import { requireCallerKey } from './customerRecords';
import {
	CONSENT_SOURCES,
	type ErasureCounts,
	eraseCustomerData,
	MARKETING_PREFERENCES,
	type MarketingConsent,
	readMarketingConsent,
	recordMarketingPreference,
} from './privacyRecords';
import { registerShopTool } from './registerShopTool';

const consentOutput = {
	marketing: z.enum(['allowed', 'stopped']).describe('Whether the shop may send this customer marketing messages'),
	since: z.string().nullable().describe('ISO-8601 UTC: when the customer made this choice (for the default: when they became a customer; null if unknown)'),
	source: z
		.enum([...CONSENT_SOURCES, 'default', 'suppression_list'])
		.describe(
			"How: a recorded choice's source; 'default' when the customer never chose (opted in by giving their number); 'suppression_list' after an erasure of someone who had opted out",
		),
};

const erasureCountsOutput = z.object({
	customerProfilesDeleted: z.number().int().describe('Profile with name, email, language, city, address: 1 if there was one'),
	ordersAnonymised: z.number().int().describe('Orders kept for the accounts (dates, totals, lines) but no longer linked to the customer'),
	trackingEventsDeleted: z.number().int(),
	deliverySlotsReleased: z.number().int(),
	ticketsDeleted: z.number().int(),
	ticketMessagesDeleted: z.number().int(),
	quotesDeleted: z.number().int(),
	handoversDeleted: z.number().int(),
	consentRecordsDeleted: z.number().int(),
});

function consentText(consent: MarketingConsent): string {
	if (consent.marketing === 'stopped') {
		const since = consent.since ? ` since ${formatDay(consent.since)}` : '';
		return `You get no marketing messages from ${SHOP_NAME}${since}. Messages about your orders and tickets still come. Say "resume" any time to get our offers again.`;
	}
	return consent.source === 'default'
		? `You may get offers from ${SHOP_NAME} (you agreed when you gave us your number). Say "stop" any time and we stop.`
		: `You get offers from ${SHOP_NAME} again since ${formatDay(consent.since!)}. Say "stop" any time and we stop.`;
}

function erasureText(erased: ErasureCounts, suppressionKept: boolean): string {
	const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;
	const lines = [
		erased.customerProfilesDeleted ? '• your profile (name, email, address, city): deleted' : undefined,
		erased.ordersAnonymised
			? `• ${plural(erased.ordersAnonymised, 'order')}: kept only for our accounts (date, items, total), no longer linked to you; delivery and tracking details deleted`
			: undefined,
		erased.deliverySlotsReleased ? `• ${plural(erased.deliverySlotsReleased, 'delivery slot booking')}: released` : undefined,
		erased.ticketsDeleted ? `• ${plural(erased.ticketsDeleted, 'support ticket')} with ${plural(erased.ticketMessagesDeleted, 'message')}: deleted` : undefined,
		erased.quotesDeleted ? `• ${plural(erased.quotesDeleted, 'quote')}: deleted` : undefined,
		erased.handoversDeleted ? `• ${plural(erased.handoversDeleted, 'conversation hand-over', 'conversation hand-overs')}: deleted` : undefined,
		erased.consentRecordsDeleted ? `• ${plural(erased.consentRecordsDeleted, 'marketing preference record')}: deleted` : undefined,
	].filter((line): line is string => line !== undefined);
	const kept = suppressionKept ? '\nWe only keep a note that this number opted out of marketing, so that we never send you offers again.' : '';
	return lines.length ? `*Your data is erased.*\n${lines.join('\n')}${kept}` : `There is nothing left to erase: ${SHOP_NAME} holds no data about you.${kept}`;
}

export function registerPrivacyTools(server: McpServer, shop: ShopDatabase): void {
	registerShopTool(server, shop, 'erase_my_data', {
		title: 'Erase my data',
		description:
			"Erases everything the shop holds about the customer of this conversation (right to erasure): profile, tickets, quotes, marketing preferences deleted; delivery slots released; orders kept for the accounts but unlinked from them. Cannot be undone: ask the customer to confirm first. Acts only for the customer in the request's _meta; answers with what was erased (a second call: nothing left).",
		input: {
			confirm: z.literal(true).describe('true, once the customer has confirmed they want all their data erased (this cannot be undone)'),
		},
		output: {
			erased: erasureCountsOutput,
			nothingLeft: z.boolean().describe('True when there was nothing (left) to erase'),
			marketingSuppressionKept: z.boolean().describe('True when only a "this number opted out of marketing" note is kept'),
		},
		annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true },
		run: (_args, { scope }) => {
			const key = requireCallerKey(scope, 'erase_my_data');
			const { erased, marketingSuppressionKept } = eraseCustomerData(shop, key);
			const nothingLeft = Object.values(erased).every((count) => count === 0);
			return { data: { erased, nothingLeft, marketingSuppressionKept }, text: erasureText(erased, marketingSuppressionKept) };
		},
	});

	registerShopTool(server, shop, 'set_marketing_preference', {
		title: 'Set marketing preference',
		description:
			"Records that the customer of this conversation stops or resumes marketing messages (offers, news), with the time and where it came from. Order and ticket messages are not affected. Acts only for the customer in the request's _meta.",
		input: {
			preference: z.enum(MARKETING_PREFERENCES).describe('"stop": no more marketing messages; "resume": marketing messages again'),
			source: z
				.enum(CONSENT_SOURCES)
				.default('keyword')
				.describe(
					'Where the choice came from: "keyword" (the customer wrote it, default), "menu" (a button or list), "user_preferences" (WhatsApp\'s own setting, from the webhook)',
				),
		},
		output: { ...consentOutput, changed: z.boolean().describe('False when this was already the recorded choice') },
		annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true },
		run: ({ preference, source }, { scope }) => {
			const key = requireCallerKey(scope, 'set_marketing_preference');
			const { consent, changed } = recordMarketingPreference(shop, key, preference, source);
			const text =
				preference === 'stop'
					? `Done: ${SHOP_NAME} sends you no more marketing messages. Messages about your orders and tickets still come. Say "resume" any time to get our offers again.`
					: `Done: you get offers from ${SHOP_NAME} again. Say "stop" any time and we stop.`;
			return { data: { ...consent, changed }, text };
		},
	});

	registerShopTool(server, shop, 'get_marketing_consent', {
		title: 'Get marketing consent',
		description:
			"Whether the shop may send the customer of this conversation marketing messages, since when and from what source. Without a recorded choice: allowed (WhatsApp's opt-in, given with the number). Acts only for the customer in the request's _meta.",
		input: {},
		output: consentOutput,
		annotations: { readOnlyHint: true, idempotentHint: true },
		run: (_args, { scope }) => {
			const consent = readMarketingConsent(shop, requireCallerKey(scope, 'get_marketing_consent'));
			return { data: consent, text: consentText(consent) };
		},
	});
}
