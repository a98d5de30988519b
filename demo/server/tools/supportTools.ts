import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';

import { narrowScope } from '../customerScope';
import { isTeamAvailable, nextOpening } from '../openingHours';
import { REPLY_ID } from '../replyOptions';
import {
	articleOutput,
	orderNumberInput,
	ownerPhoneInput,
	phoneInput,
	replyOptionsOutput,
	ticketIdInput,
	ticketOutput,
	ticketPriority,
	ticketStatus,
} from '../schemas';
import { ShopError } from '../shopErrors';
import type { ShopDatabase } from '../shopDatabase';
import { actingWaId } from './customerRecords';
import { findVisibleOrder } from './orderRecords';
import { findVisibleTicket, loadTicket, searchArticles, ticketText } from './supportRecords';
import { registerShopTool } from './registerShopTool';

/** Minutes one person in the queue adds to the wait. */
const MINUTES_PER_QUEUED_CONVERSATION = 4;
const SALES_WORDS = /\b(buy|purchase|price|pricing|quote|discount|offer|bulk|wholesale)\b/i;

export function registerSupportTools(server: McpServer, shop: ShopDatabase): void {
	registerShopTool(server, shop, 'search_knowledge_base', {
		title: 'Search knowledge base',
		description:
			'Searches the help centre (shipping, returns, refunds, payment, opening hours, warranty, delivery slots...) and returns the best articles, best first.',
		input: {
			query: z.string().trim().min(1).max(300).describe("The customer's question, in their words"),
			category: z.enum(['policy', 'help']).optional().describe('Only policies or only help articles'),
			limit: z.number().int().min(1).max(5).default(3).describe('How many articles at most (default 3)'),
		},
		output: { query: z.string(), articles: z.array(articleOutput), total: z.number().int(), options: replyOptionsOutput },
		annotations: { readOnlyHint: true, idempotentHint: true },
		run: ({ query, category, limit }) => {
			const matches = searchArticles(shop, query, category);
			const articles = matches.slice(0, limit);
			const [best, ...others] = articles;
			const text = best
				? `*${best.title}*\n${best.summary}` + (others.length ? `\n\nSee also: ${others.map((article) => article.title).join('; ')}` : '')
				: `I found nothing about "${query}" in our help centre. A person can help: open a ticket or ask for a human.`;
			const options = [
				{ id: REPLY_ID.menu, title: 'Main menu' },
				{ id: REPLY_ID.newTicket, title: 'Open a ticket' },
				{ id: REPLY_ID.human, title: 'Talk to a person' },
			];
			return { data: { query, articles, total: matches.length, options }, text };
		},
	});

	registerShopTool(server, shop, 'open_ticket', {
		title: 'Open ticket',
		description:
			'Opens a support ticket for the customer, optionally about one of their orders, and returns its number (TCK-...). Anyone can open a ticket, also without a customer account.',
		input: {
			subject: z.string().trim().min(3).max(120).describe('Short subject, e.g. "Blender arrived broken"'),
			description: z.string().trim().min(1).max(2000).describe("The customer's description of the problem"),
			orderNumber: orderNumberInput.optional().describe("The order this is about, if any (must be one of the customer's orders)"),
			priority: ticketPriority.default('normal'),
			phone: phoneInput.optional(),
		},
		output: { ticket: ticketOutput },
		annotations: { readOnlyHint: false, idempotentHint: false },
		run: ({ subject, description, orderNumber, priority, phone }, { scope }) => {
			const waId = actingWaId(scope, phone);
			// The order must belong to the ticket's customer, whoever calls.
			const order = orderNumber === undefined ? undefined : findVisibleOrder(shop, { waId }, orderNumber);
			const now = shop.now().toISOString();
			const ticketId = shop.transaction(() => {
				const id = `TCK-${shop.nextNumber('ticket')}`;
				shop.run(
					"INSERT INTO tickets (ticket_id, wa_id, subject, description, status, priority, order_number, created_at, updated_at) VALUES (?, ?, ?, ?, 'open', ?, ?, ?, ?)",
					[id, waId, subject, description, priority, order ? order.order_number : null, now, now],
				);
				shop.run("INSERT INTO ticket_comments (ticket_id, author, body, created_at) VALUES (?, 'customer', ?, ?)", [id, description, now]);
				return id;
			});
			const ticket = loadTicket(shop, findVisibleTicket(shop, { waId }, ticketId));
			return {
				data: { ticket },
				text: `Ticket *${ticketId}* is open: "${subject}". We reply within one business day; ask me about ${ticketId} any time.`,
			};
		},
	});

	registerShopTool(server, shop, 'update_ticket', {
		title: 'Update ticket',
		description: 'Adds a comment to a ticket and/or changes its status or priority. A customer comment on a resolved or closed ticket reopens it.',
		input: {
			ticketId: ticketIdInput,
			comment: z.string().trim().min(1).max(2000).optional().describe('Text to add to the ticket'),
			status: ticketStatus.optional(),
			priority: ticketPriority.optional(),
			author: z.enum(['customer', 'agent']).default('customer').describe('Who writes the comment (default customer)'),
			phone: ownerPhoneInput,
		},
		output: { ticket: ticketOutput },
		annotations: { readOnlyHint: false, idempotentHint: false },
		run: ({ ticketId, comment, status, priority, author, phone }, { scope: callerScope }) => {
			const scope = narrowScope(callerScope, phone);
			const row = findVisibleTicket(shop, scope, ticketId);
			if (comment === undefined && status === undefined && priority === undefined) {
				throw new ShopError('invalid_request', 'Nothing to update: give a comment, a status or a priority.');
			}
			const reopens = status === undefined && comment !== undefined && author === 'customer' && ['resolved', 'closed'].includes(String(row.status));
			const newStatus = status ?? (reopens ? 'open' : String(row.status));
			const now = shop.now().toISOString();
			shop.transaction(() => {
				shop.run('UPDATE tickets SET status = ?, priority = ?, updated_at = ? WHERE ticket_id = ?', [newStatus, priority ?? row.priority, now, row.ticket_id]);
				if (comment !== undefined) {
					shop.run('INSERT INTO ticket_comments (ticket_id, author, body, created_at) VALUES (?, ?, ?, ?)', [row.ticket_id, author, comment, now]);
				}
				if (newStatus !== row.status) {
					shop.run("INSERT INTO ticket_comments (ticket_id, author, body, created_at) VALUES (?, 'system', ?, ?)", [
						row.ticket_id,
						`Status changed from ${row.status} to ${newStatus}.`,
						now,
					]);
				}
			});
			const ticket = loadTicket(shop, findVisibleTicket(shop, scope, String(row.ticket_id)));
			return { data: { ticket }, text: `Ticket ${ticket.ticketId} updated.\n${ticketText(ticket)}` };
		},
	});

	registerShopTool(server, shop, 'get_ticket', {
		title: 'Get ticket',
		description: 'A ticket with its status, priority, order and full comment history. Tickets of other customers are reported as not found.',
		input: { ticketId: ticketIdInput, phone: ownerPhoneInput },
		output: { ticket: ticketOutput },
		annotations: { readOnlyHint: true, idempotentHint: true },
		run: ({ ticketId, phone }, { scope }) => {
			const ticket = loadTicket(shop, findVisibleTicket(shop, narrowScope(scope, phone), ticketId));
			return { data: { ticket }, text: ticketText(ticket) };
		},
	});

	registerShopTool(server, shop, 'hand_over_to_human', {
		title: 'Hand over to a human',
		description:
			'Puts the conversation in the queue of the sales or support team, with the reason and a summary for the agent. Says when someone will answer: soon in opening hours, else when the team opens.',
		input: {
			reason: z.string().trim().min(3).max(500).describe('Why a person is needed, e.g. "customer asked for a human"'),
			summary: z.string().trim().max(2000).optional().describe('What happened so far, for the agent'),
			ticketId: ticketIdInput.optional().describe('A ticket of the customer this is about'),
			phone: phoneInput.optional(),
		},
		output: {
			handover: z.object({
				handoverId: z.string(),
				status: z.literal('queued'),
				team: z.enum(['sales', 'support']),
				queuePosition: z.number().int().min(1),
				withinOpeningHours: z.boolean(),
				estimatedWaitMinutes: z.number().int().nullable().describe('In opening hours; null when the team is closed'),
				nextOpening: z.string().nullable().describe('When the team is back, if closed now'),
			}),
		},
		annotations: { readOnlyHint: false, idempotentHint: false },
		run: ({ reason, summary, ticketId, phone }, { scope }) => {
			const waId = actingWaId(scope, phone);
			const ticket = ticketId === undefined ? undefined : findVisibleTicket(shop, { waId }, ticketId);
			const team = SALES_WORDS.test(`${reason} ${summary ?? ''}`) ? ('sales' as const) : ('support' as const);
			const now = shop.now();
			const handoverId = shop.transaction(() => {
				const id = `HND-${shop.nextNumber('handover')}`;
				shop.run("INSERT INTO handovers (handover_id, wa_id, reason, summary, ticket_id, team, status, created_at) VALUES (?, ?, ?, ?, ?, ?, 'queued', ?)", [
					id,
					waId,
					reason,
					summary ?? null,
					ticket ? ticket.ticket_id : null,
					team,
					now.toISOString(),
				]);
				return id;
			});
			const queuePosition = Number(shop.get("SELECT COUNT(*) AS queued FROM handovers WHERE status = 'queued' AND team = ?", [team])!.queued);
			const open = isTeamAvailable(now);
			const handover = {
				handoverId,
				status: 'queued' as const,
				team,
				queuePosition,
				withinOpeningHours: open,
				estimatedWaitMinutes: open ? queuePosition * MINUTES_PER_QUEUED_CONVERSATION : null,
				nextOpening: open ? null : nextOpening(now),
			};
			const text = open
				? `A person from our ${team} team will take over this chat in about ${handover.estimatedWaitMinutes} minutes. Reference: ${handoverId}.`
				: `Our ${team} team is offline now; they are back ${handover.nextOpening} and will answer here first thing. Reference: ${handoverId}.`;
			return { data: { handover }, text };
		},
	});
}
