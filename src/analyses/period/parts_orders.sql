-- Period retention from orders (period_retention.sql): a customer is active at an instant when their last
-- order came within the inactivity window before it, an order in [instant - $window_days days, instant).
-- New = first order ever in the period. The data end is midnight after the last order. Until W days
-- after the first order the window reaches back before the data: S is understated and those periods are
-- the warm-up (steady_from).
-- Parameters: $window_days (the inactivity window W in days, default 90); $grain, $segment_value and
-- {{segment}} as in period_retention.sql.
-- part: scope
scoped AS (
  SELECT customer_id, ordered_at
  FROM orders
  WHERE $segment_value::VARCHAR IS NULL OR {{segment}} = $segment_value::VARCHAR
),
bounds AS (
  SELECT
    date_trunc($grain, min(ordered_at)) AS first_period,
    (max(ordered_at)::DATE + 1)::TIMESTAMP AS data_end,
    min(ordered_at)::DATE::TIMESTAMP + to_days($window_days::INTEGER) AS steady_from
  FROM scoped
),
first_seen AS (
  SELECT customer_id, min(ordered_at) AS first_at FROM scoped GROUP BY ALL
)
-- part: active
active AS (
  SELECT DISTINCT i.at, o.customer_id
  FROM instants i
  JOIN scoped o
    ON o.ordered_at >= i.at - to_days($window_days::INTEGER) AND o.ordered_at < i.at
)
