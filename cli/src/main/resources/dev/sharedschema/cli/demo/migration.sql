ALTER TABLE customers ADD COLUMN loyalty_tier TEXT NOT NULL DEFAULT 'bronze';
CREATE INDEX orders_by_status ON orders (status, created_at);
PRAGMA user_version = 2;
