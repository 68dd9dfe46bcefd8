-- Non-contractual churn from orders (docs/metrics.md#churn).
-- As of the data end, a customer is churned when no order came for $window_days days after their last one;
-- a customer whose window is still open is "not yet known" (at risk), never counted as churned.
-- One row per segment value and an 'All' row.
-- Read from the summaries (docs/metrics.md#summaries): each customer's last order from the customer summary,
-- or, with an as-of date, from their order days before it. A customer's segment is that of their first
-- order with one.
-- {{has_segment}} is true when a breakdown column is chosen (else only the 'All' row is returned).
-- Parameters:
--   $window_days  the inactivity window W in days (default 90)
--   $as_of        the data end (a date; NULL: the day after the last order)
--   {{summary:segment_customers}} the customers with the breakdown column's value ('All' when none)
WITH bounds AS (
  SELECT coalesce($as_of::TIMESTAMP, (max(last_at)::DATE + 1)::TIMESTAMP) AS data_end FROM {{summary:customers}}
),
customers AS (
  -- every order is before the data end when it is the day after the last order
  SELECT segment, last_at, orders FROM {{summary:segment_customers}} WHERE $as_of::DATE IS NULL
  UNION ALL
  SELECT any_value(c.segment), max(d.last_at), sum(d.orders)
  FROM {{summary:days}} d
  JOIN {{summary:segment_customers}} c USING (customer_key)
  WHERE $as_of::DATE IS NOT NULL AND d.day < $as_of::DATE
  GROUP BY d.customer_key
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
