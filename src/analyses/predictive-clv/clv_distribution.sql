-- Distribution of predictive CLV (docs/metrics.md#predictive-clv): 20 equal bins from 0 to the 99th
-- percentile of CLV; the last bin also holds the customers above it, so one extreme customer does not
-- squeeze the rest into one bar.
WITH top AS (
  SELECT greatest(quantile_cont(clv, 0.99), 1e-9) AS p99 FROM customer_clv WHERE clv IS NOT NULL
),
binned AS (
  SELECT least(floor(greatest(clv, 0) / (t.p99 / 20)), 19)::INTEGER AS bin, t.p99
  FROM customer_clv, top t
  WHERE clv IS NOT NULL
)
SELECT bin * any_value(p99) / 20 AS from_value, (bin + 1) * any_value(p99) / 20 AS to_value, count(*) AS customers
FROM binned
GROUP BY bin
ORDER BY bin
