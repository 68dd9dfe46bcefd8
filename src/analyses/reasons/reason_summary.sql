-- The churn-reason totals (docs/metrics.md#churn-reasons): churns, how many the rules classified, left
-- unclassified or came without a reason; the controllable share of the churns and of the MRR lost
-- (Unclassified and no-reason churns count in the denominators as not known to be controllable); the MRR
-- lost, the reporting currency, the churns whose MRR is in another currency (left out of MRR), and the
-- span of the events. {{events}}, {{classified}} as in reasons.sql.
-- Parameters: $reason_rules, $currency, $as_of; {{segment}}.
WITH {{events}},
{{classified}}
SELECT
  count(*) AS churns,
  count(*) FILTER (WHERE classification = 'rule') AS classified,
  count(*) FILTER (WHERE classification = 'unclassified') AS unclassified,
  count(*) FILTER (WHERE classification = 'noReason') AS no_reason,
  count(*) FILTER (WHERE controllable) AS controllable,
  count(*) FILTER (WHERE controllable) / nullif(count(*), 0) AS controllable_share,
  sum(lost_mrr) AS lost_mrr,
  sum(lost_mrr) FILTER (WHERE controllable) / nullif(sum(lost_mrr), 0) AS controllable_mrr_share,
  count(*) FILTER (WHERE other_currency) AS other_currency,
  count(*) FILTER (WHERE lost_mrr IS NULL AND NOT other_currency) AS without_mrr,
  (SELECT currency FROM reporting) AS currency,
  min(churned_at)::DATE AS first_churn,
  max(churned_at)::DATE AS last_churn
FROM classified
