-- Predictive CLV by decile (docs/metrics.md#predictive-clv): customers ranked by CLV and cut into ten
-- groups of (nearly) equal size, 1 = the most valuable; each decile's customers, average CLV and share of
-- the total CLV.
WITH ranked AS (
  SELECT clv, ntile(10) OVER (ORDER BY clv DESC, customer_id) AS decile
  FROM customer_clv
  WHERE clv IS NOT NULL
)
SELECT
  decile,
  count(*) AS customers,
  avg(clv) AS avg_clv,
  min(clv) AS min_clv,
  max(clv) AS max_clv,
  sum(clv) / sum(sum(clv)) OVER () AS share
FROM ranked
GROUP BY decile
ORDER BY decile
