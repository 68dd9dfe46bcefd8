-- NPS from survey answers (docs/metrics.md#nps): promoters score 9-10, passives 7-8, detractors 0-6;
-- NPS = % promoters - % detractors, an integer from -100 to 100 (rounded half away from zero).
-- Its 95% margin of error, in points: 1.96 x sqrt(Var / n) x 100 with
-- Var = p_pro + p_det - (p_pro - p_det)^2. The 95% interval uses the adjusted estimate (3 added to n,
-- 0.75 to the promoter and the detractor counts), which holds for small samples too, clamped to
-- [-100, 100]. A group with fewer than $min_answers answers has no NPS, margin or interval (too_few).
-- Rows: overall (period NULL, segment 'All'), per period, and with a breakdown per segment value and per
-- period and segment value. Answers whose score does not read as 0-10 are left out (nps_scores.sql counts
-- them). A period is complete when it ended by the data end (the day after the last answer, or $as_of).
-- {{has_segment}} is true when a breakdown column is chosen.
-- Parameters:
--   $grain        'month' | 'quarter' | 'year': the periods of NPS over time
--   $min_answers  fewer answers than this: "too few answers" instead of a number
--   $as_of        the data end (NULL: the day after the last answer)
--   {{segment}}   the breakdown column ('All' when none)
WITH bounds AS (
  SELECT coalesce($as_of::TIMESTAMP, (max(answered_at)::DATE + 1)::TIMESTAMP) AS data_end FROM survey
),
answers AS (
  SELECT
    date_trunc($grain, answered_at) AS period,
    coalesce({{segment}}, '(none)') AS segment,
    CASE WHEN score >= 9 THEN 'promoter' WHEN score >= 7 THEN 'passive' ELSE 'detractor' END AS nps_group
  FROM survey, bounds
  WHERE score IS NOT NULL AND answered_at < bounds.data_end
),
counts AS (
  SELECT
    period,
    segment,
    grouping(period) = 1 AS all_periods,
    grouping(segment) = 1 AS all_segments,
    count(*) AS answers,
    count(*) FILTER (WHERE nps_group = 'promoter') AS promoters,
    count(*) FILTER (WHERE nps_group = 'passive') AS passives,
    count(*) FILTER (WHERE nps_group = 'detractor') AS detractors
  FROM answers
  GROUP BY GROUPING SETS ((period, segment), (period), (segment), ())
  HAVING {{has_segment}} OR grouping(segment) = 1
),
shares AS (
  SELECT
    *,
    promoters / answers AS p_pro,
    detractors / answers AS p_det,
    (promoters + 0.75) / (answers + 3) AS a_pro,
    (detractors + 0.75) / (answers + 3) AS a_det,
    answers < $min_answers AS too_few
  FROM counts
)
SELECT
  CASE WHEN all_periods THEN NULL ELSE period::DATE END AS period,
  CASE WHEN all_segments THEN 'All' ELSE segment END AS segment,
  answers,
  promoters,
  passives,
  detractors,
  p_pro AS promoter_share,
  passives / answers AS passive_share,
  p_det AS detractor_share,
  too_few,
  CASE WHEN NOT too_few THEN round(100 * (p_pro - p_det))::INTEGER END AS nps,
  CASE WHEN NOT too_few THEN 100 * 1.96 * sqrt((p_pro + p_det - (p_pro - p_det) ^ 2) / answers) END AS margin,
  CASE WHEN NOT too_few THEN greatest(-100, 100 * ((a_pro - a_det)
    - 1.96 * sqrt((a_pro + a_det - (a_pro - a_det) ^ 2) / (answers + 3)))) END AS ci_low,
  CASE WHEN NOT too_few THEN least(100, 100 * ((a_pro - a_det)
    + 1.96 * sqrt((a_pro + a_det - (a_pro - a_det) ^ 2) / (answers + 3)))) END AS ci_high,
  all_periods OR period + tenure_periods($grain, 1) <= (SELECT data_end FROM bounds) AS complete
FROM shares
ORDER BY all_periods DESC, period, all_segments DESC, segment
