-- Cohort retention (docs/metrics.md#cohort-retention), from any activity source.
-- {{activity}} is the source's part (activity_orders.sql or activity_subscriptions.sql): it
-- defines bounds(data_end) and customer_periods(customer_id, period, revenue, base_revenue), one row per
-- customer and period in which the customer was active; base_revenue is the revenue pro-rated to the whole
-- period where the source has part periods (a subscription starting mid-month), else the revenue.
-- A customer's cohort is the period of their first activity. For every cohort and every period k = 0..horizon
-- after it, the customers retained (count and share of the cohort), the revenue of period k (and as a
-- share of the cohort's period-0 revenue pro-rated to the whole period: its base), and the cumulative
-- revenue per cohort customer up to k.
-- Cells whose period has not ended by the data end are flagged incomplete; the average rows (cohort NULL)
-- are weighted by cohort size and use complete cells only.
-- CTEs read more than once are MATERIALIZED: computed once instead of once per reader (2x on 50k orders).
-- Parameters:
--   $grain          'day' | 'week' | 'month' | 'quarter' | 'year'
--   $week_start     'monday' | 'sunday' (weeks only)
--   $horizon        last k shown (k = 0 is the cohort's first period)
--   $rule           'on': active in period k; 'on_or_after': active in period k or any later period
--   $segment_value  keep only customers of this segment value (NULL: everybody)
--   {{segment}}     the segment column the filter reads ('All' when none is chosen)
WITH {{activity}},
cohorts AS MATERIALIZED (
  SELECT customer_id, min(period) AS cohort FROM customer_periods GROUP BY ALL
),
activity AS MATERIALIZED (
  SELECT c.cohort, p.customer_id, datediff($grain, c.cohort, p.period) AS k, p.revenue, p.base_revenue
  FROM customer_periods p JOIN cohorts c USING (customer_id)
),
sizes AS MATERIALIZED (
  SELECT c.cohort, count(*) AS cohort_size, sum(a.base_revenue) AS revenue0
  FROM cohorts c JOIN activity a ON a.customer_id = c.customer_id AND a.k = 0
  GROUP BY ALL
),
grid AS MATERIALIZED (
  -- every cohort x k whose period has started by the data end
  SELECT s.cohort, g.k, s.cohort_size, s.revenue0, starts.period_start, starts.period_end, b.data_end
  FROM sizes s
  CROSS JOIN range(0, $horizon::BIGINT + 1) g(k)
  CROSS JOIN bounds b
  CROSS JOIN LATERAL (
    SELECT
      s.cohort + tenure_periods($grain, g.k) AS period_start,
      s.cohort + tenure_periods($grain, g.k + 1) AS period_end
  ) starts
  WHERE starts.period_start < b.data_end
),
active_on AS (
  SELECT cohort, k, count(*) AS customers, sum(revenue) AS revenue FROM activity GROUP BY ALL
),
last_period AS (
  -- for "on or after": a customer counts for every k up to their last active period
  SELECT cohort, last_k, count(*) AS n
  FROM (SELECT cohort, customer_id, max(k) AS last_k FROM activity GROUP BY ALL)
  GROUP BY ALL
),
active_after AS (
  SELECT g.cohort, g.k, sum(l.n) AS customers
  FROM grid g JOIN last_period l ON l.cohort = g.cohort AND l.last_k >= g.k
  GROUP BY ALL
),
cells AS MATERIALIZED (
  SELECT
    g.cohort,
    g.k,
    g.cohort_size,
    CASE WHEN $rule = 'on_or_after' THEN coalesce(af.customers, 0) ELSE coalesce(o.customers, 0) END AS customers,
    coalesce(o.revenue, 0) AS revenue,
    g.revenue0,
    sum(coalesce(o.revenue, 0)) OVER (PARTITION BY g.cohort ORDER BY g.k) AS cumulative_revenue,
    g.period_end <= g.data_end AS complete
  FROM grid g
  LEFT JOIN active_on o ON o.cohort = g.cohort AND o.k = g.k
  LEFT JOIN active_after af ON af.cohort = g.cohort AND af.k = g.k
)
SELECT
  cohort::DATE AS cohort,
  k,
  cohort_size,
  customers,
  customers / cohort_size AS retention,
  revenue,
  CASE WHEN revenue0 <> 0 THEN revenue / revenue0 END AS revenue_retention,
  cumulative_revenue / cohort_size AS cumulative_revenue_per_customer,
  complete,
  false AS is_average
FROM cells
UNION ALL
SELECT
  NULL AS cohort,
  k,
  sum(cohort_size) AS cohort_size,
  sum(customers) AS customers,
  sum(customers) / sum(cohort_size) AS retention,
  sum(revenue) AS revenue,
  CASE WHEN sum(revenue0) <> 0 THEN sum(revenue) / sum(revenue0) END AS revenue_retention,
  sum(cumulative_revenue) / sum(cohort_size) AS cumulative_revenue_per_customer,
  true AS complete,
  true AS is_average
FROM cells
WHERE complete
GROUP BY k
ORDER BY is_average, cohort, k
