-- Schema version 4: where each sale was made, and the evidence for its
-- channel.
--
-- A sale's place (web, store, phone, invoice, marketplace, other) says where
-- the money changed hands; it comes from the file's system and its
-- sales-channel column. It and the campaign below are filled for existing
-- rows by the program right after this script. A till no longer makes a sale Walk-in: a counter sale
-- that no lead or tag explains is of unknown source, shown by its place.
--
-- The evidence for the channel a sale counts under, for each attribution
-- model: 'lead' (matched to a lead, whose channel it takes), 'tag' (its own
-- click id, UTM tags or source column) or 'unknown' (neither: no channel).
ALTER TABLE sales ADD COLUMN place TEXT NOT NULL DEFAULT 'other'
	CHECK (place IN ('web', 'store', 'phone', 'invoice', 'marketplace', 'other'));
ALTER TABLE sales ADD COLUMN first_evidence TEXT NOT NULL DEFAULT 'unknown'
	CHECK (first_evidence IN ('lead', 'tag', 'unknown'));
ALTER TABLE sales ADD COLUMN last_evidence TEXT NOT NULL DEFAULT 'unknown'
	CHECK (last_evidence IN ('lead', 'tag', 'unknown'));

-- The campaign a lead or sale names in its tags (utm_campaign), normalised,
-- so that the channel table can open into the campaigns of the ad reports.
ALTER TABLE leads ADD COLUMN campaign TEXT NOT NULL DEFAULT '';
ALTER TABLE sales ADD COLUMN campaign TEXT NOT NULL DEFAULT '';
-- The report reads the campaigns of the leads that name one in one pass.
CREATE INDEX leads_campaign ON leads (id, campaign) WHERE campaign <> '';

-- The report reads every order of a period with its channel, evidence and
-- place from this index alone.
DROP INDEX sales_day;
CREATE INDEX sales_day ON sales (day, kind, net_minor, first_channel_id, first_evidence, last_channel_id, last_evidence, place,
	lead_id, campaign, superseded_by)
	WHERE superseded_by IS NULL;

-- The daily sales totals gain the evidence and the place, so that a figure
-- can say which evidence it counts and unknown sales show by place. The
-- program rolls them up again after this script.
DROP TABLE daily_sales;
CREATE TABLE daily_sales (
	day           TEXT NOT NULL,
	model         TEXT NOT NULL CHECK (model IN ('first', 'last')),
	channel_id    INTEGER NOT NULL, -- 0: no channel (evidence 'unknown')
	evidence      TEXT NOT NULL CHECK (evidence IN ('lead', 'tag', 'unknown')),
	place         TEXT NOT NULL,
	sales         INTEGER NOT NULL, -- orders with money kept
	revenue_minor INTEGER NOT NULL, -- net of refunds
	PRIMARY KEY (model, day, channel_id, evidence, place)
) STRICT, WITHOUT ROWID;

-- What the platform's results were, where its report breaks them down:
-- purchases and lead-form leads (NULL when it does not say).
ALTER TABLE ad_stats ADD COLUMN platform_purchases REAL;
ALTER TABLE ad_stats ADD COLUMN platform_leads REAL;

-- The daily ad totals gain the platform and campaign, so that the channel
-- table opens into the campaigns of the ad reports, and the breakdown of
-- the results. The program rolls them up again after this script.
DROP TABLE daily_ads;
CREATE TABLE daily_ads (
	day                       TEXT NOT NULL,
	channel_id                INTEGER NOT NULL,
	platform                  TEXT NOT NULL,
	campaign                  TEXT NOT NULL, -- as the ad report writes it
	spend_minor               INTEGER NOT NULL,
	impressions               INTEGER NOT NULL,
	clicks                    INTEGER NOT NULL,
	platform_conversions      REAL NOT NULL,
	platform_conv_value_minor INTEGER NOT NULL,
	platform_purchases        REAL NOT NULL,
	platform_leads            REAL NOT NULL,
	PRIMARY KEY (day, channel_id, platform, campaign)
) STRICT, WITHOUT ROWID;
