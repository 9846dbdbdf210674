-- Release 1: the table the Ticket entity maps. INTEGER PRIMARY KEY is SQLite's rowid alias, which
-- Hibernate's IDENTITY generation reads back after each insert.
CREATE TABLE ticket (
  id INTEGER PRIMARY KEY,
  title VARCHAR(200) NOT NULL,
  done BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX ticket_by_done ON ticket(done);
