-- The canonical `orders` table when every row is one order (no order id): rows left out by the row filter
-- ({{where}}) are not read; rows without a customer or a time are dropped.
-- Fragments as in orders_by_order.sql.
CREATE OR REPLACE TABLE orders AS
SELECT * FROM (
  SELECT
    row_number() OVER ()::VARCHAR AS order_id,
    {{customer_id}} AS customer_id,
    {{ordered_at}} AS ordered_at,
    {{revenue}} AS amount,
    {{cost}} AS cost,
    1 AS lines{{segments}}
  FROM {{source}}
  {{where}}
)
WHERE customer_id IS NOT NULL AND ordered_at IS NOT NULL
