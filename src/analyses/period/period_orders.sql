-- Period retention and churn rate from orders (docs/metrics.md#period-retention), read from the customers'
-- order days ({{summary:days}}: per value of the segment column under a segment filter).
-- A customer is active at an instant when they ordered within the inactivity window before it, an order in
-- [instant - $window_days days, instant): the instants are the period boundaries, all at midnight, so days
-- are enough. Periods are numbered (tenure_period_index); boundary i is the start of period i.
-- For each complete period i (it ends by the data end, midnight after the last order):
--   S = active at boundary i, E = active at boundary i + 1,
--   N = active at i + 1 but not at i = new (first order ever in period i) + reactivated,
--   retained = E - N, lost = S - retained, CRR = retained / S, churn rate = 1 - CRR.
-- Until W days after the first order the window reaches back before the data: those periods are the
-- warm-up (S understated), flagged and left out of averages.
-- How it counts without a row per customer and boundary: the last order day before a boundary decides
-- whether the customer is active there, and each day is that last day for the boundaries after it up to
-- its next day. So a day makes its customer active from the boundary after it up to the last boundary
-- before both its next day and the end of its window: one range per day, never two over one boundary, and
-- the active customers at each boundary are the ranges started minus the ranges ended by then. A customer
-- new at i + 1 ordered in period i: their first day in it says whether they were inactive at i, and whether
-- they are active at i + 1 is said by the first of their days in period i that lies within the window of
-- i + 1 (the same day when the window is at least a period long; else a later day, found by a join).
-- All of it is counted in one pass over the days into a tally by period and range end (a few hundred rows).
-- Parameters:
--   $grain          'week' | 'month' | 'quarter' | 'year'
--   $window_days    the inactivity window W in days (default 90)
--   $segment_value  keep only the orders of this segment value (NULL: everybody)
WITH days AS (
  SELECT
    customer_key,
    day,
    prev_day,
    tenure_period_index($grain, 'monday', day) AS i,
    tenure_period_index($grain, 'monday', prev_day) AS prev_i,
    -- the last boundary up to the next day and the end of the window: the range of boundaries at which this
    -- day keeps its customer active ends there (it starts at i + 1)
    tenure_period_index($grain, 'monday', least(day + $window_days::INTEGER, next_day)) AS last_active
  FROM {{summary:days}}
  WHERE $segment_value::VARCHAR IS NULL OR segment_value = $segment_value::VARCHAR
),
flagged AS (
  SELECT
    *,
    -- the customer's first day in period i: were they inactive at its start, and active at its end?
    prev_i IS NULL OR prev_i < i AS first_in_period,
    CASE WHEN prev_i IS NULL OR prev_i < i THEN
      prev_day IS NULL OR tenure_period_index($grain, 'monday', prev_day + $window_days::INTEGER) < i
    END AS inactive_at_start,
    CASE WHEN prev_i IS NULL OR prev_i < i THEN
      tenure_period_index($grain, 'monday', day + $window_days::INTEGER) > i
    END AS active_at_end
  FROM days
),
tally AS (
  SELECT
    i,
    last_active,
    sum((last_active > i)::INTEGER) AS ranges,
    sum((first_in_period AND inactive_at_start AND active_at_end)::INTEGER) AS arrivals,
    sum((first_in_period AND inactive_at_start AND active_at_end AND prev_day IS NULL)::INTEGER) AS new_arrivals,
    min(day) AS first_day,
    max(day) AS last_day
  FROM flagged
  GROUP BY ALL
),
late_arrivals AS (
  -- customers inactive at a period's start whose first day in it is too early to make them active at its
  -- end, but a later day in it does: only when the window is shorter than the period (the first condition
  -- spares the others)
  SELECT f.i, count(*) AS arrivals, count(*) FILTER (WHERE f.prev_day IS NULL) AS new_arrivals
  FROM (
    SELECT customer_key, tenure_period_index($grain, 'monday', day) AS i, prev_day
    FROM {{summary:days}}
    WHERE $window_days::INTEGER < CASE $grain WHEN 'week' THEN 7 WHEN 'month' THEN 31 WHEN 'quarter' THEN 92 ELSE 366 END
      AND ($segment_value::VARCHAR IS NULL OR segment_value = $segment_value::VARCHAR)
      AND (prev_day IS NULL OR tenure_period_index($grain, 'monday', prev_day) < tenure_period_index($grain, 'monday', day))
      AND (prev_day IS NULL OR tenure_period_index($grain, 'monday', prev_day + $window_days::INTEGER) < tenure_period_index($grain, 'monday', day))
      AND tenure_period_index($grain, 'monday', day + $window_days::INTEGER) <= tenure_period_index($grain, 'monday', day)
  ) f
  JOIN (
    SELECT customer_key, tenure_period_index($grain, 'monday', day) AS i
    FROM {{summary:days}}
    WHERE $window_days::INTEGER < CASE $grain WHEN 'week' THEN 7 WHEN 'month' THEN 31 WHEN 'quarter' THEN 92 ELSE 366 END
      AND ($segment_value::VARCHAR IS NULL OR segment_value = $segment_value::VARCHAR)
      AND tenure_period_index($grain, 'monday', prev_day) = tenure_period_index($grain, 'monday', day)
      AND tenure_period_index($grain, 'monday', day + $window_days::INTEGER) > tenure_period_index($grain, 'monday', day)
      AND tenure_period_index($grain, 'monday', prev_day + $window_days::INTEGER) <= tenure_period_index($grain, 'monday', day)
  ) l USING (customer_key, i)
  GROUP BY f.i
),
bounds AS (
  SELECT
    min(i) AS first_period,
    -- the data end is midnight after the last order: periods before the one that holds it are complete
    tenure_period_index($grain, 'monday', max(last_day) + 1) AS end_period,
    min(first_day) + $window_days::INTEGER AS steady_from
  FROM tally
),
periods AS (
  SELECT
    p.i,
    tenure_period_from_index($grain, 'monday', p.i) AS period,
    tenure_period_from_index($grain, 'monday', p.i) < b.steady_from AS warm_up
  FROM bounds b, range(b.first_period, b.end_period) p(i)
),
counts AS (
  SELECT
    p.period,
    p.warm_up,
    -- active at a boundary: ranges started at or before it, less those ended before it
    coalesce((SELECT sum(t.ranges) FROM tally t WHERE t.last_active > t.i AND t.i < p.i AND t.last_active >= p.i), 0)
      AS S,
    coalesce((SELECT sum(t.ranges) FROM tally t WHERE t.last_active > t.i AND t.i < p.i + 1 AND t.last_active >= p.i + 1), 0)
      AS E,
    coalesce((SELECT sum(t.arrivals) FROM tally t WHERE t.i = p.i), 0)
      + coalesce((SELECT sum(l.arrivals) FROM late_arrivals l WHERE l.i = p.i), 0) AS N,
    coalesce((SELECT sum(t.new_arrivals) FROM tally t WHERE t.i = p.i), 0)
      + coalesce((SELECT sum(l.new_arrivals) FROM late_arrivals l WHERE l.i = p.i), 0) AS new
  FROM periods p
)
SELECT
  period,
  S,
  E,
  N,
  new,
  N - new AS reactivated,
  E - N AS retained,
  S - (E - N) AS lost,
  CASE WHEN S > 0 THEN (E - N) / S END AS crr,
  CASE WHEN S > 0 THEN 1 - (E - N) / S END AS churn_rate,
  warm_up
FROM counts
ORDER BY period
