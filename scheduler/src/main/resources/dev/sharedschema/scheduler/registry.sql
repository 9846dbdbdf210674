-- The registry of one schema database, kept in <schema file>.sharedschema (docs/architecture.md).
-- Format 2. Statements are separated by lines holding only ';'. A format-1 registry is upgraded in
-- place by RegistrySchema (the columns added since are ALTERed in).
CREATE TABLE IF NOT EXISTS _sharedschema_registry (
  id          TEXT    NOT NULL,          -- random, made once; keys _sharedschema_applied rows
  format      INTEGER NOT NULL,          -- layout version of these tables
  created_at  INTEGER NOT NULL,          -- epoch milliseconds
  generation  INTEGER NOT NULL DEFAULT 0,  -- grows at every link and unlink
  legacy_head INTEGER NOT NULL DEFAULT 0,  -- last finished job when a format-1 registry was upgraded
  legacy_max  INTEGER NOT NULL DEFAULT 0,  -- last job of any state then
  schema      TEXT                       -- the schema database's schema when this was made or upgraded
)
;
CREATE TABLE IF NOT EXISTS _sharedschema_links (
  path       TEXT    PRIMARY KEY,        -- canonical; relative to the schema database's directory when under it
  linked_at  INTEGER NOT NULL,           -- epoch milliseconds
  generation INTEGER NOT NULL DEFAULT 0  -- the registry's generation when this link was made
)
;
CREATE TABLE IF NOT EXISTS _sharedschema_jobs (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused, even after compaction
  state        TEXT    NOT NULL,                   -- JobState name
  migration    BLOB    NOT NULL,                   -- statements, parameters and session pragmas; kept for catch-up
  summary      TEXT    NOT NULL,                   -- first statement, for people reading this table
  task_count   INTEGER NOT NULL,
  error        TEXT,                               -- why it failed or paused
  result       BLOB,                               -- the schema database's results, written with RunSuccess
  submitted_at INTEGER NOT NULL,                   -- epoch milliseconds, as all times here
  dry_run_at   INTEGER,                            -- when the dry run finished
  finished_at  INTEGER,
  token        TEXT,                               -- random; recorded with the job id in each linked database
  schema_after TEXT                                -- the schema database's schema after its RunSuccess
)
;
CREATE TABLE IF NOT EXISTS _sharedschema_tasks (
  job_id      INTEGER NOT NULL,
  path        TEXT    NOT NULL,                    -- as in _sharedschema_links
  state       TEXT    NOT NULL,                    -- TaskState name
  statement   INTEGER,                             -- 1-based number of the failing statement
  error       TEXT,
  updated_at  INTEGER NOT NULL,
  generation  INTEGER NOT NULL DEFAULT 0,          -- of the link the task was made for
  result_code INTEGER,                             -- SQLite's result code of the failure
  PRIMARY KEY (job_id, path)
) WITHOUT ROWID
;
CREATE INDEX IF NOT EXISTS _sharedschema_tasks_by_state ON _sharedschema_tasks(job_id, state, path)
;
CREATE TABLE IF NOT EXISTS _sharedschema_lease (
  id         INTEGER PRIMARY KEY CHECK (id = 1),
  holder     TEXT    NOT NULL,                     -- random id of the scheduler instance stepping jobs
  expires_at INTEGER NOT NULL,                     -- 0 once released
  epoch      INTEGER NOT NULL DEFAULT 0            -- grows at every takeover; fences stale steppers
)
