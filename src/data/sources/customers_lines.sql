-- The rows of a customer snapshot (a churn export), read through the mapping: one customer per row, with
-- why a row is left out (tenure_drop, NULL when kept) and the text that shows why (tenure_example): a
-- totals row, an exact duplicate, an excluded status, no customer, a tenure that is missing or does not
-- read, or a churned flag that is not one of Yes/No, True/False, 1/0, 是/否, Churned/Active...
-- Fragments: {{source}}; {{line}}; {{customer_id}}, {{tenure}}, {{raw_tenure}}, {{churned}},
-- {{raw_churned}}, {{monthly_value}}, {{excluded}}, {{excluded_value}}, {{totals_row}}, {{duplicate}},
-- {{segments}}.
SELECT
  *,
  CASE
    WHEN is_totals_row THEN 'totalsRow'
    WHEN is_duplicate THEN 'duplicate'
    WHEN excluded THEN 'excluded'
    WHEN customer_id IS NULL THEN 'noCustomer'
    WHEN tenure IS NULL THEN 'badTenure'
    WHEN churned IS NULL THEN 'badFlag'
    WHEN NOT {{sampled}} THEN 'notSampled'
  END AS tenure_drop,
  CASE
    WHEN excluded THEN excluded_value
    WHEN tenure IS NULL AND customer_id IS NOT NULL THEN raw_tenure
    WHEN churned IS NULL AND customer_id IS NOT NULL THEN raw_churned
    ELSE tenure_text
  END AS tenure_example
FROM (
  SELECT
    {{line}} AS tenure_line,
    {{customer_id}} AS customer_id,
    {{tenure}} AS tenure,
    {{raw_tenure}} AS raw_tenure,
    {{churned}} AS churned,
    {{raw_churned}} AS raw_churned,
    {{monthly_value}} AS monthly_value,
    {{excluded}} AS excluded,
    {{excluded_value}} AS excluded_value,
    {{totals_row}} AS is_totals_row,
    {{duplicate}} AS is_duplicate,
    {{row_hash}} AS tenure_hash,
    NULL::VARCHAR AS tenure_text{{segments}}
  FROM {{source}}
)
