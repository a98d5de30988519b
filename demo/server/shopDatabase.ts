import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import initSqlJs, { type BindParams, type Database, type SqlJsStatic, type SqlValue } from 'sql.js';

import { SHOP_SCHEMA_SQL } from './shopSchema';
import {
	FLAT_SHIPPING_CENTS,
	FREE_SHIPPING_THRESHOLD_CENTS,
	QUOTE_VALIDITY_DAYS,
	SEED_ARTICLES,
	SEED_CUSTOMERS,
	SEED_ORDERS,
	SEED_PRODUCTS,
	SEED_QUOTES,
	SEED_TICKETS,
	SHOP_CURRENCY,
} from './seedData';

/** Pass as dbPath to keep the shop in memory only (tests). */
export const IN_MEMORY_DB = ':memory:';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** Days ahead for which delivery slots exist; topped up on every start. */
const SLOT_HORIZON_DAYS = 10;
const SLOT_WINDOWS = [
	{ code: 'AM', startHour: 8, endHour: 12, name: 'Morning' },
	{ code: 'PM', startHour: 12, endHour: 16, name: 'Afternoon' },
	{ code: 'EV', startHour: 16, endHour: 20, name: 'Evening' },
] as const;
const SLOT_CAPACITY = 4;

let sqlJs: Promise<SqlJsStatic> | undefined;
function loadSqlJs(): Promise<SqlJsStatic> {
	sqlJs ??= initSqlJs();
	return sqlJs;
}

export type Row = Record<string, SqlValue>;

export function shippingCentsFor(subtotalCents: number): number {
	return subtotalCents >= FREE_SHIPPING_THRESHOLD_CENTS ? 0 : FLAT_SHIPPING_CENTS;
}

/**
 * The shop's SQLite database (sql.js, in memory) and, when a file path is given, its copy on
 * disk: created and seeded on first start, written back after every change.
 */
export class ShopDatabase {
	private constructor(
		private readonly db: Database,
		readonly path: string,
		private readonly clock: () => Date,
	) {}

	static async open(options: { path?: string; reset?: boolean; clock?: () => Date } = {}): Promise<ShopDatabase> {
		const SQL = await loadSqlJs();
		const path = options.path ?? IN_MEMORY_DB;
		const clock = options.clock ?? (() => new Date());
		const onDisk = path !== IN_MEMORY_DB;
		const existing = onDisk && !options.reset && existsSync(path) ? readFileSync(path) : undefined;
		const shop = new ShopDatabase(new SQL.Database(existing), path, clock);
		shop.applyPragmas();
		shop.db.exec(SHOP_SCHEMA_SQL);
		if (!existing) shop.seed();
		shop.ensureDeliverySlots();
		shop.persist();
		return shop;
	}

	now(): Date {
		return this.clock();
	}

	all(sql: string, params: BindParams = []): Row[] {
		const statement = this.db.prepare(sql, params);
		try {
			const rows: Row[] = [];
			while (statement.step()) rows.push(statement.getAsObject());
			return rows;
		} finally {
			statement.free();
		}
	}

	get(sql: string, params: BindParams = []): Row | undefined {
		return this.all(sql, params)[0];
	}

	run(sql: string, params: BindParams = []): number {
		this.db.run(sql, params);
		return this.db.getRowsModified();
	}

	/** Runs `work` atomically and saves the file once it committed. */
	transaction<T>(work: () => T): T {
		this.db.run('BEGIN');
		let result: T;
		try {
			result = work();
			this.db.run('COMMIT');
		} catch (error) {
			this.db.run('ROLLBACK');
			throw error;
		}
		this.persist();
		return result;
	}

	/** Takes the next number of a sequence (orders, tickets, quotes, handovers). */
	nextNumber(name: string): number {
		const row = this.get('SELECT next_value FROM sequences WHERE name = ?', [name]);
		if (!row) throw new Error(`Unknown sequence ${name}`);
		this.run('UPDATE sequences SET next_value = next_value + 1 WHERE name = ?', [name]);
		return Number(row.next_value);
	}

	close(): void {
		this.db.close();
	}

	private persist(): void {
		if (this.path === IN_MEMORY_DB) return;
		mkdirSync(dirname(this.path), { recursive: true });
		// Write then rename, so a crash never leaves a half-written database behind.
		const temporary = `${this.path}.tmp`;
		writeFileSync(temporary, this.db.export());
		renameSync(temporary, this.path);
		// export() reopens the database, which resets pragmas.
		this.applyPragmas();
	}

	private applyPragmas(): void {
		this.db.run('PRAGMA foreign_keys = ON');
		// Deleted rows are overwritten with zeros instead of lingering in free pages of the file:
		// erased customer data must not be readable from demo-shop.sqlite afterwards.
		this.db.run('PRAGMA secure_delete = ON');
	}

	private at(offsetMs: number): string {
		return new Date(this.now().getTime() + offsetMs).toISOString();
	}

	private seed(): void {
		const prices = new Map(SEED_PRODUCTS.map((product) => [product.sku, product]));
		const priceOf = (sku: string) => {
			const product = prices.get(sku);
			if (!product) throw new Error(`Seed refers to unknown SKU ${sku}`);
			return product;
		};
		this.db.run('BEGIN');
		for (const customer of SEED_CUSTOMERS) {
			this.run('INSERT INTO customers (wa_id, name, email, language, city, address, tier, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', [
				customer.waId,
				customer.name,
				customer.email,
				customer.language,
				customer.city,
				customer.address,
				customer.tier,
				this.at(-customer.memberSinceDaysAgo * DAY_MS),
			]);
		}
		for (const product of SEED_PRODUCTS) {
			this.run('INSERT INTO products (sku, name, description, category, price_cents, currency, stock, restock_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', [
				product.sku,
				product.name,
				product.description,
				product.category,
				Math.round(product.price * 100),
				SHOP_CURRENCY,
				product.stock,
				product.restockInDays === undefined ? null : this.at(product.restockInDays * DAY_MS).slice(0, 10),
			]);
		}
		for (const order of SEED_ORDERS) {
			const subtotal = order.lines.reduce((sum, line) => sum + Math.round(priceOf(line.sku).price * 100) * line.quantity, 0);
			const shipping = shippingCentsFor(subtotal);
			this.run(
				`INSERT INTO orders (order_number, wa_id, status, placed_at, currency, subtotal_cents, shipping_cents, total_cents, carrier, tracking_number, estimated_delivery)
				 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				[
					order.orderNumber,
					order.waId,
					order.status,
					this.at(-order.placedDaysAgo * DAY_MS - 2 * HOUR_MS),
					SHOP_CURRENCY,
					subtotal,
					shipping,
					subtotal + shipping,
					order.carrier ?? null,
					order.trackingNumber ?? null,
					order.estimatedDeliveryInDays === undefined ? null : this.at(order.estimatedDeliveryInDays * DAY_MS).slice(0, 10),
				],
			);
			order.lines.forEach((line, index) => {
				const product = priceOf(line.sku);
				this.run('INSERT INTO order_lines (order_number, line_no, sku, name, quantity, unit_price_cents) VALUES (?, ?, ?, ?, ?, ?)', [
					order.orderNumber,
					index + 1,
					line.sku,
					product.name,
					line.quantity,
					Math.round(product.price * 100),
				]);
			});
			for (const event of order.events) {
				this.run('INSERT INTO tracking_events (order_number, occurred_at, status, location, description) VALUES (?, ?, ?, ?, ?)', [
					order.orderNumber,
					this.at(-event.hoursAgo * HOUR_MS),
					event.status,
					event.location ?? null,
					event.description,
				]);
			}
		}
		for (const ticket of SEED_TICKETS) {
			const lastActivity = Math.min(...ticket.comments.map((comment) => comment.hoursAgo));
			this.run(
				'INSERT INTO tickets (ticket_id, wa_id, subject, description, status, priority, order_number, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
				[
					ticket.ticketId,
					ticket.waId,
					ticket.subject,
					ticket.description,
					ticket.status,
					ticket.priority,
					ticket.orderNumber ?? null,
					this.at(-ticket.openedDaysAgo * DAY_MS),
					this.at(-lastActivity * HOUR_MS),
				],
			);
			for (const comment of ticket.comments) {
				this.run('INSERT INTO ticket_comments (ticket_id, author, body, created_at) VALUES (?, ?, ?, ?)', [
					ticket.ticketId,
					comment.author,
					comment.body,
					this.at(-comment.hoursAgo * HOUR_MS),
				]);
			}
		}
		for (const quote of SEED_QUOTES) {
			const subtotal = quote.lines.reduce((sum, line) => sum + Math.round(priceOf(line.sku).price * 100) * line.quantity, 0);
			const shipping = shippingCentsFor(subtotal);
			this.run(
				`INSERT INTO quotes (quote_id, wa_id, status, created_at, valid_until, currency, subtotal_cents, shipping_cents, total_cents)
				 VALUES (?, ?, 'open', ?, ?, ?, ?, ?, ?)`,
				[
					quote.quoteId,
					quote.waId,
					this.at(-quote.createdDaysAgo * DAY_MS),
					this.at((QUOTE_VALIDITY_DAYS - quote.createdDaysAgo) * DAY_MS),
					SHOP_CURRENCY,
					subtotal,
					shipping,
					subtotal + shipping,
				],
			);
			quote.lines.forEach((line, index) => {
				const product = priceOf(line.sku);
				this.run('INSERT INTO quote_lines (quote_id, line_no, sku, name, quantity, unit_price_cents) VALUES (?, ?, ?, ?, ?, ?)', [
					quote.quoteId,
					index + 1,
					line.sku,
					product.name,
					line.quantity,
					Math.round(product.price * 100),
				]);
			});
		}
		for (const article of SEED_ARTICLES) {
			this.run('INSERT INTO kb_articles (slug, title, category, summary, body, keywords) VALUES (?, ?, ?, ?, ?, ?)', [
				article.slug,
				article.title,
				article.category,
				article.summary,
				article.body,
				article.keywords,
			]);
		}
		for (const [name, next] of [
			['order', 10047],
			['ticket', 2004],
			['quote', 3003],
			['handover', 4001],
		] as const) {
			this.run('INSERT INTO sequences (name, next_value) VALUES (?, ?)', [name, next]);
		}
		this.db.run('COMMIT');
	}

	/** Makes sure bookable slots exist for the coming days (Monday to Saturday), whatever the age of the file. */
	private ensureDeliverySlots(): void {
		const today = new Date(this.now());
		today.setUTCHours(0, 0, 0, 0);
		for (let day = 1; day <= SLOT_HORIZON_DAYS; day++) {
			const date = new Date(today.getTime() + day * DAY_MS);
			if (date.getUTCDay() === 0) continue;
			const ymd = date.toISOString().slice(0, 10);
			const dayLabel = date.toLocaleDateString('en-US', { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' });
			for (const window of SLOT_WINDOWS) {
				const pad = (hour: number) => `${String(hour).padStart(2, '0')}:00`;
				// A few slots start partly or fully booked, as in a real calendar.
				const booked = (day + window.startHour) % 7 === 0 ? SLOT_CAPACITY : (day * window.startHour) % 3;
				this.run('INSERT OR IGNORE INTO delivery_slots (slot_id, starts_at, ends_at, label, capacity, booked) VALUES (?, ?, ?, ?, ?, ?)', [
					`SLOT-${ymd.replace(/-/g, '')}-${window.code}`,
					`${ymd}T${pad(window.startHour)}:00.000Z`,
					`${ymd}T${pad(window.endHour)}:00.000Z`,
					`${dayLabel}, ${window.name} ${pad(window.startHour)}-${pad(window.endHour)}`,
					SLOT_CAPACITY,
					booked,
				]);
			}
		}
	}
}
