-- Revenue retention from subscriptions (docs/metrics.md#revenue-retention): per complete month, the MRR at
-- its start and end and the movements between them, with the rates built on them. {{monthly_mrr}} and
-- {{movements}} are the parts of mrr_parts.sql (customer MRR at each month's end; each customer's movement).
-- Per month m:
--   start = end of m - 1; new, reactivation: end MRR of customers new or back; expansion, contraction: the
--   netted change of customers paying in both months, at constant exchange rates; churned: start MRR of
--   customers at zero at the end; fx: exchange-rate drift. start + new + reactivation + expansion
--   - contraction - churned + fx = end (difference: what is left, shown as a check).
--   NRR = (start + expansion - contraction - churned) / start; GRR = (start - contraction - churned) / start
--   (reactivation is not in NRR: those customers started the month at zero; fx is left out).
--   Trailing 12 months (the cohort method): the customers paying at the end of m - 12, their MRR at the end
--   of m / their MRR then, at the rates of then (NRR); for GRR each customer's MRR now is capped at then.
--   Quick ratio = (new + reactivation + expansion) / (contraction + churned), NULL when nothing was lost.
--   Logo churn = churned customers / customers at the start; revenue churn = (contraction + churned) /
--   start; ARPA = end MRR / customers paying at the end.
-- Parameters: $as_of, $currency, $rates, $segment_value and {{segment}} as in mrr_parts.sql.
WITH {{monthly_mrr}},
{{movements}},
per_month AS (
  SELECT
    m.month,
    coalesce(sum(v.start_mrr), 0) AS start_mrr,
    coalesce(sum(v.end_mrr) FILTER (WHERE v.movement = 'new'), 0) AS new_mrr,
    coalesce(sum(v.end_mrr) FILTER (WHERE v.movement = 'reactivation'), 0) AS reactivation_mrr,
    coalesce(sum(v.change) FILTER (WHERE v.movement = 'expansion'), 0) AS expansion_mrr,
    coalesce(-sum(v.change) FILTER (WHERE v.movement = 'contraction'), 0) AS contraction_mrr,
    coalesce(sum(v.start_mrr) FILTER (WHERE v.movement = 'churned'), 0) AS churned_mrr,
    coalesce(sum(v.fx), 0) AS fx_mrr,
    coalesce(sum(v.end_mrr), 0) AS end_mrr,
    count(v.customer_id) FILTER (WHERE v.start_mrr > 0) AS start_customers,
    count(v.customer_id) FILTER (WHERE v.movement = 'new') AS new_customers,
    count(v.customer_id) FILTER (WHERE v.movement = 'reactivation') AS reactivated_customers,
    count(v.customer_id) FILTER (WHERE v.movement = 'expansion') AS expansion_customers,
    count(v.customer_id) FILTER (WHERE v.movement = 'contraction') AS contraction_customers,
    count(v.customer_id) FILTER (WHERE v.movement = 'churned') AS churned_customers,
    count(v.customer_id) FILTER (WHERE v.end_mrr > 0) AS end_customers
  FROM months m
  LEFT JOIN movements v ON v.month = m.month
  GROUP BY m.month
),
now_at_then_rates AS (
  -- each customer's MRR at the end of m, at the rates of m - 12
  SELECT n.customer_id, n.month, sum(n.mrr * r.rate) AS mrr
  FROM native n
  JOIN month_rates r ON r.currency = n.currency AND r.month = n.month - INTERVAL 12 MONTH
  WHERE r.rate IS NOT NULL
  GROUP BY ALL
),
trailing_year AS (
  SELECT
    m.month,
    sum(t.mrr) AS base_mrr,
    sum(greatest(coalesce(n.mrr, 0), 0)) AS now_mrr,
    sum(least(greatest(coalesce(n.mrr, 0), 0), t.mrr)) AS now_capped_mrr
  FROM months m
  JOIN customer_months t ON t.month = m.month - INTERVAL 12 MONTH
  LEFT JOIN now_at_then_rates n ON n.customer_id = t.customer_id AND n.month = m.month
  GROUP BY m.month
)
SELECT
  p.month::DATE AS month,
  p.start_mrr,
  p.new_mrr,
  p.reactivation_mrr,
  p.expansion_mrr,
  p.contraction_mrr,
  p.churned_mrr,
  p.fx_mrr,
  p.end_mrr,
  p.end_mrr - (p.start_mrr + p.new_mrr + p.reactivation_mrr + p.expansion_mrr - p.contraction_mrr
    - p.churned_mrr + p.fx_mrr) AS difference,
  p.start_customers,
  p.new_customers,
  p.reactivated_customers,
  p.expansion_customers,
  p.contraction_customers,
  p.churned_customers,
  p.end_customers,
  CASE WHEN p.start_mrr > 0
    THEN (p.start_mrr + p.expansion_mrr - p.contraction_mrr - p.churned_mrr) / p.start_mrr END AS nrr,
  CASE WHEN p.start_mrr > 0 THEN (p.start_mrr - p.contraction_mrr - p.churned_mrr) / p.start_mrr END AS grr,
  CASE WHEN t.base_mrr > 0 THEN t.now_mrr / t.base_mrr END AS nrr_12m,
  CASE WHEN t.base_mrr > 0 THEN t.now_capped_mrr / t.base_mrr END AS grr_12m,
  CASE WHEN p.contraction_mrr + p.churned_mrr > 0
    THEN (p.new_mrr + p.reactivation_mrr + p.expansion_mrr) / (p.contraction_mrr + p.churned_mrr) END AS quick_ratio,
  CASE WHEN p.start_customers > 0 THEN p.churned_customers / p.start_customers END AS logo_churn,
  CASE WHEN p.start_mrr > 0 THEN (p.contraction_mrr + p.churned_mrr) / p.start_mrr END AS revenue_churn,
  CASE WHEN p.end_customers > 0 THEN p.end_mrr / p.end_customers END AS arpa
FROM per_month p
LEFT JOIN trailing_year t USING (month)
ORDER BY p.month
