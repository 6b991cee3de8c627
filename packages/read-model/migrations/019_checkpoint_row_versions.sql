-- The version the rows of a projector's last batch carry, when it differs from the events it has applied: a batch
-- halved to set a poison event aside applies its parts above the version its failed attempt wrote (eventApplication.ts).
-- 0 means the same as events_processed.
ALTER TABLE {{db}}.projection_checkpoints ADD COLUMN IF NOT EXISTS row_version UInt64 DEFAULT 0;
