ALTER TABLE customer ADD COLUMN email TEXT;
CREATE INDEX customer_email ON customer(email);
