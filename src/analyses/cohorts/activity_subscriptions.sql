-- Activity for cohort retention from subscriptions: a customer is active in a period when one of their
-- subscriptions covers some instant of it (started_at <= instant < ended_at; no end: still running).
-- The period's revenue is the revenue earned in it: each subscription's MRR times the share of a month
-- (365.25 / 12 days) it covered in that period. A subscription that starts inside a period earns only part
-- of it, so its first period's revenue is also given pro-rated to the whole period (base_revenue: the
-- revenue it would have earned over the period at the rate it kept from its start): revenue retention is
-- measured against that, not against a part month (which made month 1 read 178%). The data end is $as_of,
-- or midnight after the last start or end in the data.
-- The cells are counted here from customer_periods: a customer's cohort is their first period, and each
-- counts in the cell of every period they were active in and, as `ended`, in that of their last one.
-- Parameters: $grain, $week_start, $segment_value and {{segment}} as in cohort_retention.sql; $as_of.
bounds AS (
  SELECT coalesce($as_of::TIMESTAMP, (greatest(max(started_at), max(ended_at))::DATE + 1)::TIMESTAMP) AS data_end
  FROM subscriptions
),
spans AS (
  -- each subscription's covered interval, cut at the data end
  SELECT
    s.customer_id,
    s.mrr,
    s.started_at AS span_start,
    least(coalesce(s.ended_at, b.data_end), b.data_end) AS span_end,
    tenure_period_start($grain, $week_start, s.started_at) AS first_period,
    tenure_periods($grain, 1) AS step
  FROM subscriptions s, bounds b
  WHERE ($segment_value::VARCHAR IS NULL OR {{segment}} = $segment_value::VARCHAR)
),
covered AS (
  -- one row per subscription and period it touches
  SELECT customer_id, mrr, span_start, span_end, period, period + step AS period_end
  FROM spans, unnest(generate_series(first_period, span_end - INTERVAL 1 MICROSECOND, step)) p(period)
  WHERE span_end > span_start
),
customer_periods AS MATERIALIZED (
  SELECT
    customer_id,
    period,
    sum(
      mrr * (epoch(least(span_end, period_end)) - epoch(greatest(span_start, period))) / (86400 * 365.25 / 12)
    ) AS revenue,
    -- covered share of the time from the start (or the period start) to the period end, times the period
    sum(
      mrr * (epoch(least(span_end, period_end)) - epoch(greatest(span_start, period)))
        / (epoch(period_end) - epoch(greatest(span_start, period)))
        * (epoch(period_end) - epoch(period)) / (86400 * 365.25 / 12)
    ) AS base_revenue
  FROM covered
  GROUP BY ALL
),
cohorts AS MATERIALIZED (
  SELECT customer_id, min(period) AS cohort FROM customer_periods GROUP BY ALL
),
activity AS MATERIALIZED (
  SELECT c.cohort, p.customer_id, datediff($grain, c.cohort, p.period) AS k, p.revenue, p.base_revenue
  FROM customer_periods p JOIN cohorts c USING (customer_id)
),
cells AS MATERIALIZED (
  SELECT
    a.cohort,
    a.k,
    count(*) AS customers,
    sum(a.revenue) AS revenue,
    sum(a.base_revenue) AS base_revenue,
    count(*) FILTER (WHERE a.k = l.last_k) AS ended
  FROM activity a
  JOIN (SELECT customer_id, max(k) AS last_k FROM activity GROUP BY ALL) l USING (customer_id)
  GROUP BY ALL
)
