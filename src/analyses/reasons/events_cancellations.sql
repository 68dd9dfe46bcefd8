-- Churn events from a cancellations export (docs/metrics.md#churn-reasons): every flow that ended in a
-- cancellation (or whose outcome is unknown), before the data end. Reason and comment as written; the lost
-- MRR is the customer's MRR from the subscriptions running at the moment of the cancellation (or ending then; joined by
-- customer id), in the reporting currency ($currency, else the currency of the most subscriptions), or the
-- export's own MRR column when the customer has no subscription there; tenure = months from the
-- customer's first subscription start (unknown without subscriptions).
-- Parameters: $as_of (NULL: the day after the last cancellation), $currency; {{segment}} the breakdown
-- column of the cancellations ('All' when none).
-- part: events
bounds AS (
  SELECT coalesce($as_of::TIMESTAMP, (max(cancelled_at)::DATE + 1)::TIMESTAMP) AS data_end FROM cancellations
),
reporting AS (
  SELECT coalesce(
    NULLIF(upper(trim($currency::VARCHAR)), ''),
    (SELECT coalesce(currency, '') FROM subscriptions GROUP BY ALL ORDER BY count(*) DESC, 1 LIMIT 1),
    ''
  ) AS currency
),
flows AS (
  SELECT
    row_number() OVER (ORDER BY c.cancelled_at, c.customer_id) AS event_id,
    c.customer_id,
    c.cancelled_at AS churned_at,
    c.reason AS reason_text,
    c.comment,
    coalesce({{segment}}, '(none)') AS segment,
    c.mrr AS exported_mrr
  FROM cancellations c, bounds b
  WHERE c.cancelled IS DISTINCT FROM false AND c.cancelled_at < b.data_end
),
paying AS (
  SELECT
    f.event_id,
    sum(s.mrr) FILTER (WHERE s.ended_at IS NULL OR s.ended_at >= f.churned_at) AS mrr_all,
    sum(s.mrr) FILTER (WHERE (s.ended_at IS NULL OR s.ended_at >= f.churned_at)
      AND coalesce(s.currency, '') IN ('', r.currency)) AS mrr,
    min(s.started_at) AS first_started
  FROM flows f
  JOIN subscriptions s ON s.customer_id = f.customer_id AND s.started_at <= f.churned_at
  CROSS JOIN reporting r
  GROUP BY f.event_id
),
events AS (
  SELECT
    f.event_id,
    f.customer_id,
    f.churned_at,
    f.reason_text,
    f.comment,
    f.segment,
    CASE WHEN p.mrr_all IS NULL THEN f.exported_mrr ELSE p.mrr END AS lost_mrr,
    p.mrr_all IS NOT NULL AND p.mrr IS NULL AS other_currency,
    datediff('month', p.first_started, f.churned_at) AS tenure_months
  FROM flows f
  LEFT JOIN paying p USING (event_id)
)
