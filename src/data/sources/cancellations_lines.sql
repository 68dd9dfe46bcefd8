-- The rows of a cancellations export (one cancellation flow started per row: a cancellation survey answer,
-- a cancel request), read through the mapping, in file order, with why a row is left out (tenure_drop,
-- NULL when kept) and the text that shows why (tenure_example): a totals row, an exact duplicate, an
-- excluded status, no customer, or no time or one that does not read.
-- Columns: the reason and comment as written (empty as NULL); the offer shown ('pause', 'discount',
-- 'downgrade', another offer in lower case, NULL when none); whether it was accepted (NULL when unknown);
-- whether the flow ended in a cancellation (from the outcome column; without one, every flow whose offer
-- was not accepted); the customer's MRR when the export has it.
-- Fragments: {{source}}; {{line}}; {{customer_id}}, {{cancelled_at}}, {{raw_date}}, {{reason}},
-- {{comment}}, {{offer}}, {{offer_accepted}}, {{cancelled}}, {{mrr}}, {{excluded}}, {{excluded_value}},
-- {{totals_row}}, {{duplicate}}; {{segments}}.
SELECT
  *,
  CASE
    WHEN is_totals_row THEN 'totalsRow'
    WHEN is_duplicate THEN 'duplicate'
    WHEN excluded THEN 'excluded'
    WHEN customer_id IS NULL THEN 'noCustomer'
    WHEN raw_date IS NULL THEN 'noDate'
    WHEN cancelled_at IS NULL THEN 'badDate'
    WHEN NOT {{sampled}} THEN 'notSampled'
  END AS tenure_drop,
  CASE
    WHEN excluded THEN excluded_value
    WHEN raw_date IS NOT NULL AND cancelled_at IS NULL THEN raw_date
    ELSE tenure_text
  END AS tenure_example
FROM (
  SELECT
    {{line}} AS tenure_line,
    {{customer_id}} AS customer_id,
    {{cancelled_at}} AS cancelled_at,
    {{raw_date}} AS raw_date,
    {{reason}} AS reason,
    {{comment}} AS comment,
    {{offer}} AS offer,
    {{offer_accepted}} AS offer_accepted,
    {{cancelled}} AS cancelled,
    {{mrr}} AS mrr,
    {{excluded}} AS excluded,
    {{excluded_value}} AS excluded_value,
    {{totals_row}} AS is_totals_row,
    {{duplicate}} AS is_duplicate,
    {{row_hash}} AS tenure_hash,
    NULL::VARCHAR AS tenure_text{{segments}}
  FROM {{source}}
)
