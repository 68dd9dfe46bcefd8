-- Predictive CLV per customer (docs/metrics.md#predictive-clv), most valuable first: the model inputs
-- (frequency x, recency t_x, age T, mean repeat spend) and outputs (P(alive), expected purchases over the
-- horizon, expected spend per purchase, CLV), from the table customer_clv that the fit writes.
-- Customers the spend model cannot use (no repeat purchase with positive spend) get the population mean
-- spend; customers with non-positive spend are listed by the fit and have no CLV.
SELECT
  customer_id,
  frequency,
  recency,
  age,
  monetary_value,
  p_alive,
  expected_purchases,
  expected_spend,
  clv,
  holdout_purchases,
  predicted_holdout
FROM customer_clv
ORDER BY clv DESC NULLS LAST, customer_id
