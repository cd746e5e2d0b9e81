-- Schema version 2: the keys sales are matched to leads by, the raw value
-- behind an unrecognised source, and the state of each sale's match.
--
-- The *_norm columns hold keys normalised in Go (see data/match): order or
-- invoice numbers without "#", names without case, accents, titles or
-- middle initials and in word order, companies without their legal form.
-- They are filled for existing rows by the program right after this script,
-- in the same transaction.

ALTER TABLE leads ADD COLUMN order_norm TEXT NOT NULL DEFAULT '';
ALTER TABLE leads ADD COLUMN name_norm TEXT NOT NULL DEFAULT '';
ALTER TABLE leads ADD COLUMN company_norm TEXT NOT NULL DEFAULT '';
-- The raw value no rule knew ("Lead Source: Messe München"): the queue of
-- values a person assigns to a channel groups by it.
ALTER TABLE leads ADD COLUMN source_value TEXT NOT NULL DEFAULT '';
-- 1 when the channel depends on the campaign names of imported ad reports,
-- or is a paid category nothing resolved: classified again when ad reports
-- arrive.
ALTER TABLE leads ADD COLUMN channel_generic INTEGER NOT NULL DEFAULT 0;

ALTER TABLE sales ADD COLUMN order_norm TEXT NOT NULL DEFAULT '';
ALTER TABLE sales ADD COLUMN name_norm TEXT NOT NULL DEFAULT '';
ALTER TABLE sales ADD COLUMN company_norm TEXT NOT NULL DEFAULT '';
ALTER TABLE sales ADD COLUMN own_source_value TEXT NOT NULL DEFAULT '';
ALTER TABLE sales ADD COLUMN own_generic INTEGER NOT NULL DEFAULT 0;
-- '' (no lead), auto (found by a tier), confirmed (a person agreed),
-- manual (a person linked it).
ALTER TABLE sales ADD COLUMN match_state TEXT NOT NULL DEFAULT '';

-- Lookups of the matching tiers, on both sides.
CREATE INDEX leads_order ON leads (order_norm) WHERE superseded_by IS NULL AND order_norm <> '';
CREATE INDEX leads_click ON leads (click_id) WHERE superseded_by IS NULL AND click_id <> '';
CREATE INDEX leads_name ON leads (name_norm) WHERE superseded_by IS NULL AND name_norm <> '';
CREATE INDEX leads_company ON leads (company_norm) WHERE superseded_by IS NULL AND company_norm <> '';
CREATE INDEX sales_order ON sales (order_norm) WHERE superseded_by IS NULL AND order_norm <> '';
CREATE INDEX sales_click ON sales (click_id) WHERE superseded_by IS NULL AND click_id <> '';
CREATE INDEX sales_phone ON sales (phone_e164) WHERE superseded_by IS NULL AND phone_e164 <> '';
CREATE INDEX sales_name ON sales (name_norm) WHERE superseded_by IS NULL AND name_norm <> '';
CREATE INDEX sales_company ON sales (company_norm) WHERE superseded_by IS NULL AND company_norm <> '';

-- The queue of unrecognised source values.
CREATE INDEX leads_source_value ON leads (source_value) WHERE superseded_by IS NULL AND source_value <> '';
CREATE INDEX sales_source_value ON sales (own_source_value) WHERE superseded_by IS NULL AND own_source_value <> '';
-- Rows classified again when ad reports arrive (superseded ones too: an
-- undo may bring them back).
CREATE INDEX leads_generic ON leads (id) WHERE channel_generic = 1;
CREATE INDEX sales_generic ON sales (id) WHERE own_generic = 1;

CREATE INDEX matches_state ON matches (state, sale_key);
