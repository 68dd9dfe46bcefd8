-- Distribution of days between purchases (docs/metrics.md#repeat-purchase): for every customer, the gaps
-- between consecutive purchase days (orders on the same day are one purchase), counted in bins of
-- $bin_days days. Also the median gap.
-- Read from the customers' order days (docs/metrics.md#summaries), which know each day's previous one; under
-- a segment filter, the days of that value's orders.
-- Parameters: $bin_days (default 30); $segment_value (NULL: everybody).
WITH gaps AS (
  SELECT date_diff('day', prev_day, day) AS gap
  FROM {{summary:days}}
  WHERE prev_day IS NOT NULL
    AND ($segment_value::VARCHAR IS NULL OR segment_value = $segment_value::VARCHAR)
)
SELECT
  (floor(gap / $bin_days::INTEGER) * $bin_days::INTEGER)::INTEGER AS from_days,
  ((floor(gap / $bin_days::INTEGER) + 1) * $bin_days::INTEGER)::INTEGER AS to_days,
  count(*) AS gaps,
  count(*) / sum(count(*)) OVER () AS share,
  any_value(median_gap) AS median_gap
FROM gaps, (SELECT median(gap) AS median_gap FROM gaps)
GROUP BY ALL
ORDER BY from_days
