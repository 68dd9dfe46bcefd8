-- The churns behind a mark of the churn-reason charts (docs/metrics.md#churn-reasons): those classified as
-- $classification ('rule', 'unclassified', 'noReason') and, for a rule, $category; of the quarter starting
-- $quarter, the tenure band $tenure_band and the segment value $mark_segment when the mark is one (NULL:
-- any), newest first, with the reason and comment as written. {{events}}, {{classified}} as in reasons.sql.
-- Parameters: $reason_rules, $currency, $as_of; $classification, $category, $quarter, $tenure_band,
-- $mark_segment; {{segment}}.
WITH {{events}},
{{classified}}
SELECT
  customer_id,
  churned_at,
  coalesce(category, classification) AS reason,
  reason_text AS reason_as_written,
  comment,
  lost_mrr,
  tenure_months,
  segment
FROM classified
WHERE classification = $classification::VARCHAR
  AND ($category::VARCHAR IS NULL OR category = $category::VARCHAR)
  AND ($quarter::DATE IS NULL OR date_trunc('quarter', churned_at)::DATE = $quarter::DATE)
  AND ($tenure_band::VARCHAR IS NULL OR tenure_band = $tenure_band::VARCHAR)
  AND ($mark_segment::VARCHAR IS NULL OR segment = $mark_segment::VARCHAR)
ORDER BY churned_at DESC, customer_id
