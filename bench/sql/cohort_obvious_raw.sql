-- The obvious formulation of monthly cohort retention written straight against the loaded file (order
-- lines, refunds left out), with no canonical table: what one writes in a SQL console. Same numbers as
-- cohort_obvious.sql; bench/native.mjs checks that they agree.
WITH lines AS (
  SELECT customer_id::VARCHAR AS customer_id, ordered_at, quantity * unit_price AS amount
  FROM orders_raw
  WHERE status IS NULL OR status <> 'refunded'
),
first_orders AS (
  SELECT customer_id, date_trunc('month', min(ordered_at)) AS cohort
  FROM lines
  GROUP BY customer_id
),
cohort_sizes AS (
  SELECT cohort, count(*) AS cohort_size FROM first_orders GROUP BY cohort
)
SELECT
  f.cohort::DATE AS cohort,
  datediff('month', f.cohort, date_trunc('month', l.ordered_at)) AS k,
  any_value(s.cohort_size) AS cohort_size,
  count(DISTINCT l.customer_id) AS customers,
  count(DISTINCT l.customer_id) / any_value(s.cohort_size) AS retention,
  sum(l.amount) AS revenue
FROM lines l
JOIN first_orders f USING (customer_id)
JOIN cohort_sizes s USING (cohort)
WHERE datediff('month', f.cohort, date_trunc('month', l.ordered_at)) <= 12
GROUP BY ALL
ORDER BY cohort, k
