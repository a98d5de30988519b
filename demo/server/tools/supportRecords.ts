import type { z } from 'zod';

import { type CallerScope, canSee } from '../customerScope';
import { canonicalTicketId } from '../identifiers';
import type { articleOutput, ticketOutput } from '../schemas';
import { notFound } from '../shopErrors';
import type { Row, ShopDatabase } from '../shopDatabase';
import { searchTerms } from './catalogueRecords';

export type Ticket = z.infer<typeof ticketOutput>;
export type Article = z.infer<typeof articleOutput>;

export const articleUri = (row: Row) => (row.category === 'policy' ? `shop://policies/${row.slug}` : `shop://help/${row.slug}`);

export function findVisibleTicket(shop: ShopDatabase, scope: CallerScope, ticketIdInput: string): Row {
	const ticketId = canonicalTicketId(ticketIdInput);
	const row = shop.get('SELECT * FROM tickets WHERE ticket_id = ?', [ticketId]);
	if (!row || !canSee(scope, String(row.wa_id))) {
		throw notFound('Ticket', ticketId, 'Check the number (it looks like TCK-2001), or open a new ticket with open_ticket.');
	}
	return row;
}

export function loadTicket(shop: ShopDatabase, row: Row): Ticket {
	return {
		ticketId: String(row.ticket_id),
		status: String(row.status) as Ticket['status'],
		priority: String(row.priority) as Ticket['priority'],
		subject: String(row.subject),
		description: String(row.description),
		orderNumber: row.order_number === null ? null : String(row.order_number),
		customerWaId: String(row.wa_id),
		createdAt: String(row.created_at),
		updatedAt: String(row.updated_at),
		comments: shop.all('SELECT * FROM ticket_comments WHERE ticket_id = ? ORDER BY created_at, id', [row.ticket_id]).map((comment) => ({
			author: String(comment.author) as Ticket['comments'][number]['author'],
			body: String(comment.body),
			createdAt: String(comment.created_at),
		})),
	};
}

export function ticketText(ticket: Ticket): string {
	const latest = ticket.comments[ticket.comments.length - 1];
	return [
		`*Ticket ${ticket.ticketId}*: ${ticket.subject}`,
		`Status: ${ticket.status} · priority ${ticket.priority}${ticket.orderNumber ? ` · order ${ticket.orderNumber}` : ''}`,
		latest ? `Latest (${latest.author}): ${latest.body}` : undefined,
	]
		.filter(Boolean)
		.join('\n');
}

export function toArticle(row: Row): Article {
	return {
		slug: String(row.slug),
		title: String(row.title),
		category: row.category === 'policy' ? 'policy' : 'help',
		summary: String(row.summary),
		body: String(row.body),
		uri: articleUri(row),
	};
}

/** Articles ranked by how many of the query's words they mention: keywords and title weigh most. */
export function searchArticles(shop: ShopDatabase, query: string, category?: 'policy' | 'help'): Article[] {
	const terms = searchTerms(query);
	if (terms.length === 0) return [];
	return shop
		.all('SELECT * FROM kb_articles' + (category ? ' WHERE category = ?' : ''), category ? [category] : [])
		.map((row) => {
			const keywords = ` ${String(row.keywords)} `;
			const title = String(row.title).toLowerCase();
			const text = `${row.summary} ${row.body}`.toLowerCase();
			const score = terms.reduce(
				(sum, term) => sum + (keywords.includes(` ${term} `) ? 3 : 0) + (title.includes(term) ? 2 : 0) + (text.includes(term) ? 1 : 0),
				0,
			);
			return { row, score };
		})
		.filter(({ score }) => score > 0)
		.sort((a, b) => b.score - a.score || String(a.row.title).localeCompare(String(b.row.title)))
		.map(({ row }) => toArticle(row));
}
