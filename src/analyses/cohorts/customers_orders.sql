-- The customers behind one cell of the cohort table (docs/metrics.md#cohort-retention): those of cohort
-- $cohort who count as retained in period $k under the same grain, week start, rule and segment filter.
-- Parameters: $grain, $week_start, $rule, $segment_value as in cohort_retention.sql; $cohort (a date: the
-- cohort's first day), $k (periods after it).
WITH events AS (
  SELECT
    customer_id,
    ordered_at,
    amount,
    tenure_period_start($grain, $week_start, ordered_at) AS period
  FROM orders
  WHERE $segment_value::VARCHAR IS NULL OR {{segment}} = $segment_value::VARCHAR
),
cohorts AS (
  SELECT customer_id, min(period) AS cohort FROM events GROUP BY ALL
),
activity AS (
  SELECT e.customer_id, datediff($grain, c.cohort, e.period) AS k, e.ordered_at, e.amount
  FROM events e JOIN cohorts c USING (customer_id)
  WHERE c.cohort::DATE = $cohort::DATE
),
per_customer AS (
  SELECT
    customer_id,
    min(ordered_at) AS first_order,
    max(ordered_at) AS last_order,
    count(*) AS orders,
    sum(amount) AS revenue,
    bool_or(k = $k::INTEGER) AS active_in_k,
    max(k) AS last_k
  FROM activity
  GROUP BY ALL
)
SELECT customer_id, first_order, last_order, orders, revenue
FROM per_customer
WHERE CASE WHEN $rule = 'on_or_after' THEN last_k >= $k::INTEGER ELSE active_in_k END
ORDER BY revenue DESC NULLS LAST, customer_id
