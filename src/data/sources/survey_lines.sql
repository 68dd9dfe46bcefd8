-- The rows of a survey export (one answer per row), read through the mapping, in file order, with why a
-- row is left out (tenure_drop, NULL when kept) and the text that shows why (tenure_example): a totals
-- row, an exact duplicate, an excluded status, or no answer time or one that does not read. An answer
-- without a customer is kept (an anonymous survey still has an NPS), and so is one whose score does not
-- read as a whole number from 0 to 10 (score NULL, score_text as written): the NPS analysis counts them.
-- Fragments: {{source}}; {{line}}; {{customer_id}}, {{answered_at}}, {{raw_date}}, {{score}},
-- {{score_text}}, {{comment}}, {{excluded}}, {{excluded_value}}, {{totals_row}}, {{duplicate}},
-- {{segments}}.
SELECT
  *,
  CASE
    WHEN is_totals_row THEN 'totalsRow'
    WHEN is_duplicate THEN 'duplicate'
    WHEN excluded THEN 'excluded'
    WHEN raw_date IS NULL THEN 'noDate'
    WHEN answered_at IS NULL THEN 'badDate'
    WHEN NOT {{sampled}} THEN 'notSampled'
  END AS tenure_drop,
  CASE
    WHEN excluded THEN excluded_value
    WHEN raw_date IS NOT NULL AND answered_at IS NULL THEN raw_date
    ELSE tenure_text
  END AS tenure_example
FROM (
  SELECT
    {{line}} AS tenure_line,
    {{customer_id}} AS customer_id,
    {{answered_at}} AS answered_at,
    {{raw_date}} AS raw_date,
    {{score}} AS score,
    {{score_text}} AS score_text,
    {{comment}} AS comment,
    {{excluded}} AS excluded,
    {{excluded_value}} AS excluded_value,
    {{totals_row}} AS is_totals_row,
    {{duplicate}} AS is_duplicate,
    {{row_hash}} AS tenure_hash,
    NULL::VARCHAR AS tenure_text{{segments}}
  FROM {{source}}
)
