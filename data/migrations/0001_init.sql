-- Schema version 1: the whole domain model of a Lastmile workspace.
--
-- The *_day indexes end with superseded_by (always NULL in them) so that they
-- cover the dashboard queries: SQLite reads no table rows at all.
--
-- Conventions:
--   * money is an INTEGER count of minor units (cents) next to an ISO 4217 code;
--   * a business date ("day") is TEXT 'YYYY-MM-DD' in the workspace time zone;
--   * an instant is TEXT RFC 3339 in UTC ("..._at");
--   * every imported row belongs to a batch (ON DELETE CASCADE: undo = delete
--     the batch) and has a natural key; a newer batch that brings the same key
--     marks the older row superseded_by itself (ON DELETE SET NULL: undoing
--     the newer batch makes the older row current again);
--   * decisions a person makes (rules, confirmed or rejected matches) are
--     stored by natural keys so that they survive re-imports.

PRAGMA application_id = 1280135985; -- 'LMS1'

CREATE TABLE settings (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
) STRICT;

-- How to read one kind of file. Built-in and saved profiles share the type.
CREATE TABLE profiles (
	id          INTEGER PRIMARY KEY,
	name        TEXT NOT NULL UNIQUE,
	kind        TEXT NOT NULL CHECK (kind IN ('ad_stats', 'leads', 'sales', 'stock')),
	builtin     INTEGER NOT NULL DEFAULT 0 CHECK (builtin IN (0, 1)),
	fingerprint TEXT NOT NULL DEFAULT '{}', -- JSON: header cells and other signs
	definition  TEXT NOT NULL DEFAULT '{}', -- JSON: rows to skip, column -> field, conventions
	created_at  TEXT NOT NULL,
	updated_at  TEXT NOT NULL
) STRICT;

-- One imported file (or one generated data set, for the demo).
CREATE TABLE batches (
	id              INTEGER PRIMARY KEY,
	file_name       TEXT NOT NULL,
	file_sha256     TEXT NOT NULL UNIQUE,
	file_size       INTEGER NOT NULL DEFAULT 0,
	kind            TEXT NOT NULL CHECK (kind IN ('ad_stats', 'leads', 'sales', 'stock')),
	format          TEXT NOT NULL,
	profile_id      INTEGER REFERENCES profiles (id) ON DELETE SET NULL,
	imported_at     TEXT NOT NULL,
	period_from     TEXT,
	period_to       TEXT,
	currency        TEXT,
	rows_read       INTEGER NOT NULL DEFAULT 0,
	rows_added      INTEGER NOT NULL DEFAULT 0,
	rows_superseded INTEGER NOT NULL DEFAULT 0,
	rows_skipped    INTEGER NOT NULL DEFAULT 0,
	report          TEXT NOT NULL DEFAULT '[]' -- JSON list of problems and skipped rows
) STRICT;

-- Where a lead or sale came from, as an owner says it.
CREATE TABLE channels (
	id       INTEGER PRIMARY KEY,
	key      TEXT NOT NULL UNIQUE, -- stable identifier; survives renames
	name     TEXT NOT NULL UNIQUE,
	grp      TEXT NOT NULL,        -- GA4 default channel group or an offline group
	origin   TEXT NOT NULL CHECK (origin IN ('digital', 'traditional')),
	paid     INTEGER NOT NULL CHECK (paid IN (0, 1)),
	color    TEXT NOT NULL DEFAULT '', -- #rrggbb, empty = automatic
	position INTEGER NOT NULL,
	builtin  INTEGER NOT NULL DEFAULT 0 CHECK (builtin IN (0, 1))
) STRICT;

-- A person's rule mapping raw source values to a channel. Built-in rules (GA4
-- grouping, offline synonyms) live in code and come after these.
CREATE TABLE rules (
	id         INTEGER PRIMARY KEY,
	position   INTEGER NOT NULL,
	field      TEXT NOT NULL, -- source, medium, campaign, lead_source, self_reported, platform, any
	op         TEXT NOT NULL CHECK (op IN ('equals', 'contains', 'starts_with', 'regex')),
	value      TEXT NOT NULL,
	channel_id INTEGER NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
	created_at TEXT NOT NULL
) STRICT;

CREATE TABLE ad_stats (
	id                        INTEGER PRIMARY KEY,
	batch_id                  INTEGER NOT NULL REFERENCES batches (id) ON DELETE CASCADE,
	superseded_by             INTEGER REFERENCES batches (id) ON DELETE SET NULL,
	natural_key               TEXT NOT NULL,
	source_line               INTEGER NOT NULL DEFAULT 0,
	platform                  TEXT NOT NULL, -- google_ads, meta_ads, microsoft_ads, linkedin_ads, tiktok_ads, other
	account                   TEXT NOT NULL DEFAULT '',
	campaign                  TEXT NOT NULL DEFAULT '',
	ad_group                  TEXT NOT NULL DEFAULT '',
	level                     TEXT NOT NULL DEFAULT 'campaign' CHECK (level IN ('campaign', 'ad_group', 'ad', 'keyword', 'search_term')),
	day_from                  TEXT NOT NULL,
	day_to                    TEXT NOT NULL, -- equal to day_from for daily rows; a reporting range otherwise
	currency                  TEXT NOT NULL,
	spend_minor               INTEGER NOT NULL DEFAULT 0,
	impressions               INTEGER NOT NULL DEFAULT 0,
	clicks                    INTEGER NOT NULL DEFAULT 0,
	platform_conversions      REAL, -- the platform's own claim; NULL when the file has none
	platform_conv_value_minor INTEGER,
	channel_id                INTEGER REFERENCES channels (id) ON DELETE SET NULL,
	channel_rule              TEXT NOT NULL DEFAULT '',
	CHECK (day_to >= day_from)
) STRICT;
CREATE UNIQUE INDEX ad_stats_current_key ON ad_stats (natural_key) WHERE superseded_by IS NULL;
CREATE INDEX ad_stats_batch ON ad_stats (batch_id);
CREATE INDEX ad_stats_superseded ON ad_stats (superseded_by) WHERE superseded_by IS NOT NULL;
CREATE INDEX ad_stats_day ON ad_stats (day_from, day_to, channel_id, spend_minor, superseded_by) WHERE superseded_by IS NULL;

CREATE TABLE leads (
	id            INTEGER PRIMARY KEY,
	batch_id      INTEGER NOT NULL REFERENCES batches (id) ON DELETE CASCADE,
	superseded_by INTEGER REFERENCES batches (id) ON DELETE SET NULL,
	natural_key   TEXT NOT NULL, -- system/record id
	source_line   INTEGER NOT NULL DEFAULT 0,
	system        TEXT NOT NULL, -- hubspot, salesforce, pipedrive, file, demo...
	record_id     TEXT NOT NULL,
	created_at    TEXT,          -- UTC instant when the file has one
	day           TEXT NOT NULL, -- business date the lead was created
	name          TEXT NOT NULL DEFAULT '',
	company       TEXT NOT NULL DEFAULT '',
	email         TEXT NOT NULL DEFAULT '',
	email_norm    TEXT NOT NULL DEFAULT '', -- trimmed, lower-cased
	phone         TEXT NOT NULL DEFAULT '',
	phone_e164    TEXT NOT NULL DEFAULT '',
	order_ref     TEXT NOT NULL DEFAULT '', -- order, quote or invoice id carried by the lead
	click_id      TEXT NOT NULL DEFAULT '', -- gclid, msclkid or fbclid
	stage         TEXT NOT NULL DEFAULT '', -- lifecycle stage as the CRM says it
	owner         TEXT NOT NULL DEFAULT '', -- salesperson
	source_fields TEXT NOT NULL DEFAULT '{}', -- JSON object: raw source fields exactly as imported
	channel_id    INTEGER REFERENCES channels (id) ON DELETE SET NULL,
	channel_rule  TEXT NOT NULL DEFAULT '' -- which rule decided the channel
) STRICT;
CREATE UNIQUE INDEX leads_current_key ON leads (natural_key) WHERE superseded_by IS NULL;
CREATE INDEX leads_batch ON leads (batch_id);
CREATE INDEX leads_superseded ON leads (superseded_by) WHERE superseded_by IS NOT NULL;
CREATE INDEX leads_day ON leads (day, channel_id, superseded_by) WHERE superseded_by IS NULL;
CREATE INDEX leads_email ON leads (email_norm) WHERE superseded_by IS NULL AND email_norm <> '';
CREATE INDEX leads_phone ON leads (phone_e164) WHERE superseded_by IS NULL AND phone_e164 <> '';

-- Money received: an order, payment or invoice (kind 'order'), a refund or
-- credit memo (kind 'refund', negative net), or a voided/failed attempt kept
-- for the record (kind 'void', no money).
CREATE TABLE sales (
	id                INTEGER PRIMARY KEY,
	batch_id          INTEGER NOT NULL REFERENCES batches (id) ON DELETE CASCADE,
	superseded_by     INTEGER REFERENCES batches (id) ON DELETE SET NULL,
	natural_key       TEXT NOT NULL, -- system/order id
	source_line       INTEGER NOT NULL DEFAULT 0,
	system            TEXT NOT NULL,
	order_id          TEXT NOT NULL,
	kind              TEXT NOT NULL CHECK (kind IN ('order', 'refund', 'void')),
	status            TEXT NOT NULL DEFAULT '', -- as the source system says it
	placed_at         TEXT,          -- UTC instant when the file has one
	day               TEXT NOT NULL, -- business date
	customer          TEXT NOT NULL DEFAULT '',
	company           TEXT NOT NULL DEFAULT '',
	email             TEXT NOT NULL DEFAULT '',
	email_norm        TEXT NOT NULL DEFAULT '',
	phone             TEXT NOT NULL DEFAULT '',
	phone_e164        TEXT NOT NULL DEFAULT '',
	click_id          TEXT NOT NULL DEFAULT '',
	source_fields     TEXT NOT NULL DEFAULT '{}',
	currency          TEXT NOT NULL,
	gross_minor       INTEGER NOT NULL DEFAULT 0, -- what was charged
	refunded_minor    INTEGER NOT NULL DEFAULT 0, -- refunded on this same record
	net_minor         INTEGER NOT NULL,           -- what the business kept: gross - refunded (negative for a refund)
	own_channel_id    INTEGER REFERENCES channels (id) ON DELETE SET NULL, -- from the sale's own source fields
	own_channel_rule  TEXT NOT NULL DEFAULT '',
	lead_id           INTEGER REFERENCES leads (id) ON DELETE SET NULL,    -- the matched lead, if any
	match_tier        TEXT NOT NULL DEFAULT '',
	first_channel_id  INTEGER REFERENCES channels (id) ON DELETE SET NULL, -- first touch: the lead's channel, else own
	last_channel_id   INTEGER REFERENCES channels (id) ON DELETE SET NULL, -- last touch: own channel, else the lead's
	CHECK (kind <> 'order' OR net_minor >= 0)
) STRICT;
CREATE UNIQUE INDEX sales_current_key ON sales (natural_key) WHERE superseded_by IS NULL;
CREATE INDEX sales_batch ON sales (batch_id);
CREATE INDEX sales_superseded ON sales (superseded_by) WHERE superseded_by IS NOT NULL;
CREATE INDEX sales_day ON sales (day, first_channel_id, last_channel_id, kind, net_minor, superseded_by) WHERE superseded_by IS NULL;
CREATE INDEX sales_lead ON sales (lead_id) WHERE lead_id IS NOT NULL;
CREATE INDEX sales_email ON sales (email_norm) WHERE superseded_by IS NULL AND email_norm <> '';

-- An order's lines: most of the rows of a sales import, so the table is
-- one b-tree (WITHOUT ROWID) with no other index.
CREATE TABLE sale_lines (
	sale_id      INTEGER NOT NULL REFERENCES sales (id) ON DELETE CASCADE,
	line_no      INTEGER NOT NULL,
	sku          TEXT NOT NULL DEFAULT '',
	product      TEXT NOT NULL DEFAULT '',
	quantity     REAL NOT NULL DEFAULT 0,
	amount_minor INTEGER NOT NULL DEFAULT 0, -- line total in the sale's currency
	PRIMARY KEY (sale_id, line_no)
) STRICT, WITHOUT ROWID;

-- Quantity on hand of one product on one date.
CREATE TABLE stock_levels (
	id              INTEGER PRIMARY KEY,
	batch_id        INTEGER NOT NULL REFERENCES batches (id) ON DELETE CASCADE,
	superseded_by   INTEGER REFERENCES batches (id) ON DELETE SET NULL,
	natural_key     TEXT NOT NULL, -- sku or name / location / day
	source_line     INTEGER NOT NULL DEFAULT 0,
	day             TEXT NOT NULL,
	sku             TEXT NOT NULL DEFAULT '',
	product         TEXT NOT NULL DEFAULT '',
	location        TEXT NOT NULL DEFAULT '',
	on_hand         REAL NOT NULL,
	unit_cost_minor INTEGER, -- NULL when the file has no cost
	currency        TEXT NOT NULL DEFAULT '',
	received_on     TEXT     -- when this stock arrived, if known
) STRICT;
CREATE UNIQUE INDEX stock_levels_current_key ON stock_levels (natural_key) WHERE superseded_by IS NULL;
CREATE INDEX stock_levels_batch ON stock_levels (batch_id);
CREATE INDEX stock_levels_superseded ON stock_levels (superseded_by) WHERE superseded_by IS NOT NULL;
CREATE INDEX stock_levels_sku ON stock_levels (sku, day) WHERE superseded_by IS NULL;

-- A link from a sale to a lead, by natural keys so that it survives re-imports.
-- state: auto (found by a tier), suggested (ambiguous; waits for review),
-- confirmed or rejected (a person decided), manual (a person linked it).
CREATE TABLE matches (
	id         INTEGER PRIMARY KEY,
	sale_key   TEXT NOT NULL,
	lead_key   TEXT NOT NULL,
	tier       TEXT NOT NULL CHECK (tier IN ('order_id', 'click_id', 'email', 'phone', 'name', 'company', 'manual')),
	state      TEXT NOT NULL CHECK (state IN ('auto', 'suggested', 'confirmed', 'rejected', 'manual')),
	decided_at TEXT,
	note       TEXT NOT NULL DEFAULT '',
	UNIQUE (sale_key, lead_key)
) STRICT;
CREATE INDEX matches_lead ON matches (lead_key);

-- Daily totals per channel, derived from the rows above and rebuilt inside the
-- transaction of every write, so the dashboard reads a few thousand rows for
-- any period instead of a million sales. channel_id 0 stands for no channel
-- (Unattributed). A reporting-range ad stat is spread over its days in whole
-- minor units (the shares add up exactly to the row's amounts).
CREATE TABLE daily_ads (
	day                       TEXT NOT NULL,
	channel_id                INTEGER NOT NULL,
	spend_minor               INTEGER NOT NULL,
	impressions               INTEGER NOT NULL,
	clicks                    INTEGER NOT NULL,
	platform_conversions      REAL NOT NULL,
	platform_conv_value_minor INTEGER NOT NULL,
	PRIMARY KEY (day, channel_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE daily_leads (
	day        TEXT NOT NULL,
	channel_id INTEGER NOT NULL,
	leads      INTEGER NOT NULL,
	PRIMARY KEY (day, channel_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE daily_sales (
	day           TEXT NOT NULL,
	model         TEXT NOT NULL CHECK (model IN ('first', 'last')),
	channel_id    INTEGER NOT NULL,
	sales         INTEGER NOT NULL, -- orders with money kept
	revenue_minor INTEGER NOT NULL, -- net of refunds
	PRIMARY KEY (model, day, channel_id)
) STRICT, WITHOUT ROWID;

-- Default channels (attribution.md §3 and §3.5). Colours are left automatic.
INSERT INTO channels (key, name, grp, origin, paid, position, builtin) VALUES
	('google_ads',     'Google Ads',                 'Paid Search',    'digital',     1,  1, 1),
	('microsoft_ads',  'Microsoft Ads',              'Paid Search',    'digital',     1,  2, 1),
	('meta_ads',       'Meta Ads',                   'Paid Social',    'digital',     1,  3, 1),
	('linkedin_ads',   'LinkedIn Ads',               'Paid Social',    'digital',     1,  4, 1),
	('tiktok_ads',     'TikTok Ads',                 'Paid Social',    'digital',     1,  5, 1),
	('other_paid',     'Other paid',                 'Paid Other',     'digital',     1,  6, 1),
	('organic_search', 'Organic search',             'Organic Search', 'digital',     0,  7, 1),
	('organic_social', 'Organic social',             'Organic Social', 'digital',     0,  8, 1),
	('email',          'Email',                      'Email',          'digital',     0,  9, 1),
	('referral_sites', 'Referral sites',             'Referral',       'digital',     0, 10, 1),
	('direct',         'Direct',                     'Direct',         'digital',     0, 11, 1),
	('trade_show',     'Trade show / events',        'Events',         'traditional', 0, 12, 1),
	('word_of_mouth',  'Word of mouth',              'Referral (offline)', 'traditional', 0, 13, 1),
	('partner',        'Partner',                    'Partner',        'traditional', 0, 14, 1),
	('phone',          'Phone',                      'Phone',          'traditional', 0, 15, 1),
	('walk_in',        'Walk-in',                    'Walk-in',        'traditional', 0, 16, 1),
	('print_mail',     'Print and direct mail',      'Print',          'traditional', 0, 17, 1),
	('repeat',         'Repeat customer',            'Existing customer', 'traditional', 0, 18, 1),
	('other',          'Other',                      'Other',          'traditional', 0, 19, 1);
