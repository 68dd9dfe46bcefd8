-- Cohort retention from orders, read from the summaries (docs/metrics.md#summaries): a customer is active in
-- a period when they ordered in it; the period's revenue is the sum of those orders' amounts, which is also
-- the base of revenue retention. The cohort cells were counted once per mapping and grain from each
-- customer's order days ({{summary:cohort_cells}}); the data end is midnight after the last order (of any
-- segment), so a period that ends there is complete.
-- Parameters: $segment_value as in cohort_retention.sql (the cells of a segment filter are counted per value).
bounds AS (
  SELECT max(data_end) AS data_end FROM {{summary:cohort_cells}}
),
cells AS MATERIALIZED (
  SELECT cohort::TIMESTAMP AS cohort, k, customers, revenue, revenue AS base_revenue, ended
  FROM {{summary:cohort_cells}}
  WHERE $segment_value::VARCHAR IS NULL OR segment_value = $segment_value::VARCHAR
)
