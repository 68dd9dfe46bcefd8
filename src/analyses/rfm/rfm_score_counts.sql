-- How many customers got each R, F and M score, with the range of values behind it (docs/metrics.md#rfm):
-- where one score holds many equal values (most customers bought once), the scores above it stay empty,
-- and the panel says so. {{scores}} is rfm_scores.sql. Parameters: $rules, $as_of as in rfm.sql.
WITH {{scores}}
SELECT 'r' AS dimension, r_score AS score, count(*) AS customers,
       min(recency_days)::DOUBLE AS low, max(recency_days)::DOUBLE AS high
FROM segmented GROUP BY ALL
UNION ALL
SELECT 'f', f_score, count(*), min(frequency)::DOUBLE, max(frequency)::DOUBLE FROM segmented GROUP BY ALL
UNION ALL
SELECT 'm', m_score, count(*), min(monetary)::DOUBLE, max(monetary)::DOUBLE FROM segmented GROUP BY ALL
ORDER BY dimension, score
