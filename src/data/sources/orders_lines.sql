-- The lines of an orders export, read through the mapping: one row per line of the user's table, in file
-- order, with why it is left out (tenure_drop, NULL when kept) and the text that shows why (tenure_example).
-- A line is left out when it is a totals row, an exact duplicate of an earlier line, or has no order id
-- (when orders are grouped by one). Without an order id every line is an order, so the order's own checks
-- (excluded status, no customer, no or unreadable date) apply here too; with one, they apply to the whole
-- order (orders_groups.sql), so that a status or a date written on the first line only counts for all.
-- Fragments: {{source}} the user's table; {{line}} the row number; {{order_key}}, {{customer_id}},
-- {{ordered_at}}, {{raw_date}} (the date as written), {{revenue}}, {{cost}}, {{excluded}}, {{totals_row}},
-- {{duplicate}}, {{grouped}} (true with an order id); {{segments}}.
-- tenure_text is NULL here: the whole row is read back from the source for the few examples shown
-- (map-ops.ts), as writing it out for every line cost more than the rest of this stage.
SELECT
  *,
  CASE
    WHEN is_totals_row THEN 'totalsRow'
    WHEN is_duplicate THEN 'duplicate'
    WHEN {{grouped}} AND order_key IS NULL THEN 'noKey'
    WHEN NOT {{grouped}} AND excluded THEN 'excluded'
    WHEN NOT {{grouped}} AND customer_id IS NULL THEN 'noCustomer'
    WHEN NOT {{grouped}} AND raw_date IS NULL THEN 'noDate'
    WHEN NOT {{grouped}} AND ordered_at IS NULL THEN 'badDate'
  END AS tenure_drop,
  CASE
    WHEN is_totals_row OR is_duplicate OR NOT {{grouped}} AND customer_id IS NULL THEN tenure_text
    WHEN {{grouped}} AND order_key IS NULL THEN tenure_text
    WHEN excluded THEN excluded_value
    ELSE raw_date
  END AS tenure_example
FROM (
  SELECT
    {{line}} AS tenure_line,
    {{order_key}} AS order_key,
    {{customer_id}} AS customer_id,
    {{ordered_at}} AS ordered_at,
    {{raw_date}} AS raw_date,
    {{revenue}} AS amount,
    {{cost}} AS cost,
    {{excluded}} AS excluded,
    {{excluded_value}} AS excluded_value,
    {{totals_row}} AS is_totals_row,
    {{duplicate}} AS is_duplicate,
    NULL::VARCHAR AS tenure_text{{segments}}
  FROM {{source}}
)
