-- Data-driven models (markov, shapley) trained on all of history, so the projector can keep their credits like the
-- rule-based models'. A training is one row: its id is the number of events the projector had applied when it began
-- reading paths, and it moves through its states in order, so the state's number is the row's version.
--   training:  reading every journey's path (specs still empty)
--   crediting: trained; its credits are being written under its own model keys (markov:channel@<id>, ...), and each
--              batch the projector applies credits them too
--   ready:     every deal credited; queries read these keys
--   retired:   replaced by a newer ready training, its credits deleted

CREATE TABLE IF NOT EXISTS {{db}}.model_trainings
(
    training    UInt64,
    state       Enum8('training' = 1, 'crediting' = 2, 'ready' = 3, 'retired' = 4),
    state_order UInt8 COMMENT 'the state as its number: the version',
    journeys    UInt64 COMMENT 'journeys (paths) the training read, converting or not',
    conversions UInt64 COMMENT 'of which ended in a deal',
    updated_at  DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(state_order)
ORDER BY training;

-- What a training learnt, a row per number: each label's Markov share, each coalition's observed conversion rate for
-- Shapley (`label` is then the coalition's key, its labels as a JSON array). A million deals' paths at campaign level
-- hold over a million coalitions, too many for one value.
CREATE TABLE IF NOT EXISTS {{db}}.model_training_specs
(
    training UInt64,
    model    LowCardinality(String) COMMENT 'markov:channel, markov:campaign, shapley:channel or shapley:campaign',
    label    String,
    value    Float64
)
ENGINE = MergeTree
ORDER BY (training, model, label);
