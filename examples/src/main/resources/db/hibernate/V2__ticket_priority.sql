-- Release 2: TicketV2 maps the new column. The default keeps every tenant's existing rows valid.
ALTER TABLE ticket ADD COLUMN priority INTEGER NOT NULL DEFAULT 0;
