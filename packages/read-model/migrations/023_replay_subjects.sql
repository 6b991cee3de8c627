-- Replays of channel rules (docs/channel-rules.md) are jobs like replays of lead definitions, recorded by the API and
-- run by the projector, with their progress at GET /v1/replays/{jobId}: `subject` says what a job replays, and
-- `definition_id` then holds the rules id. Jobs recorded before are lead definitions' replays.
ALTER TABLE {{db}}.replay_jobs
    ADD COLUMN IF NOT EXISTS subject LowCardinality(String) DEFAULT 'lead_definition' COMMENT 'lead_definition or channel_rules';
