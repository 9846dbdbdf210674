-- The registry of a fleet spread over several machines, in PostgreSQL 14+ (docs/scale-out.md).
-- Version 1. Applied once, in one transaction, by PgSchema, which records it in
-- _sharedschema_version; later versions are further files registry-2.sql, … applied in order.
-- Statements are separated by lines holding only ';'. Times are epoch milliseconds.
CREATE TABLE _sharedschema_registry (
  singleton    BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (singleton),
  id           TEXT    NOT NULL,             -- random, made once; keys _sharedschema_applied rows
  schema_node  TEXT    NOT NULL,             -- the node that holds the schema database
  schema_path  TEXT    NOT NULL,             -- its canonical path there
  created_at   BIGINT  NOT NULL,
  generation   BIGINT  NOT NULL DEFAULT 0,   -- grows at every link and unlink
  schema       TEXT,                         -- the schema database's schema when this was made
  snapshot     BYTEA,                        -- the schema database's file as of snapshot_job
  snapshot_job BIGINT  NOT NULL DEFAULT 0    -- templates of new nodes are made from it
)
;
CREATE TABLE _sharedschema_links (
  node       TEXT   NOT NULL,                -- the owner: only its workers touch the file
  path       TEXT   NOT NULL,                -- canonical, as the owner sees it
  linked_at  BIGINT NOT NULL,
  generation BIGINT NOT NULL,                -- the registry's generation when this link was made
  PRIMARY KEY (node, path)
)
;
CREATE TABLE _sharedschema_jobs (
  id           BIGSERIAL PRIMARY KEY,        -- submission order (submits are serialised)
  token        TEXT    NOT NULL,             -- random; recorded with the id in each linked database
  state        TEXT    NOT NULL,             -- JobState name
  migration    BYTEA   NOT NULL,             -- kept for catch-up
  summary      TEXT    NOT NULL,
  task_count   INTEGER NOT NULL,
  error        TEXT,
  result       BYTEA,                        -- the schema database's results, with RunSuccess
  submitted_at BIGINT  NOT NULL,
  checked_at   BIGINT,                       -- the schema database passed its dry run: nodes start
  proof        TEXT,                         -- schema text a schema-determined migration passed on
  dry_run_at   BIGINT,
  finished_at  BIGINT,
  schema_after TEXT
)
;
CREATE INDEX _sharedschema_jobs_by_state ON _sharedschema_jobs(state, id)
;
CREATE TABLE _sharedschema_tasks (
  job_id      BIGINT  NOT NULL,
  node        TEXT    NOT NULL,
  path        TEXT    NOT NULL,
  state       TEXT    NOT NULL,              -- TaskState name
  statement   INTEGER,
  error       TEXT,
  result_code INTEGER,
  updated_at  BIGINT  NOT NULL,
  generation  BIGINT  NOT NULL,              -- of the link the task was made for
  PRIMARY KEY (job_id, node, path)           -- a JVM working on a task holds its row locked
) WITH (fillfactor = 50)
-- No index on state: a task changes state three times, and with room left on its page (fillfactor)
-- and no index on what changes, PostgreSQL updates it in place (HOT) without touching an index.
-- Claims read the node's tasks in path order along the primary key.
;
CREATE TABLE _sharedschema_lease (
  id         INTEGER PRIMARY KEY CHECK (id = 1),
  holder     TEXT    NOT NULL,               -- the coordinator stepping jobs
  expires_at BIGINT  NOT NULL,               -- 0 once released
  epoch      BIGINT  NOT NULL                -- grows at every takeover; fences stale coordinators
)
;
CREATE TABLE _sharedschema_nodes (
  name       TEXT   PRIMARY KEY,
  template   TEXT,                           -- the node's template: copy source of its new tenants
  created_at BIGINT NOT NULL
)
;
CREATE TABLE _sharedschema_members (
  id           TEXT   PRIMARY KEY,           -- one JVM doing a node's work
  node         TEXT   NOT NULL,
  started_at   BIGINT NOT NULL,
  heartbeat_at BIGINT NOT NULL
)
;
CREATE INDEX _sharedschema_members_by_node ON _sharedschema_members(node, heartbeat_at)
;
-- One row per node, counting the batches of outcomes it recorded: the coordinator reads this (a few
-- rows) while the nodes work, and counts a job's tasks again only when it moved.
CREATE TABLE _sharedschema_progress (
  node    TEXT   PRIMARY KEY,
  batches BIGINT NOT NULL
)
