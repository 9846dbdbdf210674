!connect "jdbc:sharedschema:sqlite:${dir}/schema.db?shared_schema=true" "" "" dev.sharedschema.driver.SharedSchemaDriver
CREATE TABLE note (id INTEGER PRIMARY KEY, body TEXT NOT NULL);
!connect "jdbc:sharedschema:sqlite:${dir}/acme.db?shared_schema_name=${dir}/schema.db" "" "" dev.sharedschema.driver.SharedSchemaDriver
INSERT INTO note (body) VALUES ('hello from acme');
!go 0
ALTER TABLE note ADD COLUMN created_at INTEGER NOT NULL DEFAULT 0;
!go 1
SELECT id, body, created_at FROM note;
!quit
