-- Customer lifetimes for Kaplan-Meier survival, from subscriptions (docs/metrics.md#survival).
-- A lifetime runs from a customer's first subscription start to the end of their last one; a customer
-- still active at the data end is censored there. Returns counts per (segment, t, ended) with t in whole
-- $unit; src/models/kaplan-meier.ts turns them into the survival curve and the median lifetime.
-- Parameters:
--   $unit       'day' | 'week' | 'month' (a month is 30.4375 days)
--   $as_of      the data end (NULL: the day after the last start or end)
--   {{segment}} the breakdown column ('All' when none); a customer's segment is that of their first row
WITH bounds AS (
  SELECT coalesce($as_of::TIMESTAMP, (greatest(max(started_at), max(ended_at))::DATE + 1)::TIMESTAMP) AS data_end
  FROM subscriptions
),
lifetimes AS (
  SELECT
    customer_id,
    arg_min({{segment}}, started_at) AS segment,
    min(started_at) AS first_start,
    bool_or(ended_at IS NULL OR ended_at > b.data_end) AS censored,
    max(least(coalesce(ended_at, b.data_end), b.data_end)) AS last_end
  FROM subscriptions, bounds b
  WHERE started_at < b.data_end
  GROUP BY customer_id
)
SELECT
  segment,
  floor(date_diff('day', first_start, last_end)
    / CASE $unit WHEN 'day' THEN 1 WHEN 'week' THEN 7 ELSE 30.4375 END)::INTEGER AS t,
  NOT censored AS ended,
  count(*) AS customers
FROM lifetimes
GROUP BY ALL
ORDER BY segment, t, ended
