-- The sidecar of a schema database whose registry is in PostgreSQL (docs/scale-out.md): the file
-- <schema file>.sharedschema, as with the SQLite registry, so the schema database is known as one.
-- It names the fleet, and records each job applied to the schema database in the same SQLite
-- transaction as the job's statements: the final step cannot share a transaction with PostgreSQL,
-- so the registry's RunSuccess follows, and a resume reads this first (exactly once either way).
CREATE TABLE IF NOT EXISTS _sharedschema_remote (
  registry_id TEXT    NOT NULL,            -- the PostgreSQL registry's id
  registry    TEXT    NOT NULL,            -- its URL without the query (no password), for messages
  node        TEXT    NOT NULL,            -- the schema node's name
  created_at  INTEGER NOT NULL
)
;
CREATE TABLE IF NOT EXISTS _sharedschema_final (
  job_id       INTEGER PRIMARY KEY,
  token        TEXT    NOT NULL,
  result       BLOB,                       -- the statements' results, for the registry
  schema_after TEXT,                       -- the schema database's schema after the job
  applied_at   INTEGER NOT NULL
)
