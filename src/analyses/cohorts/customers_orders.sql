-- The customers behind one cell of the cohort table (docs/metrics.md#cohort-retention): those of cohort
-- $cohort who count as retained in period $k under the same grain, week start, rule and segment filter,
-- read from their order days ({{summary:days}}, per value of the segment column under a filter).
-- Parameters: $grain, $week_start, $rule, $segment_value as in cohort_retention.sql; $cohort (a date: the
-- cohort's first day), $k (periods after it).
WITH numbered AS (
  SELECT
    customer_key,
    orders,
    revenue,
    first_at,
    last_at,
    tenure_period_index($grain, $week_start, day) - tenure_period_index($grain, $week_start, first_day) AS k,
    tenure_period_index($grain, $week_start, final_day) - tenure_period_index($grain, $week_start, first_day)
      AS last_k
  FROM {{summary:days}}
  WHERE ($segment_value::VARCHAR IS NULL OR segment_value = $segment_value::VARCHAR)
    AND tenure_period_index($grain, $week_start, first_day)
      = tenure_period_index($grain, $week_start, $cohort::DATE)
),
per_customer AS (
  SELECT
    customer_key,
    min(first_at) AS first_order,
    max(last_at) AS last_order,
    sum(orders) AS orders,
    sum(revenue) AS revenue,
    bool_or(k = $k::INTEGER) AS active_in_k,
    any_value(last_k) AS last_k
  FROM numbered
  GROUP BY ALL
)
SELECT c.customer_id, p.first_order, p.last_order, p.orders, p.revenue
FROM per_customer p
JOIN {{summary:customers}} c USING (customer_key)
WHERE CASE WHEN $rule = 'on_or_after' THEN p.last_k >= $k::INTEGER ELSE p.active_in_k END
ORDER BY p.revenue DESC NULLS LAST, c.customer_id
