-- Repeat purchase and value from orders (docs/metrics.md#repeat-purchase), overall and per segment:
--   AOV = revenue / orders; purchase frequency = orders per customer per year of data;
--   repeat purchase rate = share of customers with 2+ orders; repeat revenue share = share of revenue
--   from those customers; ARPU = revenue / customers; gross margin = (revenue - cost) / revenue when a cost
--   is mapped (NULL otherwise).
-- {{has_segment}} is true when a breakdown column is chosen (else only the 'All' row is returned).
-- Parameters: {{segment}} the breakdown column ('All' when none).
WITH span AS (
  -- years of data: first to last order, at least one day
  SELECT greatest(date_diff('day', min(ordered_at), max(ordered_at)) + 1, 1) / 365.25 AS years FROM orders
),
per_customer AS (
  SELECT customer_id, any_value({{segment}}) AS segment, count(*) AS orders, sum(amount) AS revenue, sum(cost) AS cost
  FROM orders
  GROUP BY customer_id
)
SELECT
  coalesce(segment, 'All') AS segment,
  count(*) AS customers,
  sum(orders) AS orders,
  sum(revenue) AS revenue,
  sum(revenue) / sum(orders) AS aov,
  sum(orders) / count(*) / any_value(span.years) AS purchase_frequency,
  count(*) FILTER (WHERE orders >= 2) / count(*) AS repeat_rate,
  sum(revenue) FILTER (WHERE orders >= 2) / sum(revenue) AS repeat_revenue_share,
  sum(revenue) / count(*) AS arpu,
  CASE WHEN count(cost) > 0 THEN (sum(revenue) - sum(cost)) / sum(revenue) END AS gross_margin
FROM per_customer, span
GROUP BY GROUPING SETS ((segment), ())
HAVING {{has_segment}} OR grouping(segment) = 1
ORDER BY segment IS NOT NULL, revenue DESC
