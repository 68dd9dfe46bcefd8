-- Period retention from the canonical orders as Tenure computed it before the summaries (a range join of
-- every order to every period boundary), for the benchmark's agreement check: the shipped SQL
-- (src/analyses/period/period_orders.sql, from the customers' order days) must give the same S, E, N, new
-- and reactivated for every period; bench/native.mjs checks that they agree. Month grain, W = 90 days, no
-- segment filter (the shipped SQL's defaults).
WITH scoped AS (
  SELECT customer_id, ordered_at FROM orders
),
bounds AS (
  SELECT
    date_trunc('month', min(ordered_at)) AS first_period,
    (max(ordered_at)::DATE + 1)::TIMESTAMP AS data_end,
    min(ordered_at)::DATE::TIMESTAMP + to_days(90) AS steady_from
  FROM scoped
),
first_seen AS (
  SELECT customer_id, min(ordered_at) AS first_at FROM scoped GROUP BY ALL
),
step AS (
  SELECT tenure_periods('month', 1) AS size
),
periods AS (
  SELECT s.period_start, s.period_start + step.size AS period_end, s.period_start < bounds.steady_from AS warm_up
  FROM bounds, step, generate_series(bounds.first_period, bounds.data_end, step.size) s(period_start)
  WHERE s.period_start + step.size <= bounds.data_end
),
instants AS (
  SELECT period_start AS at FROM periods UNION SELECT period_end FROM periods
),
active AS (
  SELECT DISTINCT i.at, o.customer_id
  FROM instants i
  JOIN scoped o
    ON o.ordered_at >= i.at - to_days(90) AND o.ordered_at < i.at
),
flags AS (
  SELECT
    p.period_start,
    a.customer_id,
    bool_or(a.at = p.period_start) AS at_start,
    bool_or(a.at = p.period_end) AS at_end
  FROM periods p
  JOIN active a ON a.at = p.period_start OR a.at = p.period_end
  GROUP BY ALL
),
counts AS (
  SELECT
    p.period_start,
    p.warm_up,
    count(f.customer_id) FILTER (WHERE f.at_start) AS S,
    count(f.customer_id) FILTER (WHERE f.at_end) AS E,
    count(f.customer_id) FILTER (WHERE f.at_end AND NOT f.at_start) AS N,
    count(f.customer_id) FILTER (WHERE f.at_end AND NOT f.at_start AND fs.first_at >= p.period_start) AS new,
    count(f.customer_id) FILTER (WHERE f.at_end AND NOT f.at_start AND fs.first_at < p.period_start) AS reactivated,
    count(f.customer_id) FILTER (WHERE f.at_start AND f.at_end) AS retained
  FROM periods p
  LEFT JOIN flags f USING (period_start)
  LEFT JOIN first_seen fs USING (customer_id)
  GROUP BY ALL
)
SELECT
  period_start::DATE AS period,
  S,
  E,
  N,
  new,
  reactivated,
  retained,
  S - retained AS lost,
  CASE WHEN S > 0 THEN retained / S END AS crr,
  CASE WHEN S > 0 THEN 1 - retained / S END AS churn_rate,
  warm_up
FROM counts
ORDER BY period
