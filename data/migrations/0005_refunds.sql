-- Schema version 5: one rule for refunds, whatever system they come from,
-- and each lead's first sale kept with the lead.
--
-- A refund counts against the sale it returns: on that sale's day, in that
-- sale's channel and place. Shopify, Stripe and WooCommerce write a refund
-- on the order's own row (refunded_minor); Square writes a refund row that
-- keeps its payment's transaction id; QuickBooks credit memos and Xero
-- credit notes name a customer, not an invoice. The program links each
-- refund row to its sale (by order or transaction id, else the customer's
-- latest earlier sale in the same system that covers it) and keeps what
-- customers kept per sale in kept_minor. A refund it cannot link counts on
-- its own day, on its own evidence, and is shown as such.
ALTER TABLE sales ADD COLUMN order_ref TEXT NOT NULL DEFAULT '';  -- the number as written, where order_id joins more to it
ALTER TABLE sales ADD COLUMN refund_ref TEXT NOT NULL DEFAULT ''; -- a refund's sale's number, normalised, where the file says
ALTER TABLE sales ADD COLUMN refund_of INTEGER; -- the sale this refund returns, when linked
ALTER TABLE sales ADD COLUMN counted_day TEXT;   -- a refund's: the day it counts on (its sale's, else its own)
ALTER TABLE sales ADD COLUMN refund_link TEXT NOT NULL DEFAULT ''
	CHECK (refund_link IN ('', 'id', 'customer'));
-- What the business kept, as reports count it: an order's net less the
-- refunds linked to it; 0 for a linked refund (its sale carries it); an
-- unlinked refund's own (negative) net. Filled by the program.
ALTER TABLE sales ADD COLUMN kept_minor INTEGER NOT NULL DEFAULT 0;
UPDATE sales SET kept_minor = net_minor;

-- The refunds, read in full whenever sales change, and the sales whose
-- kept money differs from their net (orders with refunds linked to them,
-- and the linked refunds).
CREATE INDEX sales_refunds ON sales (counted_day, refund_link, net_minor) WHERE kind = 'refund' AND superseded_by IS NULL;
CREATE INDEX sales_kept ON sales (id) WHERE kept_minor <> net_minor;

-- The report reads every order's kept money from the covering index, and
-- the few orders whose own tags name a campaign from another.
DROP INDEX sales_day;
CREATE INDEX sales_day ON sales (day, kind, kept_minor, first_channel_id, first_evidence, last_channel_id, last_evidence, place,
	lead_id, superseded_by)
	WHERE superseded_by IS NULL;
CREATE INDEX sales_campaign ON sales (day, kind, kept_minor, first_channel_id, first_evidence, last_channel_id, last_evidence, campaign,
	lead_id, superseded_by)
	WHERE superseded_by IS NULL AND campaign <> '';

-- The day of each lead's first sale (an order with money kept), whenever it
-- came; NULL while it has not bought. Derived by the program, so that the
-- report reads a period's leads and their outcomes from one index.
ALTER TABLE leads ADD COLUMN first_sale TEXT;
DROP INDEX leads_day;
CREATE INDEX leads_day ON leads (day, channel_id, campaign, first_sale, superseded_by) WHERE superseded_by IS NULL;

-- The daily sales totals gain the refunds counted on each day: refunded on
-- the order's own row, linked to it, or (unlinked) the refund's own. The
-- program rolls them up again after this script.
DROP TABLE daily_sales;
CREATE TABLE daily_sales (
	day           TEXT NOT NULL,
	model         TEXT NOT NULL CHECK (model IN ('first', 'last')),
	channel_id    INTEGER NOT NULL, -- 0: no channel (evidence 'unknown')
	evidence      TEXT NOT NULL CHECK (evidence IN ('lead', 'tag', 'unknown')),
	place         TEXT NOT NULL,
	sales         INTEGER NOT NULL, -- orders with money kept
	revenue_minor INTEGER NOT NULL, -- kept: net of every refund counted here
	refunds_minor INTEGER NOT NULL, -- the refunds counted here, as a positive amount
	PRIMARY KEY (model, day, channel_id, evidence, place)
) STRICT, WITHOUT ROWID;
