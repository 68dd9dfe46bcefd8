-- Kaplan-Meier survival of customer lifetime (docs/metrics.md#survival), from any lifetime source.
-- {{lifetimes}} is the source's part (lifetimes_subscriptions.sql, lifetimes_customers.sql): it defines
-- lifetimes_t(segment, t, ended), one row per customer, with the lifetime t in whole units and whether it
-- ended (false: censored, still alive at t). With n at risk at t (lifetimes of t or longer) and d ending
-- at t: S(t) = product over times <= t of (1 - d/n); the median lifetime is the first t with S(t) <= 0.5
-- (NULL: not reached). The same estimator is written in TypeScript in src/models/kaplan-meier.ts, and the
-- tests check one against the other.
-- Parameters: those of the source's part; {{segment}} the breakdown column ('All' when none).
WITH {{lifetimes}},
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
