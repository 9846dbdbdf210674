-- The demo's schema: a small shop, one SQLite file per tenant. Sent as one migration to the schema
-- database before any tenant exists; the plans rows are reference data every tenant gets a copy of.
CREATE TABLE plans (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  monthly_cents INTEGER NOT NULL
);
INSERT INTO plans (id, name, monthly_cents) VALUES (1, 'free', 0), (2, 'team', 2900), (3, 'business', 9900);
CREATE TABLE customers (
  id INTEGER PRIMARY KEY,
  email TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  plan_id INTEGER NOT NULL DEFAULT 1 REFERENCES plans(id),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE TABLE products (
  id INTEGER PRIMARY KEY,
  sku TEXT NOT NULL UNIQUE,
  title TEXT NOT NULL,
  price_cents INTEGER NOT NULL CHECK (price_cents >= 0)
);
CREATE TABLE orders (
  id INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customers(id),
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'paid', 'shipped', 'cancelled')),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE TABLE order_items (
  order_id INTEGER NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
  product_id INTEGER NOT NULL REFERENCES products(id),
  quantity INTEGER NOT NULL CHECK (quantity > 0),
  price_cents INTEGER NOT NULL,
  PRIMARY KEY (order_id, product_id)
);
CREATE INDEX orders_by_customer ON orders (customer_id, created_at);
CREATE VIEW order_totals AS
  SELECT o.id AS order_id, o.customer_id, o.status, sum(i.quantity * i.price_cents) AS total_cents
  FROM orders o JOIN order_items i ON i.order_id = o.id
  GROUP BY o.id;
PRAGMA user_version = 1;
