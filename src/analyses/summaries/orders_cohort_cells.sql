-- Summary of the canonical orders for cohort retention: one row per segment value, cohort and period k after
-- it, at one grain and week start (docs/metrics.md#summaries), counted from the customer days ({{days}}):
--   customers  customers of the cohort with an order in period k (each customer once: on their first day of
--              the period)
--   revenue    the revenue of their orders in period k
--   ended      customers of the cohort whose last period with an order is k
-- k stops at 121: periods further out are counted together there (the horizon is at most 120, and a
-- customer whose last period is 121 or later counts as retained "on or after" every k up to 120).
-- Periods are numbered by tenure_period_index (macros.sql), so no date is truncated per order.
--   data_end   midnight after the last order of any customer (of any segment value), the same on every row:
--              kept here so that a cohort query does not scan the customers for it
-- Parameters: $grain, $week_start (as in cohort_retention.sql).
WITH bounds AS (
  SELECT (max(last_at)::DATE + 1)::TIMESTAMP AS data_end FROM {{customers}}
),
numbered AS (
  SELECT
    segment_value,
    revenue,
    next_day IS NULL AS final,
    tenure_period_index($grain, $week_start, day) AS period,
    tenure_period_index($grain, $week_start, prev_day) AS prev_period,
    tenure_period_index($grain, $week_start, first_day) AS cohort
  FROM {{days}}
)
SELECT
  segment_value,
  tenure_period_from_index($grain, $week_start, cohort) AS cohort,
  least(period - cohort, 121)::INTEGER AS k,
  sum((prev_period IS NULL OR prev_period <> period)::INTEGER)::BIGINT AS customers,
  coalesce(sum(revenue), 0) AS revenue,
  sum(final::INTEGER)::BIGINT AS ended,
  any_value(bounds.data_end) AS data_end
FROM numbered, bounds
GROUP BY segment_value, cohort, k
