-- What became of promoters, passives and detractors (docs/metrics.md#nps), where answers link to customers
-- of the subscriptions: per NPS group, answer by answer (a customer who answered twice counts twice):
--   linked          answers whose customer had a subscription covering the moment of the answer;
--   followed        of those, answers at least $follow_days before the data end;
--   churned         of those, answers whose customer had no subscription covering the moment
--                   $follow_days later (a return before then is not a churn);
--   churn_rate      churned / followed;
--   revenue_retention  MRR $follow_days later / MRR at the answer, summed over the followed answers in the
--                   reporting currency (the currency of the most subscriptions, or $currency);
--   mrr_at_answer   average MRR at the answer (reporting currency);
--   clv             mrr_at_answer / monthly churn, the monthly churn that compounds to churn_rate over
--                   $follow_days: 1 - (1 - churn_rate)^(30.4375 / $follow_days); NULL when nobody churned.
-- The data end is $as_of, else the day after the last answer, start or end of a subscription.
-- Parameters: $follow_days, $currency, $as_of.
WITH bounds AS (
  SELECT coalesce(
    $as_of::TIMESTAMP,
    (greatest(
      (SELECT max(answered_at) FROM survey),
      (SELECT max(started_at) FROM subscriptions),
      (SELECT max(ended_at) FROM subscriptions WHERE NOT billing_period)
    )::DATE + 1)::TIMESTAMP
  ) AS data_end
),
reporting AS (
  SELECT coalesce(
    NULLIF(upper(trim($currency::VARCHAR)), ''),
    (SELECT coalesce(currency, '') FROM subscriptions GROUP BY ALL ORDER BY count(*) DESC, 1 LIMIT 1),
    ''
  ) AS currency
),
answers AS (
  SELECT
    row_number() OVER () AS answer,
    customer_id,
    answered_at,
    answered_at + to_days($follow_days::INTEGER) AS later,
    CASE WHEN score >= 9 THEN 'promoter' WHEN score >= 7 THEN 'passive' ELSE 'detractor' END AS nps_group
  FROM survey, bounds
  WHERE score IS NOT NULL AND customer_id IS NOT NULL AND answered_at < bounds.data_end
),
per_answer AS (
  SELECT
    a.answer,
    a.nps_group,
    a.later <= any_value(b.data_end) AS followed,
    bool_or(s.started_at <= a.later AND (s.ended_at IS NULL OR s.ended_at > a.later)) AS paying_later,
    sum(s.mrr) FILTER (WHERE s.started_at <= a.answered_at AND (s.ended_at IS NULL OR s.ended_at > a.answered_at)
      AND coalesce(s.currency, '') IN ('', r.currency)) AS mrr_then,
    sum(s.mrr) FILTER (WHERE s.started_at <= a.later AND (s.ended_at IS NULL OR s.ended_at > a.later)
      AND coalesce(s.currency, '') IN ('', r.currency)) AS mrr_later
  FROM answers a
  JOIN subscriptions s ON s.customer_id = a.customer_id
  CROSS JOIN bounds b
  CROSS JOIN reporting r
  GROUP BY a.answer, a.nps_group, a.later
  -- linked: paying at the moment of the answer
  HAVING bool_or(s.started_at <= a.answered_at AND (s.ended_at IS NULL OR s.ended_at > a.answered_at))
),
groups AS (
  SELECT
    g.nps_group,
    (SELECT count(*) FROM answers x WHERE x.nps_group = g.nps_group) AS answers,
    count(p.answer) AS linked,
    count(p.answer) FILTER (WHERE p.followed) AS followed,
    count(p.answer) FILTER (WHERE p.followed AND NOT p.paying_later) AS churned,
    sum(p.mrr_then) FILTER (WHERE p.followed) AS mrr_then,
    sum(coalesce(p.mrr_later, 0)) FILTER (WHERE p.followed AND p.mrr_then IS NOT NULL) AS mrr_later,
    avg(p.mrr_then) AS mrr_at_answer
  FROM (VALUES ('promoter', 1), ('passive', 2), ('detractor', 3)) g(nps_group, position)
  LEFT JOIN per_answer p ON p.nps_group = g.nps_group
  GROUP BY g.nps_group, g.position
  ORDER BY g.position
)
SELECT
  nps_group,
  answers,
  linked,
  followed,
  churned,
  CASE WHEN followed > 0 THEN churned / followed END AS churn_rate,
  CASE WHEN mrr_then > 0 THEN mrr_later / mrr_then END AS revenue_retention,
  mrr_at_answer,
  CASE WHEN followed > 0 AND churned > 0
    THEN mrr_at_answer / (1 - (1 - churned / followed) ^ (30.4375 / $follow_days)) END AS clv,
  (SELECT currency FROM reporting) AS currency
FROM groups
