-- Per-customer summary for predictive CLV (docs/metrics.md#predictive-clv): the inputs of the BG/NBD purchase model and the
-- Gamma-Gamma spend model (src/models/), plus what each customer did in the holdout period after it. It reads
-- the customers' purchase days ({{summary:days}}: one row per customer and day with an order, its spend
-- summed, the customer's previous day) and the customers ({{summary:customers}}: their ids and keys), not
-- the orders (docs/metrics.md#summaries).
-- The conventions are those under which Fader, Hardie & Lee's CDNOW figures are reproduced
-- (sample-data/README.md, cdnow.csv):
--   * a customer's orders on the same day are one transaction, their spend summed;
--   * the calibration period is every order dated on or before $calibration_end; customers whose first
--     purchase is later are not in the calibration sample and are left out;
--   * frequency (x)      = distinct purchase days in calibration - 1 (repeat transactions);
--   * recency (t_x)      = (last - first purchase day in calibration) in days / $time_unit_days;
--   * age (T)            = ($calibration_end - first purchase day) in days / $time_unit_days. The end of the
--                          calibration is the date itself, not the midnight after it: the published CDNOW
--                          fit counts T = (1997-09-30 - first purchase) / 7;
--   * monetary_value     = mean spend of the repeat transactions (first one excluded), NULL when x = 0;
--   * holdout_purchases  = distinct purchase days after $calibration_end up to $holdout_end (inclusive),
--     holdout_spend        and their summed spend (0 when none);
--   * holdout_length     = ($holdout_end - $calibration_end) in days / $time_unit_days, the same for all;
--   * customer_key       = the customer's key in the customer summary.
-- Rows come in no particular order (the fit keeps them as a table; sorting 2.5M customers doubled its cost).
-- Parameters:
--   $calibration_end  last day of the calibration period (DATE, inclusive)
--   $holdout_end      last day of the holdout period (DATE, inclusive), or NULL for the last day with an order
--   $time_unit_days   days in one time unit: 7 for weeks, 1 for days
WITH bounds AS (
  SELECT
    $calibration_end::DATE AS calibration_end,
    coalesce($holdout_end::DATE, max(day)) AS holdout_end,
    $time_unit_days::DOUBLE AS unit
  FROM {{summary:days}}
),
calibration AS (
  -- a customer's first purchase day is the one without a previous day: it is in the calibration when any is
  SELECT
    d.customer_key,
    min(d.day) AS first_purchase,
    max(d.day) AS last_purchase,
    count(*) - 1 AS frequency,
    any_value(d.revenue) FILTER (WHERE d.prev_day IS NULL) AS first_spend,
    avg(d.revenue) FILTER (WHERE d.prev_day IS NOT NULL) AS monetary_value
  FROM {{summary:days}} d, bounds b
  WHERE d.day <= b.calibration_end
  GROUP BY d.customer_key
),
holdout AS (
  SELECT d.customer_key, count(*) AS purchases, sum(d.revenue) AS spend
  FROM {{summary:days}} d, bounds b
  WHERE d.day > b.calibration_end AND d.day <= b.holdout_end
  GROUP BY d.customer_key
)
SELECT
  k.customer_id,
  c.first_purchase,
  c.last_purchase,
  c.frequency::INTEGER AS frequency,
  date_diff('day', c.first_purchase, c.last_purchase) / b.unit AS recency,
  date_diff('day', c.first_purchase, b.calibration_end) / b.unit AS age,
  c.monetary_value,
  c.first_spend,
  coalesce(h.purchases, 0)::INTEGER AS holdout_purchases,
  CASE WHEN h.customer_key IS NULL THEN 0 ELSE h.spend END AS holdout_spend,
  greatest(date_diff('day', b.calibration_end, b.holdout_end), 0) / b.unit AS holdout_length,
  c.customer_key
FROM calibration c
CROSS JOIN bounds b
JOIN {{summary:customers}} k ON k.customer_key = c.customer_key
LEFT JOIN holdout h ON h.customer_key = c.customer_key
