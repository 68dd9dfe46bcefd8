-- The lines of an orders export, read through the mapping: one row per line of the user's table, in file
-- order, with why it is left out (tenure_drop, NULL when kept) and the text that shows why (tenure_example).
-- A line is left out when it is a totals row, an exact duplicate of an earlier line, or has no order id
-- (when orders are grouped by one). Without an order id every line is an order, so the order's own checks
-- (excluded status, no customer, no or unreadable date) apply here too; with one, they apply to the whole
-- order (orders_groups.sql), so that a status or a date written on the first line only counts for all.
-- With a sample of customers, a line whose customer is not in it is left out last ({{line_sampled}}); for
-- lines grouped by an order id, only where every such line names its customer (else the orders are
-- sampled whole after grouping), and before its order's own checks.
-- Fragments: {{source}} the user's table; {{line}} the row number; {{order_key}}, {{customer_id}},
-- {{ordered_at}}, {{raw_date}} (the date as written), {{revenue}}, {{cost}}, {{excluded}}, {{totals_row}},
-- {{duplicate}}, {{grouped}} (true with an order id), {{line_sampled}}; {{segments}}.
-- The example of a totals row, a duplicate, a line without an order id or without a customer is the whole
-- row, read back from the source for the few examples shown (map-ops.ts).
SELECT
  -- the texts a report shows are kept only where they say why (at 10M lines a text per line for
  -- every line cost more memory than the rest of the stage)
  * EXCLUDE (raw_date, excluded_value, is_totals_row, is_duplicate),
  raw_date IS NOT NULL AS has_date,
  CASE WHEN excluded THEN excluded_value END AS excluded_value,
  CASE WHEN ordered_at IS NULL THEN raw_date END AS raw_date,
  CASE
    WHEN tenure_drop = 'excluded' THEN excluded_value
    WHEN tenure_drop IN ('noDate', 'badDate') THEN raw_date
  END AS tenure_example
FROM (
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
      WHEN NOT {{line_sampled}} THEN 'notSampled'
    END AS tenure_drop
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
      {{row_hash}} AS tenure_hash{{segments}}
    FROM {{source}}
  )
)
