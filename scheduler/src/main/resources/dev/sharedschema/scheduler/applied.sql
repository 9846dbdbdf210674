-- The one table sharedschema keeps in each linked database (docs/architecture.md): the exactly-once
-- record. Rows, keyed by the registry's id and the job id:
--   job 0, state 'Linked'     the link mark; schema_db names the schema database ('Unlinked' once
--                             unlinked: the file was part of the fleet, and catches up if linked again)
--   job N, state 'Baseline'   the file holds the fleet's state as of job N (it was copied from the
--                             schema database, or compared equal to it, then)
--   job N, state 'RunSuccess' job N was applied here, in the same transaction as this row
-- schema_db is the schema database's path relative to this file's directory, so a fleet directory
-- can be moved as a whole. token is the job's token (NULL in rows written before format 2).
-- WITHOUT ROWID: one b-tree, so recording a migration writes one page, not a table and an index page.
CREATE TABLE IF NOT EXISTS _sharedschema_applied (
  registry_id TEXT    NOT NULL,
  job_id      INTEGER NOT NULL,
  state       TEXT    NOT NULL,
  error       TEXT,
  applied_at  INTEGER NOT NULL,          -- epoch milliseconds
  schema_db   TEXT    NOT NULL,
  token       TEXT,
  PRIMARY KEY (registry_id, job_id)
) WITHOUT ROWID
