-- The answers behind a mark of the NPS charts (docs/metrics.md#nps): those of the period starting $period
-- (NULL: every period) and of score $score (NULL: every score), of the segment value $mark_segment when
-- the mark is one segment's (NULL: all), newest first.
-- Parameters: $grain, $as_of as in nps.sql; $period, $score, $mark_segment; {{segment}}.
WITH bounds AS (
  SELECT coalesce($as_of::TIMESTAMP, (max(answered_at)::DATE + 1)::TIMESTAMP) AS data_end FROM survey
)
SELECT
  s.customer_id,
  s.answered_at,
  s.score,
  CASE WHEN s.score >= 9 THEN 'promoter' WHEN s.score >= 7 THEN 'passive' ELSE 'detractor' END AS nps_group,
  s.comment,
  coalesce({{segment}}, '(none)') AS segment
FROM survey s, bounds
WHERE s.score IS NOT NULL
  AND s.answered_at < bounds.data_end
  AND ($period::DATE IS NULL OR date_trunc($grain, s.answered_at)::DATE = $period::DATE)
  AND ($score::INTEGER IS NULL OR s.score = $score::INTEGER)
  AND ($mark_segment::VARCHAR IS NULL OR coalesce({{segment}}, '(none)') = $mark_segment::VARCHAR)
ORDER BY s.answered_at DESC, s.customer_id
