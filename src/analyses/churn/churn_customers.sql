-- Churn by segment from a customer snapshot (docs/metrics.md#churn): the share of customers flagged as
-- churned, per segment value and overall ('All').
-- {{has_segment}} is true when a breakdown column is chosen (else only the 'All' row is returned).
-- Parameters: {{segment}} the breakdown column ('All' when none).
SELECT
  coalesce(segment, 'All') AS segment,
  count(*) AS customers,
  count(*) FILTER (WHERE churned) AS churned,
  count(*) FILTER (WHERE churned) / count(*) AS churn_rate,
  avg(tenure) AS average_tenure
FROM (SELECT churned, tenure, {{segment}} AS segment FROM customers)
GROUP BY GROUPING SETS ((segment), ())
HAVING {{has_segment}} OR grouping(segment) = 1
ORDER BY segment IS NOT NULL, customers DESC
