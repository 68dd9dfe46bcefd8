-- Formula CLV from orders (docs/metrics.md#formula-clv), overall and per segment:
--   CLV = AOV x purchase frequency x gross margin x expected lifespan, lifespan = 1 / annual churn rate.
-- Each factor is its own CTE below, named after it:
--   factor_aov        AOV = revenue / orders
--   factor_frequency  purchase frequency = orders per customer per year of data (first to last order)
--   factor_margin     gross margin = (revenue - cost) / revenue when a cost is mapped, else $margin
--   factor_churn      annual churn rate = 1 - (retained / active)^(365 / $churn_window_days), where active
--                     = customers with an order in the window before the last one, [end - 2W, end - W), and
--                     retained = those of them with an order in the last window, [end - W, end). With W = 365
--                     days (the default) it is the share of last year's customers who did not buy this year.
-- The data end is midnight after the last order. A lifespan needs churn > 0; with no churn CLV is NULL.
-- Read from the summaries (docs/metrics.md#summaries): each customer's orders, revenue and cost, and their
-- segment (that of their first order with one), from the customer summary; the churn windows from their
-- order days.
-- {{has_segment}} is true when a breakdown column is chosen (else only the 'All' row is returned).
-- Parameters:
--   $margin             gross margin used when no cost is mapped (a share, e.g. 0.3)
--   $churn_window_days  the window W in days for the churn rate (default 365)
--   {{summary:segment_customers}} the customers with the breakdown column's value ('All' when none)
WITH bounds AS (
  SELECT
    (max(last_at)::DATE + 1)::TIMESTAMP AS data_end,
    min(first_at) AS data_start,
    greatest(date_diff('day', min(first_at), max(last_at)) + 1, 1) / 365.25 AS years
  FROM {{summary:customers}}
),
windows AS (
  -- who ordered in the window before the last one, and in the last one (the days of the last two windows)
  SELECT
    d.customer_key,
    bool_or(d.day < (b.data_end - to_days($churn_window_days::INTEGER))::DATE) AS active_before,
    bool_or(d.day >= (b.data_end - to_days($churn_window_days::INTEGER))::DATE) AS active_last
  FROM {{summary:days}} d, bounds b
  WHERE d.day >= (b.data_end - 2 * to_days($churn_window_days::INTEGER))::DATE
  GROUP BY d.customer_key
),
per_customer AS (
  SELECT
    c.customer_key,
    c.segment,
    c.orders,
    c.revenue,
    c.cost,
    coalesce(w.active_before, false) AS active_before,
    coalesce(w.active_last, false) AS active_last
  FROM {{summary:segment_customers}} c
  LEFT JOIN windows w USING (customer_key)
),
grouped AS (
  SELECT
    coalesce(segment, 'All') AS segment,
    grouping(segment) = 1 AS is_total,
    count(*) AS customers,
    sum(orders) AS orders,
    sum(revenue) AS revenue,
    sum(cost) AS cost,
    count(cost) AS customers_with_cost,
    count(*) FILTER (WHERE active_before) AS active,
    count(*) FILTER (WHERE active_before AND active_last) AS retained
  FROM per_customer
  GROUP BY GROUPING SETS ((segment), ())
  HAVING {{has_segment}} OR grouping(segment) = 1
),
factor_aov AS (
  SELECT segment, is_total, revenue / orders AS aov FROM grouped
),
factor_frequency AS (
  SELECT segment, is_total, orders / customers / b.years AS purchase_frequency FROM grouped, bounds b
),
factor_margin AS (
  SELECT
    segment,
    is_total,
    CASE WHEN customers_with_cost > 0 THEN (revenue - cost) / revenue ELSE $margin::DOUBLE END AS gross_margin,
    CASE WHEN customers_with_cost > 0 THEN 'data' ELSE 'parameter' END AS margin_from
  FROM grouped
),
factor_churn AS (
  SELECT
    segment,
    is_total,
    CASE WHEN active > 0 THEN 1 - pow(retained / active, 365 / $churn_window_days::DOUBLE) END
      AS annual_churn_rate,
    -- the earlier window starts before the data: its customers are only partly known
    b.data_start <= b.data_end - 2 * to_days($churn_window_days::INTEGER) AS churn_window_complete
  FROM grouped, bounds b
)
SELECT
  g.segment,
  g.customers,
  g.revenue,
  a.aov,
  f.purchase_frequency,
  m.gross_margin,
  m.margin_from,
  g.active AS churn_base,
  g.retained AS churn_retained,
  c.annual_churn_rate,
  c.churn_window_complete,
  CASE WHEN c.annual_churn_rate > 0 THEN 1 / c.annual_churn_rate END AS expected_lifespan_years,
  CASE WHEN c.annual_churn_rate > 0
    THEN a.aov * f.purchase_frequency * m.gross_margin / c.annual_churn_rate
  END AS clv
FROM grouped g
JOIN factor_aov a USING (segment, is_total)
JOIN factor_frequency f USING (segment, is_total)
JOIN factor_margin m USING (segment, is_total)
JOIN factor_churn c USING (segment, is_total)
ORDER BY NOT g.is_total, g.revenue DESC
