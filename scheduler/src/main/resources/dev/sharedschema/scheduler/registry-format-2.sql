-- Upgrades a format-1 registry to format 2 (run once, inside one transaction, by RegistrySchema).
ALTER TABLE _sharedschema_registry ADD COLUMN generation INTEGER NOT NULL DEFAULT 0
;
ALTER TABLE _sharedschema_registry ADD COLUMN legacy_head INTEGER NOT NULL DEFAULT 0
;
ALTER TABLE _sharedschema_registry ADD COLUMN legacy_max INTEGER NOT NULL DEFAULT 0
;
ALTER TABLE _sharedschema_registry ADD COLUMN schema TEXT
;
ALTER TABLE _sharedschema_links ADD COLUMN generation INTEGER NOT NULL DEFAULT 0
;
ALTER TABLE _sharedschema_jobs ADD COLUMN token TEXT
;
ALTER TABLE _sharedschema_jobs ADD COLUMN schema_after TEXT
;
ALTER TABLE _sharedschema_tasks ADD COLUMN generation INTEGER NOT NULL DEFAULT 0
;
ALTER TABLE _sharedschema_tasks ADD COLUMN result_code INTEGER
;
ALTER TABLE _sharedschema_lease ADD COLUMN epoch INTEGER NOT NULL DEFAULT 0
;
UPDATE _sharedschema_jobs SET token = lower(hex(randomblob(16))) WHERE token IS NULL
;
UPDATE _sharedschema_registry SET
  legacy_head = coalesce((SELECT max(id) FROM _sharedschema_jobs WHERE state = 'RunSuccess'), 0),
  legacy_max = coalesce((SELECT max(id) FROM _sharedschema_jobs), 0)
