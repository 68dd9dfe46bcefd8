-- The canonical `orders` table from line items: the lines that share an order id are one order, at the
-- earliest of their times, with the revenue and cost of all its lines. Rows left out by the row filter
-- ({{where}}) are not read; orders without a customer or a time are dropped.
-- Fragments: {{source}} the user's table; {{order_id}}, {{customer_id}} (text), {{ordered_at}}
-- (timestamp), {{revenue}} and {{cost}} (doubles) are expressions on its columns.
CREATE OR REPLACE TABLE orders AS
SELECT
  {{order_id}} AS order_id,
  any_value({{customer_id}}) AS customer_id,
  min({{ordered_at}}) AS ordered_at,
  sum({{revenue}}) AS amount,
  sum({{cost}}) AS cost,
  count(*) AS lines{{segments_any}}
FROM {{source}}
{{where}}
GROUP BY {{order_id}}
HAVING any_value({{customer_id}}) IS NOT NULL AND min({{ordered_at}}) IS NOT NULL
