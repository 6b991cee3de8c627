-- credit_days and credit_months hold a row per model, kind and day (month), each with every campaign's sums: a few
-- kilobytes. At the default index granularity a query for one model's days decompressed granules of thousands of
-- rows of every model, and did so in every part FINAL merges: at a million deals, most of the cost of an answer. A
-- granule of 64 rows reads about what a query asks for. The granularity of a table is fixed when it is created, so
-- each is copied into a new one that takes its place. Every step can run again after a crash: the copy is started
-- afresh, and a copy left over after the exchange is the old table, whose rows the new one holds.

DROP TABLE IF EXISTS {{db}}.credit_days_fine;
CREATE TABLE {{db}}.credit_days_fine AS {{db}}.credit_days
ENGINE = ReplacingMergeTree(version)
ORDER BY (model, kind, day)
SETTINGS index_granularity = 64;
INSERT INTO {{db}}.credit_days_fine SELECT * FROM {{db}}.credit_days;
EXCHANGE TABLES {{db}}.credit_days AND {{db}}.credit_days_fine;
DROP TABLE {{db}}.credit_days_fine;

DROP TABLE IF EXISTS {{db}}.credit_months_fine;
CREATE TABLE {{db}}.credit_months_fine AS {{db}}.credit_months
ENGINE = ReplacingMergeTree(version)
ORDER BY (model, kind, day)
SETTINGS index_granularity = 64;
INSERT INTO {{db}}.credit_months_fine SELECT * FROM {{db}}.credit_months;
EXCHANGE TABLES {{db}}.credit_months AND {{db}}.credit_months_fine;
DROP TABLE {{db}}.credit_months_fine;
