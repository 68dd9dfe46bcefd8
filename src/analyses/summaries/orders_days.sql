-- Summary of the canonical orders: one row per customer and day with an order (docs/metrics.md#summaries),
-- in a segment scope. Without a segment filter ({{segment}} is 'All') every order counts; with one, each
-- customer's days are counted per value of the segment column (orders without a value are left out), so
-- that a filter to one value sees only that value's orders, as on the orders themselves.
--   customer_key         the key of orders_customers ({{customers}})
--   segment_value        the segment value of the day's orders ('All' without a filter)
--   day, orders, revenue (sum of amounts), first_at and last_at (the day's first and last order time)
--   prev_day, next_day   the customer's previous and next day with an order in the same scope (NULL: none)
--   first_day, final_day the customer's first and last day with an order in the same scope
-- The days are numbered per customer once here (a sort), so that no analysis sorts orders again.
WITH days AS (
  SELECT
    c.customer_key,
    {{segment}} AS segment_value,
    o.ordered_at::DATE AS day,
    count(*)::INTEGER AS orders,
    sum(o.amount) AS revenue,
    min(o.ordered_at) AS first_at,
    max(o.ordered_at) AS last_at
  FROM orders o
  JOIN {{customers}} c USING (customer_id)
  WHERE {{segment}} IS NOT NULL
  GROUP BY ALL
)
SELECT
  *,
  lag(day) OVER customer_days AS prev_day,
  lead(day) OVER customer_days AS next_day,
  first_value(day) OVER whole AS first_day,
  last_value(day) OVER whole AS final_day
FROM days
WINDOW
  customer_days AS (PARTITION BY customer_key, segment_value ORDER BY day),
  whole AS (
    PARTITION BY customer_key, segment_value ORDER BY day ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
  )
