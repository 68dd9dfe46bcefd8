-- The customers behind a movement of revenue retention (docs/metrics.md#revenue-retention): those whose
-- movement in a month from $from_month to $to_month (first days of months) is $movement ('new',
-- 'reactivation', 'expansion', 'contraction', 'churned', 'fx' for everyone with exchange-rate drift),
-- with their MRR at the start and end of the month and the change. {{monthly_mrr}} and {{movements}} as in
-- revenue_retention.sql.
-- Parameters: $as_of, $currency, $rates, $segment_value and {{segment}} as in mrr_parts.sql; $from_month,
-- $to_month, $movement.
WITH {{monthly_mrr}},
{{movements}}
SELECT
  v.customer_id,
  v.month::DATE AS month,
  v.movement,
  v.start_mrr,
  v.end_mrr,
  v.end_mrr - v.start_mrr - v.fx AS change,
  v.fx
FROM movements v
WHERE v.month BETWEEN $from_month::DATE AND $to_month::DATE
  AND (v.movement = $movement::VARCHAR OR ($movement::VARCHAR = 'fx' AND v.fx <> 0))
ORDER BY v.month, abs(v.end_mrr - v.start_mrr) DESC, v.customer_id
