-- Period arithmetic the analyses share, created once when the engine starts (src/worker/main.ts, and the
-- Node tests' engine): written here once instead of in every analysis that needs it.
--
-- tenure_period_start(grain, week_start, ts): the start of the period of `grain` ('day', 'week', 'month',
--   'quarter', 'year') that holds `ts`. Weeks start on Monday, or on Sunday when week_start = 'sunday'.
CREATE OR REPLACE MACRO tenure_period_start(grain, week_start, ts) AS
  CASE
    WHEN grain = 'week' AND week_start = 'sunday' THEN date_trunc('week', ts + INTERVAL 1 DAY) - INTERVAL 1 DAY
    WHEN grain IN ('day', 'week', 'month', 'quarter', 'year') THEN date_trunc(grain, ts)
    ELSE error(concat('Unknown period grain: ', grain))
  END;

-- tenure_periods(grain, k): k periods of `grain` as an interval (a week is 7 days, a quarter 3 months).
CREATE OR REPLACE MACRO tenure_periods(grain, k) AS
  CASE grain
    WHEN 'day' THEN to_days(k::INTEGER)
    WHEN 'week' THEN to_days(7 * k::INTEGER)
    WHEN 'month' THEN to_months(k::INTEGER)
    WHEN 'quarter' THEN to_months(3 * k::INTEGER)
    WHEN 'year' THEN to_years(k::INTEGER)
    ELSE error(concat('Unknown period grain: ', grain))
  END;
