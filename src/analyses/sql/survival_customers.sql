-- Kaplan-Meier survival of customer lifetime, from a customer snapshot (docs/metrics.md#survival):
-- tenure (in periods) is the lifetime, the churned flag says whether it ended; customers not churned are
-- censored at their tenure. S(t) = product over times <= t of (1 - ended / at risk); median lifetime =
-- first t with S(t) <= 0.5. The same estimator in TypeScript: src/models/kaplan-meier.ts.
-- Parameters: {{segment}} the breakdown column ('All' when none).
WITH lifetimes_t AS (
  SELECT {{segment}} AS segment, floor(tenure)::INTEGER AS t, churned AS ended
  FROM customers
  WHERE tenure >= 0
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
