-- Raw touches (docs/channel-rules.md): a touch may arrive with a page URL, a referrer and UTM values instead of a
-- campaign and a channel, which the active channel rules then derive. `campaign_id` and `channel` stay what every reader
-- reads: the stated values, or those derived under the rules named in `channel_rules`. The raw fields and what the
-- producer stated are kept beside them, so that a replay of other rules can classify every touch again from this table
-- alone. Touches stored before this migration stated both, which the defaults say.
ALTER TABLE {{db}}.touchpoints
    ADD COLUMN IF NOT EXISTS url String DEFAULT '' COMMENT 'the page, as sent; empty: none',
    ADD COLUMN IF NOT EXISTS referrer String DEFAULT '' COMMENT 'the referring URL, as sent; empty: none',
    ADD COLUMN IF NOT EXISTS utm_source String DEFAULT '' COMMENT 'utm values the producer stated (not those of the url)',
    ADD COLUMN IF NOT EXISTS utm_medium String DEFAULT '',
    ADD COLUMN IF NOT EXISTS utm_campaign String DEFAULT '',
    ADD COLUMN IF NOT EXISTS utm_term String DEFAULT '',
    ADD COLUMN IF NOT EXISTS utm_content String DEFAULT '',
    ADD COLUMN IF NOT EXISTS stated_campaign_id String DEFAULT campaign_id COMMENT 'campaignId as the producer stated it; empty: derived',
    ADD COLUMN IF NOT EXISTS stated_channel String DEFAULT channel COMMENT 'channel as the producer stated it; empty: derived',
    ADD COLUMN IF NOT EXISTS channel_rules LowCardinality(String) DEFAULT '' COMMENT 'rules@version that derived what was not stated; empty: nothing was';
