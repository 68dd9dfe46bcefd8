-- Revenue cohorts (docs/metrics.md#revenue-retention): customers grouped by the month of their first MRR;
-- for each cohort and k = 0..$horizon months later, the customers still paying and their MRR at the end of
-- month k, as a share of the cohort's MRR at the end of its first month (revenue retention; above 100%
-- when expansion outweighs churn). The first month is a month-end snapshot, so a customer who started on
-- the 20th counts with a full month's MRR (no partial first month to understate month 0). Every cell is a
-- complete month; the average row sums MRR over the cohorts that reached k (weighted by MRR).
-- {{monthly_mrr}} as in revenue_retention.sql.
-- Parameters: $as_of, $currency, $rates, $segment_value and {{segment}} as in mrr_parts.sql; $horizon.
WITH {{monthly_mrr}},
cohort_of AS (
  SELECT customer_id, min(month) AS cohort FROM customer_months GROUP BY ALL
),
cells AS (
  SELECT c.cohort, datediff('month', c.cohort, m.month) AS k, count(*) AS customers, sum(m.mrr) AS mrr
  FROM customer_months m JOIN cohort_of c USING (customer_id)
  GROUP BY ALL
),
sizes AS (
  SELECT cohort, customers AS cohort_size, mrr AS mrr0 FROM cells WHERE k = 0
),
grid AS (
  -- every cohort x k up to the horizon whose month is complete (customers at zero give no cell)
  SELECT s.cohort, g.k, s.cohort_size, s.mrr0, coalesce(c.customers, 0) AS customers, coalesce(c.mrr, 0) AS mrr
  FROM sizes s
  CROSS JOIN range(0, $horizon::BIGINT + 1) g(k)
  LEFT JOIN cells c ON c.cohort = s.cohort AND c.k = g.k
  WHERE s.cohort + to_months(g.k::INTEGER) IN (SELECT month FROM months)
)
SELECT
  cohort::DATE AS cohort,
  k,
  cohort_size,
  customers,
  customers / cohort_size AS retention,
  mrr,
  mrr / mrr0 AS revenue_retention,
  mrr / cohort_size AS mrr_per_customer,
  true AS complete,
  false AS is_average
FROM grid
UNION ALL
SELECT
  NULL AS cohort,
  k,
  sum(cohort_size) AS cohort_size,
  sum(customers) AS customers,
  sum(customers) / sum(cohort_size) AS retention,
  sum(mrr) AS mrr,
  sum(mrr) / sum(mrr0) AS revenue_retention,
  sum(mrr) / sum(cohort_size) AS mrr_per_customer,
  true AS complete,
  true AS is_average
FROM grid
GROUP BY k
ORDER BY is_average, cohort, k
