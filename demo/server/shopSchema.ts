// Tables of the demo shop. Money is stored in cents; timestamps as ISO-8601 UTC strings.
// Run on every start, also on a database file from an older version: new tables are added with
// CREATE ... IF NOT EXISTS, and existing tables keep their columns.
export const SHOP_SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS customers (
	wa_id TEXT PRIMARY KEY,
	name TEXT NOT NULL,
	email TEXT,
	language TEXT NOT NULL DEFAULT 'en',
	city TEXT,
	address TEXT,
	tier TEXT NOT NULL DEFAULT 'standard',
	is_guest INTEGER NOT NULL DEFAULT 0,
	created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS products (
	sku TEXT PRIMARY KEY,
	name TEXT NOT NULL,
	description TEXT NOT NULL,
	category TEXT NOT NULL,
	price_cents INTEGER NOT NULL,
	currency TEXT NOT NULL,
	stock INTEGER NOT NULL CHECK (stock >= 0),
	restock_date TEXT
);
CREATE TABLE IF NOT EXISTS orders (
	order_number TEXT PRIMARY KEY,
	wa_id TEXT NOT NULL REFERENCES customers(wa_id),
	status TEXT NOT NULL,
	placed_at TEXT NOT NULL,
	currency TEXT NOT NULL,
	subtotal_cents INTEGER NOT NULL,
	shipping_cents INTEGER NOT NULL,
	total_cents INTEGER NOT NULL,
	carrier TEXT,
	tracking_number TEXT,
	estimated_delivery TEXT,
	delivery_slot_id TEXT REFERENCES delivery_slots(slot_id),
	quote_id TEXT
);
CREATE TABLE IF NOT EXISTS order_lines (
	order_number TEXT NOT NULL REFERENCES orders(order_number),
	line_no INTEGER NOT NULL,
	sku TEXT NOT NULL,
	name TEXT NOT NULL,
	quantity INTEGER NOT NULL,
	unit_price_cents INTEGER NOT NULL,
	PRIMARY KEY (order_number, line_no)
);
CREATE TABLE IF NOT EXISTS tracking_events (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	order_number TEXT NOT NULL REFERENCES orders(order_number),
	occurred_at TEXT NOT NULL,
	status TEXT NOT NULL,
	location TEXT,
	description TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS delivery_slots (
	slot_id TEXT PRIMARY KEY,
	starts_at TEXT NOT NULL,
	ends_at TEXT NOT NULL,
	label TEXT NOT NULL,
	capacity INTEGER NOT NULL,
	booked INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS quotes (
	quote_id TEXT PRIMARY KEY,
	wa_id TEXT NOT NULL REFERENCES customers(wa_id),
	status TEXT NOT NULL,
	created_at TEXT NOT NULL,
	valid_until TEXT NOT NULL,
	currency TEXT NOT NULL,
	subtotal_cents INTEGER NOT NULL,
	shipping_cents INTEGER NOT NULL,
	total_cents INTEGER NOT NULL,
	order_number TEXT
);
CREATE TABLE IF NOT EXISTS quote_lines (
	quote_id TEXT NOT NULL REFERENCES quotes(quote_id),
	line_no INTEGER NOT NULL,
	sku TEXT NOT NULL,
	name TEXT NOT NULL,
	quantity INTEGER NOT NULL,
	unit_price_cents INTEGER NOT NULL,
	PRIMARY KEY (quote_id, line_no)
);
CREATE TABLE IF NOT EXISTS tickets (
	ticket_id TEXT PRIMARY KEY,
	wa_id TEXT NOT NULL,
	subject TEXT NOT NULL,
	description TEXT NOT NULL,
	status TEXT NOT NULL,
	priority TEXT NOT NULL,
	order_number TEXT,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS ticket_comments (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	ticket_id TEXT NOT NULL REFERENCES tickets(ticket_id),
	author TEXT NOT NULL,
	body TEXT NOT NULL,
	created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS handovers (
	handover_id TEXT PRIMARY KEY,
	wa_id TEXT NOT NULL,
	reason TEXT NOT NULL,
	summary TEXT,
	ticket_id TEXT,
	team TEXT NOT NULL,
	status TEXT NOT NULL,
	created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS kb_articles (
	slug TEXT PRIMARY KEY,
	title TEXT NOT NULL,
	category TEXT NOT NULL,
	summary TEXT NOT NULL,
	body TEXT NOT NULL,
	keywords TEXT NOT NULL
);
-- Marketing consent: every stop/resume a customer gave, with when and through what; the newest
-- row is their current choice. Keyed like the rest (wa_id, or a BSUID), with no foreign key: a
-- person may stop marketing before the shop has an account for them.
CREATE TABLE IF NOT EXISTS marketing_consents (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	wa_id TEXT NOT NULL,
	preference TEXT NOT NULL CHECK (preference IN ('stop', 'resume')),
	source TEXT NOT NULL,
	recorded_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS marketing_consents_by_customer ON marketing_consents (wa_id, id);
-- What is left of a customer who had opted out of marketing and then had their data erased: the
-- key and the date, nothing else (see erasure in tools/privacyRecords.ts).
CREATE TABLE IF NOT EXISTS marketing_suppressions (
	wa_id TEXT PRIMARY KEY,
	opted_out_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sequences (
	name TEXT PRIMARY KEY,
	next_value INTEGER NOT NULL
);
`;
