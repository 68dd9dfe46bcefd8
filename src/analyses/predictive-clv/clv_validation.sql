-- Holdout validation of the purchase model (docs/metrics.md#predictive-clv): the check's customers (those
-- who bought by its calibration end) grouped by their repeat purchases in calibration (x = 0, 1, ...,
-- $max_frequency or more), the average number of purchases each group actually made in the holdout period
-- and the average the check's model predicted for it.
-- Parameters: $max_frequency, the last group (default 7: "7+").
SELECT
  least(calibration_frequency, $max_frequency::INTEGER)::INTEGER AS frequency,
  count(*) AS customers,
  avg(holdout_purchases) AS actual,
  avg(predicted_holdout) AS predicted
FROM customer_clv
WHERE calibration_frequency IS NOT NULL
GROUP BY ALL
ORDER BY frequency
