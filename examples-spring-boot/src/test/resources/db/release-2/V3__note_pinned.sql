-- The next release's migration, shipped by SpringBootExampleTest: every tenant gets the column.
ALTER TABLE note ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0;
