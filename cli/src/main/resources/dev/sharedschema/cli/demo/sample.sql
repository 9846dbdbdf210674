INSERT INTO customers (email, name, plan_id) VALUES ('ada@example.com', 'Ada Lovelace', 2), ('alan@example.com', 'Alan Turing', 1);
INSERT INTO products (sku, title, price_cents) VALUES ('MUG-1', 'Mug', 1200), ('TEE-1', 'T-shirt', 2500);
INSERT INTO orders (customer_id, status) VALUES (1, 'paid');
INSERT INTO order_items (order_id, product_id, quantity, price_cents) VALUES (1, 1, 2, 1200), (1, 2, 1, 2500);
