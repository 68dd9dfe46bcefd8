-- Churn reasons by tenure band (docs/metrics.md#churn-reasons): months from the customer's first
-- subscription to the churn, in bands (under 3 months, 3 to 12, 12 to 24, 24 and more; unknown without
-- subscriptions), per reason: churns and their share of the band's churns. {{events}}, {{classified}} as
-- in reasons.sql.
-- Parameters: $reason_rules, $currency, $as_of; {{segment}}.
WITH {{events}},
{{classified}},
counted AS (
  SELECT
    tenure_band,
    classification,
    category,
    count(*) AS churns,
    CASE classification WHEN 'rule' THEN 0 WHEN 'unclassified' THEN 1 ELSE 2 END AS kind_order
  FROM classified
  GROUP BY ALL
)
SELECT tenure_band, classification, category, churns, churns / sum(churns) OVER (PARTITION BY tenure_band) AS share
FROM counted
ORDER BY tenure_band, churns DESC, kind_order, category
