-- Cohort retention (docs/metrics.md#cohort-retention), from any activity source.
-- {{activity}} is the source's part (activity_orders.sql or activity_subscriptions.sql): it defines
-- bounds(data_end) and cells(cohort, k, customers, revenue, base_revenue, ended): for every cohort and period
-- k after it with activity, the customers active in it, their revenue, their revenue pro-rated to the whole
-- period where the source has part periods (a subscription starting mid-month; else the revenue), and the
-- customers whose last active period it is.
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
sizes AS MATERIALIZED (
  SELECT cohort, customers AS cohort_size, base_revenue AS revenue0 FROM cells WHERE k = 0
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
ended_later AS (
  -- for "on or after": customers whose last active period comes after the horizon count for every k shown
  SELECT cohort, sum(ended) AS customers FROM cells WHERE k > $horizon::BIGINT GROUP BY ALL
),
cells_shown AS (
  SELECT
    g.*,
    coalesce(c.customers, 0) AS active,
    coalesce(c.revenue, 0) AS revenue,
    -- "on or after": a customer counts for every k up to their last active period
    sum(coalesce(c.ended, 0)) OVER (PARTITION BY g.cohort ORDER BY g.k DESC) + coalesce(l.customers, 0) AS active_after
  FROM grid g
  LEFT JOIN cells c ON c.cohort = g.cohort AND c.k = g.k
  LEFT JOIN ended_later l ON l.cohort = g.cohort
),
cells_measured AS MATERIALIZED (
  SELECT
    cohort,
    k,
    cohort_size,
    CASE WHEN $rule = 'on_or_after' THEN active_after ELSE active END AS customers,
    revenue,
    revenue0,
    sum(revenue) OVER (PARTITION BY cohort ORDER BY k) AS cumulative_revenue,
    period_end <= data_end AS complete
  FROM cells_shown
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
FROM cells_measured
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
FROM cells_measured
WHERE complete
GROUP BY k
ORDER BY is_average, cohort, k
