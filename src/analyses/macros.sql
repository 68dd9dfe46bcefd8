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

-- tenure_period_index(grain, week_start, day): the number of the period of `grain` that holds the DATE `day`,
--   counted from 0001-01-01 (a Monday): consecutive periods have consecutive numbers, so "the next period"
--   and "k periods later" are integer arithmetic (the summaries number days this way instead of truncating
--   timestamps). NULL for a NULL day.
CREATE OR REPLACE MACRO tenure_period_index(grain, week_start, day) AS
  CASE grain
    WHEN 'day' THEN day - DATE '0001-01-01'
    WHEN 'week' THEN (day - DATE '0001-01-01' + CASE WHEN week_start = 'sunday' THEN 1 ELSE 0 END) // 7
    WHEN 'month' THEN year(day) * 12 + month(day) - 1
    WHEN 'quarter' THEN year(day) * 4 + (month(day) - 1) // 3
    WHEN 'year' THEN year(day)
    ELSE error(concat('Unknown period grain: ', grain))
  END;

-- tenure_period_from_index(grain, week_start, i): the first day (a DATE) of period number `i`, the inverse of
--   tenure_period_index: tenure_period_from_index(g, w, tenure_period_index(g, w, d)) = tenure_period_start(g, w, d).
CREATE OR REPLACE MACRO tenure_period_from_index(grain, week_start, i) AS
  CASE grain
    WHEN 'day' THEN DATE '0001-01-01' + i::INTEGER
    WHEN 'week' THEN DATE '0001-01-01' + (7 * i - CASE WHEN week_start = 'sunday' THEN 1 ELSE 0 END)::INTEGER
    WHEN 'month' THEN make_date((i // 12)::BIGINT, (i % 12 + 1)::BIGINT, 1)
    WHEN 'quarter' THEN make_date((i // 4)::BIGINT, ((i % 4) * 3 + 1)::BIGINT, 1)
    WHEN 'year' THEN make_date(i::BIGINT, 1, 1)
    ELSE error(concat('Unknown period grain: ', grain))
  END;
