-- Custom weights with an MQL weight are answered from the journey milestones too. Where a deal's MQL sits depends on
-- the lead definition a question uses: its latest qualification, under that definition, of any of the people its
-- journey is drawn from, up to the journey's end; then the latest touch at or before it (milestonesOf). So each line
-- also keeps those people, the journey's end and the time of each touch, and the question places the MQL.

ALTER TABLE {{db}}.journey_milestones
    ADD COLUMN IF NOT EXISTS journey_keys Array(String) COMMENT 'the people whose touches make the journey: the deal''s contacts' AFTER amount_cents,
    ADD COLUMN IF NOT EXISTS journey_end DateTime64(3, 'UTC') COMMENT 'the deal''s creation, or its win if later: the last MQL that counts' AFTER journey_keys,
    ADD COLUMN IF NOT EXISTS touch_times Array(DateTime64(3, 'UTC')) COMMENT 'when each touch of campaign_ids happened' AFTER journey_end;

-- Lines written before hold none of these: the projector writes every deal's milestones again at its next start.
TRUNCATE TABLE {{db}}.journey_milestone_builds;
