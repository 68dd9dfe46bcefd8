-- Distribution of days between purchases (docs/metrics.md#repeat-purchase): for every customer, the gaps
-- between consecutive purchase days (orders on the same day are one purchase), counted in bins of
-- $bin_days days. Also the median gap.
-- Parameters: $bin_days (default 30); {{segment}} a filter column with $segment_value (NULL: everybody).
WITH days AS (
  SELECT DISTINCT customer_id, ordered_at::DATE AS day
  FROM orders
  WHERE $segment_value::VARCHAR IS NULL OR {{segment}} = $segment_value::VARCHAR
),
gaps AS (
  SELECT date_diff('day', lag(day) OVER (PARTITION BY customer_id ORDER BY day), day) AS gap FROM days
)
SELECT
  (floor(gap / $bin_days::INTEGER) * $bin_days::INTEGER)::INTEGER AS from_days,
  ((floor(gap / $bin_days::INTEGER) + 1) * $bin_days::INTEGER)::INTEGER AS to_days,
  count(*) AS gaps,
  count(*) / sum(count(*)) OVER () AS share,
  any_value(median_gap) AS median_gap
FROM gaps, (SELECT median(gap) AS median_gap FROM gaps WHERE gap IS NOT NULL)
WHERE gap IS NOT NULL
GROUP BY ALL
ORDER BY from_days
