-- The customers behind one cell of the cohort table built from subscriptions
-- (docs/metrics.md#cohort-retention): those of cohort $cohort who count as retained in period $k under the
-- same grain, week start, rule, data end and segment filter. {{activity}} as in cohort_retention.sql.
-- Parameters: $grain, $week_start, $rule, $as_of, $segment_value as in cohort_retention.sql; $cohort (a
-- date: the cohort's first day), $k (periods after it).
WITH {{activity}},
members AS (
  -- activity: one row per customer and active period, with the customer's cohort and k (activity part)
  SELECT customer_id, bool_or(k = $k::INTEGER) AS active_in_k, max(k) AS last_k, sum(revenue) AS revenue
  FROM activity
  WHERE cohort::DATE = $cohort::DATE
  GROUP BY ALL
)
SELECT
  m.customer_id,
  min(s.started_at) AS first_started,
  -- NULL while a subscription is still running
  CASE WHEN bool_or(s.ended_at IS NULL) THEN NULL ELSE max(s.ended_at) END AS last_ended,
  count(*) AS subscriptions,
  any_value(m.revenue) AS revenue
FROM members m JOIN subscriptions s USING (customer_id)
WHERE CASE WHEN $rule = 'on_or_after' THEN m.last_k >= $k::INTEGER ELSE m.active_in_k END
GROUP BY m.customer_id
ORDER BY revenue DESC NULLS LAST, m.customer_id
