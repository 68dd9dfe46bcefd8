-- Activity for cohort retention from orders: a customer is active in a period when they ordered in it;
-- the period's revenue is the sum of those orders' amounts. The data end is midnight after the last order,
-- so a period that ends there is complete.
-- Parameters: $grain, $week_start, $segment_value and {{segment}} as in cohort_retention.sql.
bounds AS (
  -- the data end: midnight after the last order, so a period that ends there is complete
  SELECT (max(ordered_at)::DATE + 1)::TIMESTAMP AS data_end FROM orders
),
events AS (
  SELECT
    customer_id,
    amount,
    tenure_period_start($grain, $week_start, ordered_at) AS period
  FROM orders
  WHERE $segment_value::VARCHAR IS NULL OR {{segment}} = $segment_value::VARCHAR
),
customer_periods AS MATERIALIZED (
  -- an order's revenue is whole in whatever period it falls: the base is the revenue itself
  SELECT customer_id, period, coalesce(sum(amount), 0) AS revenue, coalesce(sum(amount), 0) AS base_revenue
  FROM events
  GROUP BY ALL
)
