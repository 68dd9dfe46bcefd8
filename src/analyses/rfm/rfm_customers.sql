-- The customers of one RFM segment, or of one R x F cell (docs/metrics.md#rfm). {{scores}} is
-- rfm_scores.sql. Parameters: $rules, $as_of as in rfm.sql; $segment (a segment name, NULL: any);
-- $r_score, $f_score (a cell, NULL: any).
WITH {{scores}}
SELECT
  g.customer_id,
  g.segment,
  g.r_score,
  g.f_score,
  g.m_score,
  g.recency_days,
  g.frequency,
  g.monetary,
  c.clv
FROM segmented g
LEFT JOIN customer_clv c USING (customer_id)
WHERE ($segment::VARCHAR IS NULL OR g.segment = $segment::VARCHAR)
  AND ($r_score::INTEGER IS NULL OR g.r_score = $r_score::INTEGER)
  AND ($f_score::INTEGER IS NULL OR g.f_score = $f_score::INTEGER)
ORDER BY g.monetary DESC, g.customer_id
