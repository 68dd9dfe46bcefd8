-- The obvious formulation of monthly cohort retention, for the benchmark's "query design" row: how the
-- metric is usually written (a first-order table joined back to every order, COUNT(DISTINCT) per cell).
-- Same numbers as the shipped SQL (src/analyses/sql/cohort_retention.sql with grain month, horizon 12,
-- rule 'on') for every cell with at least one customer; bench/native.mjs checks that they agree.
-- Reads the canonical `orders` table made by the mapping.
WITH first_orders AS (
  SELECT customer_id, date_trunc('month', min(ordered_at)) AS cohort
  FROM orders
  GROUP BY customer_id
),
cohort_sizes AS (
  SELECT cohort, count(*) AS cohort_size FROM first_orders GROUP BY cohort
)
SELECT
  f.cohort::DATE AS cohort,
  datediff('month', f.cohort, date_trunc('month', o.ordered_at)) AS k,
  any_value(s.cohort_size) AS cohort_size,
  count(DISTINCT o.customer_id) AS customers,
  count(DISTINCT o.customer_id) / any_value(s.cohort_size) AS retention,
  sum(o.amount) AS revenue
FROM orders o
JOIN first_orders f USING (customer_id)
JOIN cohort_sizes s USING (cohort)
WHERE datediff('month', f.cohort, date_trunc('month', o.ordered_at)) <= 12
GROUP BY ALL
ORDER BY cohort, k
