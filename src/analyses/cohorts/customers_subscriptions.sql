-- The customers behind one cell of the cohort table built from subscriptions
-- (docs/metrics.md#cohort-retention): those of cohort $cohort who count as retained in period $k under the
-- same grain, week start, rule, data end and segment filter. {{activity}} as in cohort_retention.sql.
-- Parameters: $grain, $week_start, $rule, $as_of, $segment_value as in cohort_retention.sql; $cohort (a
-- date: the cohort's first day), $k (periods after it).
WITH {{activity}},
cohorts AS (
  SELECT customer_id, min(period) AS cohort FROM customer_periods GROUP BY ALL
),
members AS (
  SELECT
    p.customer_id,
    bool_or(datediff($grain, c.cohort, p.period) = $k::INTEGER) AS active_in_k,
    max(datediff($grain, c.cohort, p.period)) AS last_k,
    sum(p.revenue) AS revenue
  FROM customer_periods p JOIN cohorts c USING (customer_id)
  WHERE c.cohort::DATE = $cohort::DATE
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
