-- Contractual (logo) churn from subscriptions (docs/metrics.md#churn): per period and segment, the
-- customers active at the start of the period (a subscription covers that instant) and those of them no
-- longer active at its end; logo churn = lost / active at start.
-- {{has_segment}} is true when a breakdown column is chosen (else only the 'All' row is returned).
-- Parameters:
--   $grain        'month' | 'quarter' | 'year'
--   $as_of        the data end (NULL: the day after the last start or end)
--   {{segment}}   the breakdown column ('All' when none)
WITH bounds AS (
  SELECT
    date_trunc($grain, min(started_at)) AS first_period,
    coalesce($as_of::TIMESTAMP, (greatest(max(started_at), max(ended_at))::DATE + 1)::TIMESTAMP) AS data_end
  FROM subscriptions
),
step AS (
  SELECT tenure_periods($grain, 1) AS size
),
periods AS (
  SELECT s.period_start, s.period_start + step.size AS period_end
  FROM bounds, step, generate_series(bounds.first_period, bounds.data_end, step.size) s(period_start)
  WHERE s.period_start + step.size <= bounds.data_end
),
covered AS (
  -- who is active at each period's start and at its end, with the segment of the covering subscription
  SELECT
    p.period_start,
    s.customer_id,
    any_value({{segment}}) AS segment,
    bool_or(s.started_at <= p.period_start AND (s.ended_at IS NULL OR s.ended_at > p.period_start)) AS at_start,
    bool_or(s.started_at <= p.period_end AND (s.ended_at IS NULL OR s.ended_at > p.period_end)) AS at_end
  FROM periods p
  JOIN subscriptions s ON s.started_at <= p.period_end AND (s.ended_at IS NULL OR s.ended_at > p.period_start)
  GROUP BY ALL
)
SELECT
  period_start::DATE AS period,
  coalesce(segment, 'All') AS segment,
  count(*) FILTER (WHERE at_start) AS active_at_start,
  count(*) FILTER (WHERE at_start AND NOT at_end) AS churned,
  CASE WHEN count(*) FILTER (WHERE at_start) > 0
    THEN count(*) FILTER (WHERE at_start AND NOT at_end) / count(*) FILTER (WHERE at_start) END AS logo_churn
FROM covered
GROUP BY GROUPING SETS ((period_start, segment), (period_start))
HAVING {{has_segment}} OR grouping(segment) = 1
ORDER BY period, segment IS NOT NULL, segment
