-- The answers by score, 0 to 10, with their NPS group (docs/metrics.md#nps), and one row with score NULL
-- for the answers whose score does not read as a whole number from 0 to 10 (left out of the NPS; the
-- first of them as written in `example`). The distribution is over every answer (no breakdown).
-- Parameters: $as_of as in nps.sql.
WITH bounds AS (
  SELECT coalesce($as_of::TIMESTAMP, (max(answered_at)::DATE + 1)::TIMESTAMP) AS data_end FROM survey
)
SELECT
  s.score,
  CASE WHEN s.score >= 9 THEN 'promoter' WHEN s.score >= 7 THEN 'passive' WHEN s.score >= 0 THEN 'detractor' END
    AS nps_group,
  count(*) AS answers,
  any_value(s.score_text) AS example
FROM survey s, bounds
WHERE s.answered_at < bounds.data_end
GROUP BY s.score
ORDER BY s.score NULLS LAST
