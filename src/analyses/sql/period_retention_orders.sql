-- Period retention and churn rate from orders (docs/metrics.md#period-retention).
-- A customer is active at an instant when their last order came within the inactivity window before it:
-- an order in [instant - $window_days days, instant). For each complete period p:
--   S = active at the start of p, E = active at the end of p,
--   N = active at the end but not at the start = new (first order ever in p) + reactivated (ordered before),
--   retained = E - N (the customers of S still active at the end), lost = S - retained,
--   CRR = retained / S, churn rate = 1 - CRR.
-- Parameters:
--   $grain          'week' | 'month' | 'quarter' | 'year'
--   $window_days    the inactivity window W in days (default 90)
--   $segment_value  keep only customers of this segment value (NULL: everybody); {{segment}} its column
WITH scoped AS (
  SELECT customer_id, ordered_at
  FROM orders
  WHERE $segment_value::VARCHAR IS NULL OR {{segment}} = $segment_value::VARCHAR
),
bounds AS (
  SELECT date_trunc($grain, min(ordered_at)) AS first_period, (max(ordered_at)::DATE + 1)::TIMESTAMP AS data_end
  FROM scoped
),
step AS (
  SELECT CASE $grain
    WHEN 'day' THEN INTERVAL 1 DAY
    WHEN 'week' THEN INTERVAL 7 DAY
    WHEN 'month' THEN INTERVAL 1 MONTH
    WHEN 'quarter' THEN INTERVAL 3 MONTH
    ELSE INTERVAL 1 YEAR
  END AS size
),
periods AS (
  SELECT s.period_start, s.period_start + step.size AS period_end
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
    ON o.ordered_at >= i.at - to_days($window_days::INTEGER) AND o.ordered_at < i.at
),
first_order AS (
  SELECT customer_id, min(ordered_at) AS first_at FROM scoped GROUP BY ALL
),
flags AS (
  SELECT
    p.period_start,
    p.period_end,
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
    count(f.customer_id) FILTER (WHERE f.at_start) AS S,
    count(f.customer_id) FILTER (WHERE f.at_end) AS E,
    count(f.customer_id) FILTER (WHERE f.at_end AND NOT f.at_start) AS N,
    count(f.customer_id) FILTER (WHERE f.at_end AND NOT f.at_start AND fo.first_at >= p.period_start) AS new,
    count(f.customer_id) FILTER (WHERE f.at_end AND NOT f.at_start AND fo.first_at < p.period_start) AS reactivated,
    count(f.customer_id) FILTER (WHERE f.at_start AND f.at_end) AS retained
  FROM periods p
  LEFT JOIN flags f USING (period_start)
  LEFT JOIN first_order fo USING (customer_id)
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
  CASE WHEN S > 0 THEN 1 - retained / S END AS churn_rate
FROM counts
ORDER BY period
