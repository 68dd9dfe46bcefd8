-- Per-customer summary for predictive CLV (docs/metrics.md#predictive-clv): the inputs of the BG/NBD purchase model and the
-- Gamma-Gamma spend model (src/models/), plus what each customer did in the holdout period after it.
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
--   * holdout_length     = ($holdout_end - $calibration_end) in days / $time_unit_days, the same for all.
-- Parameters:
--   $calibration_end  last day of the calibration period (DATE, inclusive)
--   $holdout_end      last day of the holdout period (DATE, inclusive), or NULL for the last day with an order
--   $time_unit_days   days in one time unit: 7 for weeks, 1 for days
WITH purchase_days AS (
  SELECT customer_id, ordered_at::DATE AS day, sum(amount) AS spend
  FROM orders
  GROUP BY customer_id, ordered_at::DATE
),
bounds AS (
  SELECT
    $calibration_end::DATE AS calibration_end,
    coalesce($holdout_end::DATE, max(day)) AS holdout_end,
    $time_unit_days::DOUBLE AS unit
  FROM purchase_days
),
calibration_days AS (
  SELECT p.customer_id, p.day, p.spend, row_number() OVER (PARTITION BY p.customer_id ORDER BY p.day) AS n
  FROM purchase_days p, bounds b
  WHERE p.day <= b.calibration_end
),
calibration AS (
  SELECT
    customer_id,
    min(day) AS first_purchase,
    max(day) AS last_purchase,
    count(*) - 1 AS frequency,
    any_value(spend) FILTER (WHERE n = 1) AS first_spend,
    avg(spend) FILTER (WHERE n > 1) AS monetary_value
  FROM calibration_days
  GROUP BY customer_id
),
holdout AS (
  SELECT p.customer_id, count(*) AS purchases, sum(p.spend) AS spend
  FROM purchase_days p, bounds b
  WHERE p.day > b.calibration_end AND p.day <= b.holdout_end
  GROUP BY p.customer_id
)
SELECT
  c.customer_id,
  c.first_purchase,
  c.last_purchase,
  c.frequency::INTEGER AS frequency,
  date_diff('day', c.first_purchase, c.last_purchase) / b.unit AS recency,
  date_diff('day', c.first_purchase, b.calibration_end) / b.unit AS age,
  c.monetary_value,
  c.first_spend,
  coalesce(h.purchases, 0)::INTEGER AS holdout_purchases,
  CASE WHEN h.customer_id IS NULL THEN 0 ELSE h.spend END AS holdout_spend,
  greatest(date_diff('day', b.calibration_end, b.holdout_end), 0) / b.unit AS holdout_length
FROM calibration c
CROSS JOIN bounds b
LEFT JOIN holdout h ON h.customer_id = c.customer_id
ORDER BY c.customer_id
