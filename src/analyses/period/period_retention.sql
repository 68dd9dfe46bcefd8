-- Period retention and churn rate (docs/metrics.md#period-retention), from coverage (subscriptions; orders
-- have their own counting from order days, period_orders.sql, with the same definitions).
-- {{scope}} and {{active}} are the source's parts (parts_subscriptions.sql):
--   {{scope}} defines bounds(first_period, data_end, steady_from) and first_seen(customer_id, first_at), the
--             time of each customer's first activity; periods that start before steady_from are the
--             warm-up (their S lacks history: orders before the data), flagged and left out of averages;
--   {{active}} defines active(at, customer_id): the customers active at each instant of instants(at).
-- For each complete period p (it ends by the data end):
--   S = active at the start of p, E = active at the end of p,
--   N = active at the end but not at the start = new (first activity ever in p) + reactivated (active
--       before p, not at its start),
--   retained = E - N (the customers of S still active at the end), lost = S - retained,
--   CRR = retained / S, churn rate = 1 - CRR.
-- Parameters:
--   $grain          'week' | 'month' | 'quarter' | 'year'
--   $segment_value  keep only customers of this segment value (NULL: everybody); {{segment}} its column
--   and the source's own ($as_of for subscriptions)
WITH {{scope}},
step AS (
  SELECT tenure_periods($grain, 1) AS size
),
periods AS (
  SELECT s.period_start, s.period_start + step.size AS period_end, s.period_start < bounds.steady_from AS warm_up
  FROM bounds, step, generate_series(bounds.first_period, bounds.data_end, step.size) s(period_start)
  WHERE s.period_start + step.size <= bounds.data_end
),
instants AS (
  SELECT period_start AS at FROM periods UNION SELECT period_end FROM periods
),
{{active}},
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
