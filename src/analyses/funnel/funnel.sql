-- The cancellation funnel by offer (docs/metrics.md#cancellation-funnel): per offer shown ('none' when no
-- offer; 'All' for every flow): flows started, offers shown and accepted, flows ended in a cancellation,
-- and the save rate = saved / flows judged (saved: still subscribed $save_days days after the flow, or,
-- without subscriptions, not cancelled; see flows_parts.sql), the acceptance rate = accepted / offered,
-- and the saved customers' later churn = saved customers gone $later_days days after the flow / saved
-- customers followed that long. {{flows}} is flows_parts.sql; {{classified}} reasons_parts.sql.
-- Parameters: $save_days, $later_days, $as_of, $reason_rules; {{segment}}.
WITH {{flows}},
{{classified}},
counted AS (
  SELECT
    CASE WHEN grouping(coalesce(offer, 'none')) = 1 THEN 'All' ELSE coalesce(offer, 'none') END AS offer,
    count(*) AS flows,
    count(*) FILTER (WHERE offer IS NOT NULL) AS offered,
    count(*) FILTER (WHERE offer_accepted) AS accepted,
    count(*) FILTER (WHERE cancelled) AS cancelled,
    count(saved) AS judged,
    count(*) FILTER (WHERE saved) AS saved,
    count(churned_later) FILTER (WHERE saved) AS saved_followed,
    count(*) FILTER (WHERE saved AND churned_later) AS saved_churned_later,
    any_value(basis) AS basis
  FROM classified
  GROUP BY GROUPING SETS ((coalesce(offer, 'none')), ())
)
SELECT
  offer,
  flows,
  offered,
  accepted,
  cancelled,
  judged,
  saved,
  CASE WHEN judged > 0 THEN saved / judged END AS save_rate,
  CASE WHEN offered > 0 THEN accepted / offered END AS accept_rate,
  saved_followed,
  saved_churned_later,
  CASE WHEN saved_followed > 0 THEN saved_churned_later / saved_followed END AS later_churn_rate,
  basis
FROM counted
ORDER BY offer = 'All' DESC, offer = 'none', flows DESC, offer
