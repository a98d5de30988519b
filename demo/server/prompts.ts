import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { GetPromptResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';

import { customerForUserId } from './customerIdentity';
import { scopeFromMeta } from './customerScope';
import { SHOP_NAME } from './seedData';
import type { ShopDatabase } from './shopDatabase';
import { findVisibleOrder, loadOrderDetail, orderDetailText } from './tools/orderRecords';

const REPLY_STYLE = `You answer customers of ${SHOP_NAME} on WhatsApp.
- Be warm and brief: at most 3 short paragraphs, under 600 characters when you can.
- WhatsApp formatting only: *bold*, _italic_, plain "• " bullets. No Markdown headings, tables or links in brackets.
- Use the customer's first name once, not in every message.
- Give facts from the shop's tools (order status, stock, policies); never guess a date, price or stock level.
- Order numbers look like ORD-10042, tickets like TCK-2001: repeat them exactly.
- When you cannot help, offer a person: "Shall I pass you to our team?" (tool hand_over_to_human).
- Never ask for card numbers or passwords.`;

/** registerPrompt without the SDK's zod-compat generics, which the type-checker cannot resolve here (TS2589). */
type RegisterPlainPrompt = (
	name: string,
	config: { title: string; description: string; argsSchema: z.ZodRawShape },
	callback: (args: Record<string, string | undefined>, extra: { _meta?: unknown }) => GetPromptResult,
) => unknown;

export function registerShopPrompts(server: McpServer, shop: ShopDatabase): void {
	const registerPrompt = server.registerPrompt.bind(server) as unknown as RegisterPlainPrompt;
	registerPrompt(
		'support_reply_style',
		{
			title: 'Support reply style',
			description: `How ${SHOP_NAME} writes to customers on WhatsApp: tone, length, formatting, what never to do.`,
			argsSchema: {
				language: z.string().optional().describe('Language to answer in, e.g. "en", "de", "Italian" (default: the customer\'s)'),
				customerName: z.string().optional().describe('First name of the customer, if known'),
			},
		},
		({ language, customerName }) => ({
			description: 'System guidance for replies on WhatsApp',
			messages: [
				{
					role: 'user',
					content: {
						type: 'text',
						text: [
							REPLY_STYLE,
							language ? `- Answer in ${language}.` : "- Answer in the customer's language.",
							customerName ? `- The customer's name is ${customerName}.` : undefined,
						]
							.filter(Boolean)
							.join('\n'),
					},
				},
			],
		}),
	);

	registerPrompt(
		'order_status_reply',
		{
			title: 'Order status reply',
			description: 'Asks the model to write a WhatsApp update about one order, with its current status and tracking events filled in.',
			argsSchema: { orderNumber: z.string().describe('Order number, e.g. ORD-10042') },
		},
		({ orderNumber }, extra) => {
			const order = loadOrderDetail(
				shop,
				findVisibleOrder(
					shop,
					scopeFromMeta(extra._meta, (userId) => customerForUserId(shop, userId)),
					orderNumber ?? '',
				),
				5,
			);
			return {
				description: `Update about ${order.orderNumber}`,
				messages: [
					{ role: 'user', content: { type: 'text', text: REPLY_STYLE } },
					{
						role: 'user',
						content: {
							type: 'text',
							text: `Write a short WhatsApp message to ${order.customerName} about this order. Say what happens next.\n\n${orderDetailText(order)}`,
						},
					},
				],
			};
		},
	);
}
