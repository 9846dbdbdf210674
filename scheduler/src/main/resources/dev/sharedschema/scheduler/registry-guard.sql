-- A writer from before format 2 (sharedschema 0.1.0) would add jobs without a token and tasks
-- without a generation, which this format cannot tell from its own: it is stopped with a message.
CREATE TRIGGER IF NOT EXISTS _sharedschema_jobs_need_token BEFORE INSERT ON _sharedschema_jobs
WHEN NEW.token IS NULL
BEGIN
  SELECT RAISE(ABORT, 'this sharedschema registry is format 2: open it with sharedschema 0.2.0 or later');
END
