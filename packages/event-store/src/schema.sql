-- The event store's tables, shared by the PostgreSQL and PGlite adapters. __schema__ stands for the quoted schema
-- name. Every statement is idempotent; the whole script runs as one transaction, and the advisory lock keeps two
-- processes starting at once from racing on CREATE ... IF NOT EXISTS.
select pg_advisory_xact_lock(hashtextextended('__schema__.events', 0));

create schema if not exists __schema__;

create table if not exists __schema__.events (
  -- Global order is (transaction_id, position): `position` alone is assigned at insert, not at commit, so a reader
  -- following it would skip rows of transactions that commit late. See readAll.
  position bigint generated always as identity primary key,
  transaction_id xid8 not null default pg_current_xact_id(),
  event_id text not null unique,
  stream_id text not null,
  stream_version integer not null,
  type text not null,
  source text,
  occurred_at timestamptz not null,
  -- The producer's own spelling of occurredAt (offset, sub-microsecond digits), returned as appended.
  occurred_at_text text not null,
  data jsonb not null,
  recorded_at timestamptz not null default now(),
  unique (stream_id, stream_version)
);

create index if not exists events_global_order on __schema__.events (transaction_id, position);

-- API keys: configuration next to the log, not facts in it (a key is revoked by deleting it). Only a hash of each key
-- is kept; the key itself is shown once, when it is created.
create table if not exists __schema__.api_keys (
  name text primary key,
  scopes text[] not null,
  key_hash text not null unique,
  created_at timestamptz not null default now(),
  last_used_at timestamptz
);
