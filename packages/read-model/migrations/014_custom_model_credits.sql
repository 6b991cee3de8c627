-- Saved custom models whose credits the projector keeps, like the rule-based models', so that answers under them read
-- sums rather than every journey. Each save of a model is credited under a key of its own (custom:<name>@<position>),
-- and goes through its states in order, so the state's number is the row's version:
--   crediting: every deal is being credited under the saved weights; each batch the projector applies credits them too
--   ready:     every deal credited; answers with these weights read this key
--   retired:   the model was saved again, its credits deleted
-- A model weighing the MQL milestone is never credited here: where its MQL sits depends on the lead definition asked.

CREATE TABLE IF NOT EXISTS {{db}}.custom_model_credits
(
    name        String,
    position    UInt64 COMMENT 'the save credited: custom_models.position',
    weights     Map(LowCardinality(String), Float64) COMMENT 'the weights of that save',
    state       Enum8('crediting' = 1, 'ready' = 2, 'retired' = 3),
    state_order UInt8 COMMENT 'the state as its number: the version',
    updated_at  DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(state_order)
ORDER BY (name, position);
