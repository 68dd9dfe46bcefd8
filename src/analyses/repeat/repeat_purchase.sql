-- Repeat purchase and value from orders (docs/metrics.md#repeat-purchase), overall and per segment:
--   AOV = revenue / orders; purchase frequency = orders per customer per year of data;
--   repeat purchase rate = share of customers with 2+ orders; repeat revenue share = share of revenue
--   from those customers; ARPU = revenue / customers; gross margin = (revenue - cost) / revenue when a cost
--   is mapped (NULL otherwise).
-- Read from the customer summary (docs/metrics.md#summaries): each customer's orders, revenue and cost, and
-- their segment (that of their first order with one).
-- {{has_segment}} is true when a breakdown column is chosen (else only the 'All' row is returned).
-- Parameters: {{summary:segment_customers}} the customers with the breakdown column's value ('All' when none).
WITH span AS (
  -- years of data: first to last order, at least one day
  SELECT greatest(date_diff('day', min(first_at), max(last_at)) + 1, 1) / 365.25 AS years
  FROM {{summary:customers}}
),
per_customer AS (
  SELECT segment, orders, revenue, cost FROM {{summary:segment_customers}}
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
