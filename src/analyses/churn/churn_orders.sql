-- Non-contractual churn from orders (docs/metrics.md#churn).
-- As of the data end, a customer is churned when no order came for $window_days days after their last one;
-- a customer whose window is still open is "not yet known" (at risk), never counted as churned.
-- One row per segment value and an 'All' row.
-- {{has_segment}} is true when a breakdown column is chosen (else only the 'All' row is returned).
-- Parameters:
--   $window_days  the inactivity window W in days (default 90)
--   $as_of        the data end (a date; NULL: the day after the last order)
--   {{segment}}   the breakdown column ('All' when none)
WITH bounds AS (
  SELECT coalesce($as_of::TIMESTAMP, (max(ordered_at)::DATE + 1)::TIMESTAMP) AS data_end FROM orders
),
customers AS (
  SELECT customer_id, any_value({{segment}}) AS segment, max(ordered_at) AS last_at, count(*) AS orders
  FROM orders, bounds
  WHERE ordered_at < bounds.data_end
  GROUP BY customer_id
),
status AS (
  SELECT c.*, c.last_at + to_days($window_days::INTEGER) <= b.data_end AS churned
  FROM customers c, bounds b
)
SELECT
  coalesce(segment, 'All') AS segment,
  count(*) AS customers,
  count(*) FILTER (WHERE churned) AS churned,
  count(*) FILTER (WHERE NOT churned) AS not_yet_known,
  count(*) FILTER (WHERE churned) / count(*) AS churn_rate,
  count(*) FILTER (WHERE NOT churned) / count(*) AS share_not_yet_known
FROM status
GROUP BY GROUPING SETS ((segment), ())
HAVING {{has_segment}} OR grouping(segment) = 1
ORDER BY segment IS NOT NULL, customers DESC
