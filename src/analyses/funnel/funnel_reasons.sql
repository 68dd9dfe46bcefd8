-- The save rate by reason (docs/metrics.md#cancellation-funnel): per reason (classified by the churn-reason
-- rules), flows, offers shown and accepted, flows judged and saved, and the save rate = saved / judged.
-- {{flows}}, {{classified}} as in funnel.sql.
-- Parameters: $save_days, $later_days, $as_of, $reason_rules; {{segment}}.
WITH {{flows}},
{{classified}}
SELECT
  classification,
  category,
  count(*) AS flows,
  count(*) FILTER (WHERE offer IS NOT NULL) AS offered,
  count(*) FILTER (WHERE offer_accepted) AS accepted,
  count(saved) AS judged,
  count(*) FILTER (WHERE saved) AS saved,
  count(*) FILTER (WHERE saved) / nullif(count(saved), 0) AS save_rate
FROM classified
GROUP BY classification, category
ORDER BY flows DESC, CASE classification WHEN 'rule' THEN 0 WHEN 'unclassified' THEN 1 ELSE 2 END, category
