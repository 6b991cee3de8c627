-- The projector reads facts by what a batch names: the deals it mentions, the people it touches. Facts used to be
-- sorted by event id, so each of those reads scanned the whole table, and a batch read more the longer the history.
-- Here every fact table the projector reads is sorted by the entity it is read by, and lookups the facts cannot serve
-- (a person's touches, a person's anonymous ids, the deals of a contact, the people of an account) get tables of
-- their own, kept by materialized views. A read of N keys then costs about N granules, whatever the size of the
-- history; granules of 256 rows keep that small (at ten million touches, the touches of 1,800 people are read in
-- about half the time of a scan, and in half the time of granules of 1,024 rows).
--
-- An event id names one event, whose entity never changes, so prefixing the sort key with the entity keeps one row
-- per event exactly as before.

CREATE TABLE IF NOT EXISTS {{db}}.deal_events_by_deal AS {{db}}.deal_events
ENGINE = ReplacingMergeTree(position) ORDER BY (deal_id, event_id) SETTINGS index_granularity = 256;
INSERT INTO {{db}}.deal_events_by_deal SELECT * FROM {{db}}.deal_events;
EXCHANGE TABLES {{db}}.deal_events AND {{db}}.deal_events_by_deal;
DROP TABLE {{db}}.deal_events_by_deal;

CREATE TABLE IF NOT EXISTS {{db}}.person_updates_by_person AS {{db}}.person_updates
ENGINE = ReplacingMergeTree(position) ORDER BY (person_id, event_id) SETTINGS index_granularity = 256;
INSERT INTO {{db}}.person_updates_by_person SELECT * FROM {{db}}.person_updates;
EXCHANGE TABLES {{db}}.person_updates AND {{db}}.person_updates_by_person;
DROP TABLE {{db}}.person_updates_by_person;

CREATE TABLE IF NOT EXISTS {{db}}.account_updates_by_account AS {{db}}.account_updates
ENGINE = ReplacingMergeTree(position) ORDER BY (account_id, event_id) SETTINGS index_granularity = 256;
INSERT INTO {{db}}.account_updates_by_account SELECT * FROM {{db}}.account_updates;
EXCHANGE TABLES {{db}}.account_updates AND {{db}}.account_updates_by_account;
DROP TABLE {{db}}.account_updates_by_account;

CREATE TABLE IF NOT EXISTS {{db}}.lead_events_by_person AS {{db}}.lead_events
ENGINE = ReplacingMergeTree(position) ORDER BY (person_id, event_id) SETTINGS index_granularity = 256;
INSERT INTO {{db}}.lead_events_by_person SELECT * FROM {{db}}.lead_events;
EXCHANGE TABLES {{db}}.lead_events AND {{db}}.lead_events_by_person;
DROP TABLE {{db}}.lead_events_by_person;

-- Each touch under whom it was recorded: its person, or its anonymous id when it names none. A touch re-sent under
-- an id of its own (touchpointId) with another person leaves its older row here under the older key; readers keep a
-- row only where it is the touch's latest version (journeys.ts).
CREATE TABLE IF NOT EXISTS {{db}}.touches_by_person
(
    identified    UInt8 COMMENT '1: recorded_by is a person id; 0: an anonymous id',
    recorded_by   String,
    touchpoint_id String,
    event_id      String,
    anonymous_id  String,
    account_id    String,
    campaign_id   String,
    channel       LowCardinality(String),
    touch_type    LowCardinality(String),
    content       String,
    occurred_at   DateTime64(3, 'UTC'),
    position      UInt64
)
ENGINE = ReplacingMergeTree(position)
ORDER BY (identified, recorded_by, touchpoint_id)
SETTINGS index_granularity = 256;

CREATE MATERIALIZED VIEW IF NOT EXISTS {{db}}.touches_by_person_from_touchpoints TO {{db}}.touches_by_person
AS SELECT person_id != '' AS identified, if(person_id != '', person_id, anonymous_id) AS recorded_by, touchpoint_id, event_id,
          anonymous_id, account_id, campaign_id, channel, touch_type, content, occurred_at, position
FROM {{db}}.touchpoints;

INSERT INTO {{db}}.touches_by_person
SELECT person_id != '', if(person_id != '', person_id, anonymous_id), touchpoint_id, event_id, anonymous_id, account_id,
       campaign_id, channel, touch_type, content, occurred_at, position
FROM {{db}}.touchpoints;

-- The anonymous ids linked to each person (identity_links is sorted by anonymous id).
CREATE TABLE IF NOT EXISTS {{db}}.links_by_person
(
    person_id    String,
    anonymous_id String,
    event_id     String,
    occurred_at  DateTime64(3, 'UTC'),
    position     UInt64
)
ENGINE = ReplacingMergeTree(position)
ORDER BY (person_id, anonymous_id)
SETTINGS index_granularity = 256;

CREATE MATERIALIZED VIEW IF NOT EXISTS {{db}}.links_by_person_from_identity_links TO {{db}}.links_by_person
AS SELECT person_id, anonymous_id, event_id, occurred_at, position FROM {{db}}.identity_links;

INSERT INTO {{db}}.links_by_person SELECT person_id, anonymous_id, event_id, occurred_at, position FROM {{db}}.identity_links;

-- Every deal event that names contacts, once per contact: the deals a person is or was a contact of.
CREATE TABLE IF NOT EXISTS {{db}}.deal_contacts
(
    contact_id  String,
    deal_id     String,
    kind        LowCardinality(String),
    event_id    String,
    occurred_at DateTime64(3, 'UTC'),
    position    UInt64
)
ENGINE = ReplacingMergeTree(position)
ORDER BY (contact_id, deal_id, event_id)
SETTINGS index_granularity = 256;

CREATE MATERIALIZED VIEW IF NOT EXISTS {{db}}.deal_contacts_from_deal_events TO {{db}}.deal_contacts
AS SELECT contact AS contact_id, deal_id, kind, event_id, occurred_at, position
FROM {{db}}.deal_events ARRAY JOIN contact_ids AS contact;

INSERT INTO {{db}}.deal_contacts
SELECT contact, deal_id, kind, event_id, occurred_at, position FROM {{db}}.deal_events ARRAY JOIN contact_ids AS contact;

-- Everyone who has worked for each account, by the person updates that named it.
CREATE TABLE IF NOT EXISTS {{db}}.account_people
(
    account_id String,
    person_id  String,
    event_id   String,
    position   UInt64
)
ENGINE = ReplacingMergeTree(position)
ORDER BY (account_id, person_id, event_id)
SETTINGS index_granularity = 256;

CREATE MATERIALIZED VIEW IF NOT EXISTS {{db}}.account_people_from_person_updates TO {{db}}.account_people
AS SELECT account_id, person_id, event_id, position FROM {{db}}.person_updates WHERE account_id != '';

INSERT INTO {{db}}.account_people SELECT account_id, person_id, event_id, position FROM {{db}}.person_updates WHERE account_id != ''
