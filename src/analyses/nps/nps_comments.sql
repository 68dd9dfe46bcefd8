-- The comments of each NPS group (docs/metrics.md#nps), the latest first: up to 40 per group, with when,
-- the score and the customer (when linked), and how many comments the group has in all.
-- Parameters: $as_of as in nps.sql; {{segment}} the breakdown column ('All' when none).
WITH bounds AS (
  SELECT coalesce($as_of::TIMESTAMP, (max(answered_at)::DATE + 1)::TIMESTAMP) AS data_end FROM survey
),
commented AS (
  SELECT
    CASE WHEN score >= 9 THEN 'promoter' WHEN score >= 7 THEN 'passive' ELSE 'detractor' END AS nps_group,
    answered_at,
    score,
    comment,
    customer_id,
    coalesce({{segment}}, '(none)') AS segment
  FROM survey, bounds
  WHERE score IS NOT NULL AND comment IS NOT NULL AND answered_at < bounds.data_end
),
ranked AS (
  SELECT
    *,
    row_number() OVER (PARTITION BY nps_group ORDER BY answered_at DESC, comment) AS rank,
    count(*) OVER (PARTITION BY nps_group) AS comments
  FROM commented
)
SELECT nps_group, answered_at::DATE AS answered_at, score, comment, customer_id, segment, comments
FROM ranked
WHERE rank <= 40
ORDER BY nps_group, rank
