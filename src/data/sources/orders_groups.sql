-- The orders of an export whose lines share an order id: the kept lines grouped into one order each, at
-- the earliest of their times, with the revenue and cost of all its lines (or, when the amount is an order
-- total repeated on every line, that total once). An order is left out (tenure_drop) when any of its lines
-- carries an excluded status, when none of its lines names a customer, or has a date, or a date that reads.
-- Fragments: {{order_amount}} (sum(amount), or max(amount) for a repeated order total); {{segments_any}}.
SELECT
  order_key AS order_id,
  any_value(customer_id) AS customer_id,
  min(ordered_at) AS ordered_at,
  {{order_amount}} AS amount,
  sum(cost) AS cost,
  count(*) AS lines,
  count(*) AS tenure_lines,
  min(tenure_line) AS tenure_line,
  CASE
    WHEN bool_or(excluded) THEN 'excluded'
    WHEN any_value(customer_id) IS NULL THEN 'noCustomer'
    WHEN NOT bool_or(has_date) THEN 'noDate'
    WHEN min(ordered_at) IS NULL THEN 'badDate'
    WHEN NOT {{order_sampled}} THEN 'notSampled'
  END AS tenure_drop,
  CASE
    WHEN bool_or(excluded) THEN any_value(excluded_value) FILTER (WHERE excluded)
    WHEN any_value(customer_id) IS NULL THEN order_key
    ELSE any_value(raw_date)
  END AS tenure_example{{segments_any}}
FROM tenure_lines
WHERE tenure_drop IS NULL
GROUP BY order_key
