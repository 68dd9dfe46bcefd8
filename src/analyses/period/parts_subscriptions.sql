-- Period retention from subscriptions (period_retention.sql): a customer is active at an instant when one
-- of their subscriptions covers it, started_at <= instant < ended_at (no end: still running). New = first
-- subscription ever started in the period. The data end is $as_of, or midnight after the last start or end.
-- Parameters: $as_of (a date; NULL: from the data); $grain, $segment_value and {{segment}} as in
-- period_retention.sql.
-- part: scope
scoped AS (
  SELECT customer_id, started_at, ended_at
  FROM subscriptions
  WHERE $segment_value::VARCHAR IS NULL OR {{segment}} = $segment_value::VARCHAR
),
bounds AS (
  SELECT
    date_trunc($grain, min(started_at)) AS first_period,
    coalesce($as_of::TIMESTAMP, (greatest(max(started_at), max(ended_at))::DATE + 1)::TIMESTAMP) AS data_end,
    -- coverage needs no history: no warm-up
    date_trunc($grain, min(started_at)) AS steady_from
  FROM scoped
),
first_seen AS (
  SELECT customer_id, min(started_at) AS first_at FROM scoped GROUP BY ALL
)
-- part: active
active AS (
  SELECT DISTINCT i.at, s.customer_id
  FROM instants i
  JOIN scoped s ON s.started_at <= i.at AND (s.ended_at IS NULL OR s.ended_at > i.at)
)
