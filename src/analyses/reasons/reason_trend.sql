-- Churn reasons by quarter (docs/metrics.md#churn-reasons): per quarter of the churn and reason, the churns
-- and their share of the quarter's churns. {{events}}, {{classified}} as in reasons.sql.
-- Parameters: $reason_rules, $currency, $as_of; {{segment}}.
WITH {{events}},
{{classified}},
counted AS (
  SELECT
    date_trunc('quarter', churned_at)::DATE AS quarter,
    classification,
    category,
    count(*) AS churns,
    CASE classification WHEN 'rule' THEN 0 WHEN 'unclassified' THEN 1 ELSE 2 END AS kind_order
  FROM classified
  GROUP BY ALL
)
SELECT quarter, classification, category, churns, churns / sum(churns) OVER (PARTITION BY quarter) AS share
FROM counted
ORDER BY quarter, churns DESC, kind_order, category
