-- The cancellation flows of the cancel funnel (docs/metrics.md#cancellation-funnel), shared by its queries;
-- spliced into them before the reason classification (reasons_parts.sql) through its slot (flows).
-- One row per flow started before the data end: the offer shown (NULL: none), whether it was accepted and
-- whether the flow ended in a cancellation, as the export says; and the save, counted as Chargebee
-- Retention counts it: the customer still has a subscription $save_days days after the flow started (from
-- the subscriptions, joined by customer id). Without subscriptions the export's outcome decides (saved =
-- not cancelled), and `basis` says which. A flow whose $save_days are not over by the data end is not
-- judged yet (saved NULL).
-- Saved customers' later churn: a saved flow's customer has no subscription $later_days days after the
-- flow (without subscriptions: a later flow of theirs ended in a cancellation within $later_days); NULL
-- while that window is not over.
-- Parameters: $save_days, $later_days, $as_of (NULL: the day after the last flow, start or end);
-- {{segment}} a segment column of the cancellations ('All' when none).
-- part: flows
bounds AS (
  SELECT coalesce(
    $as_of::TIMESTAMP,
    (greatest(
      (SELECT max(cancelled_at) FROM cancellations),
      (SELECT max(started_at) FROM subscriptions),
      (SELECT max(ended_at) FROM subscriptions WHERE NOT billing_period)
    )::DATE + 1)::TIMESTAMP
  ) AS data_end
),
linked AS (
  SELECT count(*) > 0 AS by_subscriptions FROM subscriptions
),
started AS (
  SELECT
    row_number() OVER (ORDER BY c.cancelled_at, c.customer_id) AS event_id,
    c.customer_id,
    c.cancelled_at AS churned_at,
    c.reason AS reason_text,
    c.comment,
    c.offer,
    c.offer_accepted,
    c.cancelled,
    coalesce({{segment}}, '(none)') AS segment,
    c.cancelled_at + to_days($save_days::INTEGER) AS save_at,
    c.cancelled_at + to_days($later_days::INTEGER) AS later_at
  FROM cancellations c, bounds b
  WHERE c.cancelled_at < b.data_end
),
covered AS (
  SELECT
    f.event_id,
    bool_or(s.started_at <= f.save_at AND (s.ended_at IS NULL OR s.ended_at > f.save_at)) AS subscribed_at_save,
    bool_or(s.started_at <= f.later_at AND (s.ended_at IS NULL OR s.ended_at > f.later_at)) AS subscribed_later
  FROM started f
  JOIN subscriptions s ON s.customer_id = f.customer_id
  GROUP BY f.event_id
),
recancelled AS (
  -- without subscriptions: another flow of the customer that ended in a cancellation within $later_days
  SELECT f.event_id, bool_or(g.cancelled) AS cancelled_later
  FROM started f
  JOIN started g ON g.customer_id = f.customer_id AND g.churned_at > f.churned_at AND g.churned_at <= f.later_at
  GROUP BY f.event_id
),
events AS (
  SELECT
    f.*,
    NULL::BIGINT AS tenure_months,
    CASE WHEN l.by_subscriptions THEN 'subscribed' ELSE 'outcome' END AS basis,
    CASE
      WHEN l.by_subscriptions THEN CASE WHEN f.save_at <= b.data_end THEN coalesce(c.subscribed_at_save, false) END
      ELSE NOT f.cancelled
    END AS saved,
    CASE
      WHEN f.later_at > b.data_end THEN NULL
      WHEN l.by_subscriptions THEN NOT coalesce(c.subscribed_later, false)
      ELSE coalesce(r.cancelled_later, false)
    END AS churned_later
  FROM started f
  CROSS JOIN bounds b
  CROSS JOIN linked l
  LEFT JOIN covered c USING (event_id)
  LEFT JOIN recancelled r USING (event_id)
)
