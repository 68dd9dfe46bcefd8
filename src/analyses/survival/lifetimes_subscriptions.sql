-- Lifetimes from subscriptions (survival.sql): a lifetime runs from a customer's first subscription start to
-- the end of their last one; a customer still active at the data end is censored there (alive for at least
-- that long). t is in whole $unit. A customer's segment is that of their first row.
-- Parameters:
--   $unit       'day' | 'week' | 'month' (a month is 30.4375 days)
--   $as_of      the data end (NULL: the day after the last start or end)
--   {{segment}} the breakdown column ('All' when none)
bounds AS (
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
),
lifetimes_t AS (
  SELECT
    segment,
    floor(date_diff('day', first_start, last_end)
      / CASE $unit WHEN 'day' THEN 1 WHEN 'week' THEN 7 ELSE 30.4375 END)::INTEGER AS t,
    NOT censored AS ended
  FROM lifetimes
)
