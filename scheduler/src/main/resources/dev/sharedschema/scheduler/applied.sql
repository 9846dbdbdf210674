-- The one table sharedschema keeps in each linked database (DESIGN.md §7): the exactly-once record.
-- Row (registry_id, 0, 'Linked') marks the link itself and names the schema database. WITHOUT ROWID:
-- one b-tree, so recording a migration writes one page, not a table page and an index page.
CREATE TABLE IF NOT EXISTS _sharedschema_applied (
  registry_id TEXT    NOT NULL,
  job_id      INTEGER NOT NULL,
  state       TEXT    NOT NULL,
  error       TEXT,
  applied_at  INTEGER NOT NULL,          -- epoch milliseconds
  schema_db   TEXT    NOT NULL,          -- relative to this file's directory when under it
  PRIMARY KEY (registry_id, job_id)
) WITHOUT ROWID
