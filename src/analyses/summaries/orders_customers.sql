-- Summary of the canonical orders: one row per customer (docs/metrics.md#summaries). Built once per mapping,
-- when an analysis first needs it; every other orders summary takes its integer key from it.
--   customer_key  customers numbered in customer_id order: what the other summaries join on
--   segment       with a breakdown column ({{segment}}), the customer's value of it: that of their first
--                 order that has one (the earliest; equal times: the smallest value); 'All' without one
--   first_at, last_at, orders, revenue (sum of amounts), cost (sum of costs, NULL when none is mapped)
SELECT
  row_number() OVER (ORDER BY customer_id)::INTEGER AS customer_key,
  customer_id,
  min(CASE WHEN {{segment}} IS NOT NULL THEN {'at': ordered_at, 'value': {{segment}}} END).value AS segment,
  min(ordered_at) AS first_at,
  max(ordered_at) AS last_at,
  count(*) AS orders,
  sum(amount) AS revenue,
  sum(cost) AS cost
FROM orders
GROUP BY customer_id
