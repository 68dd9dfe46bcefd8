-- Kaplan-Meier survival of customer lifetime, from subscriptions (docs/metrics.md#survival).
-- A lifetime runs from a customer's first subscription start to the end of their last one; a customer
-- still active at the data end is censored there (alive for at least that long). With t in whole $unit,
-- n at risk at t (lifetimes of t or longer) and d ending at t: S(t) = product over times <= t of (1 - d/n);
-- the median lifetime is the first t with S(t) <= 0.5 (NULL: not reached). The same estimator is written
-- in TypeScript in src/models/kaplan-meier.ts, and the tests check one against the other.
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
),
lifetimes_t AS (
  SELECT
    segment,
    floor(date_diff('day', first_start, last_end)
      / CASE $unit WHEN 'day' THEN 1 WHEN 'week' THEN 7 ELSE 30.4375 END)::INTEGER AS t,
    NOT censored AS ended
  FROM lifetimes
),
counts AS (
  SELECT segment, t, count(*) FILTER (WHERE ended) AS ended, count(*) FILTER (WHERE NOT ended) AS censored
  FROM lifetimes_t
  GROUP BY ALL
),
curve AS (
  -- at risk at t: lifetimes of t or longer; S(t) = product of (1 - ended / at risk) up to t
  SELECT
    segment,
    t,
    sum(ended + censored) OVER (PARTITION BY segment ORDER BY t DESC) AS at_risk,
    ended,
    censored
  FROM counts
),
survival AS (
  SELECT *, product(1 - ended / at_risk) OVER (PARTITION BY segment ORDER BY t) AS survival FROM curve
)
SELECT
  segment,
  t,
  at_risk,
  ended,
  censored,
  survival,
  min(t) FILTER (WHERE survival <= 0.5) OVER (PARTITION BY segment) AS median_lifetime
FROM survival
ORDER BY segment, t
