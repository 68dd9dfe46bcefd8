-- Monthly MRR per customer, and each customer's movement from one month to the next: the parts every
-- revenue retention query shares (docs/metrics.md#revenue-retention). Spliced into revenue_retention.sql,
-- revenue_cohorts.sql, revenue_inputs.sql and revenue_customers.sql through their slots of the same
-- names (monthly_mrr, movements).
-- MRR of a customer in a month: a month-end snapshot, the sum of the MRR of every subscription that covers
-- the last instant of the month (started before the month's end, ended at or after it; overlapping
-- subscriptions add up). An end on or after the data end is still open. Only complete months are read
-- (the month's end at or before the data end). A customer at zero (or below: credits) has no row.
-- Currencies: each subscription's MRR is converted to the reporting currency at the rate of the month;
-- subscriptions in a currency without a rate are left out (revenue_inputs.sql lists them, and the page
-- says so); rows without a currency are taken to be in the reporting currency.
-- Parameters:
--   $as_of          the data end (NULL: midnight after the last start, or the last end of a subscription;
--                   the ends of invoice periods are not events: a paid-up period running past the last
--                   invoice is not a churn)
--   $currency       the reporting currency ('' : the currency of the most subscriptions)
--   $rates          rates to the reporting currency, one per line: `EUR 1.08` (every month) or
--                   `EUR 2024-03 1.07` (from that month until the next dated rate; before the first one,
--                   the undated rate, else the first dated one)
--   $segment_value  keep only subscriptions of this segment value (NULL: all)
--   {{segment}}     the segment column the filter reads ('All' when none is chosen)
-- part: monthly_mrr
bounds AS (
  SELECT
    coalesce(
      $as_of::TIMESTAMP,
      (greatest(max(started_at), max(ended_at) FILTER (WHERE NOT billing_period))::DATE + 1)::TIMESTAMP
    ) AS data_end,
    date_trunc('month', min(started_at)) AS first_month
  FROM subscriptions
),
months AS (
  SELECT g.month, g.month + INTERVAL 1 MONTH AS month_end
  FROM bounds b, generate_series(b.first_month, b.data_end, INTERVAL 1 MONTH) g(month)
  WHERE g.month + INTERVAL 1 MONTH <= b.data_end
),
rate_lines AS (
  SELECT
    upper(parts[1]) AS currency,
    CASE WHEN len(parts) = 3 THEN strptime(parts[2], '%Y-%m') END AS from_month,
    parts[len(parts)]::DOUBLE AS rate
  FROM (
    SELECT string_split_regex(trim(line), '[\s;=:]+') AS parts
    FROM unnest(string_split(coalesce($rates::VARCHAR, ''), chr(10))) t(line)
    WHERE trim(line) <> '' AND NOT starts_with(trim(line), '#')
  )
),
reporting AS (
  SELECT coalesce(
    NULLIF(upper(trim($currency::VARCHAR)), ''),
    (SELECT coalesce(currency, '') FROM subscriptions GROUP BY ALL ORDER BY count(*) DESC, 1 LIMIT 1),
    ''
  ) AS currency
),
month_rates AS (
  -- 1 for the reporting currency and for rows without one; NULL when no rate was given (left out)
  SELECT
    m.month,
    c.currency,
    CASE WHEN c.currency = '' OR c.currency = r.currency THEN 1.0 ELSE coalesce(
      (SELECT max_by(l.rate, l.from_month) FROM rate_lines l WHERE l.currency = c.currency AND l.from_month <= m.month),
      (SELECT any_value(l.rate) FROM rate_lines l WHERE l.currency = c.currency AND l.from_month IS NULL),
      (SELECT min_by(l.rate, l.from_month) FROM rate_lines l WHERE l.currency = c.currency)
    ) END AS rate
  FROM months m
  CROSS JOIN (SELECT DISTINCT coalesce(currency, '') AS currency FROM subscriptions) c
  CROSS JOIN reporting r
),
spans AS (
  -- the first and last month whose last instant each subscription covers
  SELECT
    s.customer_id,
    coalesce(s.currency, '') AS currency,
    s.mrr,
    date_trunc('month', s.started_at) AS first_covered,
    date_trunc('month', least(coalesce(s.ended_at, b.data_end), b.data_end) - INTERVAL 1 MONTH) AS last_covered
  FROM subscriptions s, bounds b
  WHERE s.mrr IS NOT NULL AND ($segment_value::VARCHAR IS NULL OR {{segment}} = $segment_value::VARCHAR)
),
native AS MATERIALIZED (
  -- MRR per customer, currency and month, as written
  SELECT customer_id, currency, g.month, sum(mrr) AS mrr
  FROM spans, unnest(generate_series(first_covered, last_covered, INTERVAL 1 MONTH)) g(month)
  GROUP BY ALL
),
customer_months AS MATERIALIZED (
  -- in the reporting currency at the month's rates, and at the previous month's (the difference is
  -- exchange-rate drift, never an expansion or a contraction)
  SELECT
    n.customer_id,
    n.month,
    sum(n.mrr * r.rate) AS mrr,
    sum(n.mrr * coalesce(p.rate, r.rate)) AS mrr_at_last_rates
  FROM native n
  JOIN month_rates r ON r.month = n.month AND r.currency = n.currency
  LEFT JOIN month_rates p ON p.month = n.month - INTERVAL 1 MONTH AND p.currency = n.currency
  WHERE r.rate IS NOT NULL
  GROUP BY ALL
  HAVING sum(n.mrr * r.rate) > 0
)
-- part: movements
firsts AS (
  SELECT customer_id, min(month) AS first_month FROM customer_months GROUP BY ALL
),
changes AS (
  SELECT
    coalesce(c.customer_id, p.customer_id) AS customer_id,
    coalesce(c.month, p.month + INTERVAL 1 MONTH) AS month,
    coalesce(p.mrr, 0) AS start_mrr,
    coalesce(c.mrr, 0) AS end_mrr,
    coalesce(c.mrr_at_last_rates, 0) AS end_at_start_rates
  FROM customer_months c
  FULL JOIN customer_months p ON p.customer_id = c.customer_id AND p.month = c.month - INTERVAL 1 MONTH
),
movements AS MATERIALIZED (
  -- one row per customer and month with MRR at its start or its end, netted per customer: new (first MRR
  -- ever), reactivation (MRR again after at least one month at zero), churned (MRR to zero), expansion or
  -- contraction (the change at constant exchange rates, rounded to 1e-6 so that float noise is no change),
  -- unchanged; fx: the exchange-rate drift of a customer paying in both months
  SELECT
    ch.customer_id,
    ch.month,
    ch.start_mrr,
    ch.end_mrr,
    CASE
      WHEN ch.start_mrr = 0 AND ch.month = f.first_month THEN 'new'
      WHEN ch.start_mrr = 0 THEN 'reactivation'
      WHEN ch.end_mrr = 0 THEN 'churned'
      WHEN round(ch.end_at_start_rates - ch.start_mrr, 6) > 0 THEN 'expansion'
      WHEN round(ch.end_at_start_rates - ch.start_mrr, 6) < 0 THEN 'contraction'
      ELSE 'unchanged'
    END AS movement,
    CASE WHEN ch.start_mrr > 0 AND ch.end_mrr > 0 THEN ch.end_at_start_rates - ch.start_mrr ELSE 0 END AS change,
    CASE WHEN ch.start_mrr > 0 AND ch.end_mrr > 0 THEN ch.end_mrr - ch.end_at_start_rates ELSE 0 END AS fx
  FROM changes ch
  JOIN firsts f USING (customer_id)
  SEMI JOIN months m ON m.month = ch.month
)
