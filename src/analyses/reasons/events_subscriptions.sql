-- Churn events from subscriptions (docs/metrics.md#churn-reasons): a customer stops paying when one of
-- their subscriptions ends (before the data end: an end on or after it is still open) and none of theirs
-- covers that instant (a same-day plan change is not a churn). The reason is the cancellation reason
-- written on the rows ending then; the lost MRR is the MRR of the subscriptions running until that
-- instant, in the reporting currency ($currency, else the currency of the most subscriptions; others are
-- left out of the MRR and counted); tenure = months from the customer's first start.
-- Parameters: $as_of (NULL: the day after the last start or end), $currency; {{segment}} the breakdown
-- column of the subscriptions ('All' when none).
-- part: events
bounds AS (
  SELECT coalesce(
    $as_of::TIMESTAMP,
    (greatest(max(started_at), max(ended_at) FILTER (WHERE NOT billing_period))::DATE + 1)::TIMESTAMP
  ) AS data_end
  FROM subscriptions
),
reporting AS (
  SELECT coalesce(
    NULLIF(upper(trim($currency::VARCHAR)), ''),
    (SELECT coalesce(currency, '') FROM subscriptions GROUP BY ALL ORDER BY count(*) DESC, 1 LIMIT 1),
    ''
  ) AS currency
),
ends AS (
  SELECT
    s.customer_id,
    s.ended_at AS churned_at,
    string_agg(DISTINCT s.cancellation_reason, '; ') AS reason_text,
    any_value(coalesce({{segment}}, '(none)')) AS segment
  FROM subscriptions s, bounds b
  WHERE s.ended_at IS NOT NULL AND s.ended_at < b.data_end
  GROUP BY s.customer_id, s.ended_at
),
around AS (
  SELECT
    e.customer_id,
    e.churned_at,
    bool_or(s.started_at <= e.churned_at AND (s.ended_at IS NULL OR s.ended_at > e.churned_at)) AS still_paying,
    sum(s.mrr) FILTER (WHERE s.started_at < e.churned_at AND s.ended_at = e.churned_at) AS mrr_all,
    sum(s.mrr) FILTER (WHERE s.started_at < e.churned_at AND s.ended_at = e.churned_at
      AND coalesce(s.currency, '') IN ('', r.currency)) AS lost_mrr,
    min(s.started_at) AS first_started
  FROM ends e
  JOIN subscriptions s ON s.customer_id = e.customer_id AND s.started_at <= e.churned_at
  CROSS JOIN reporting r
  GROUP BY e.customer_id, e.churned_at
),
events AS (
  SELECT
    row_number() OVER (ORDER BY e.churned_at, e.customer_id) AS event_id,
    e.customer_id,
    e.churned_at,
    e.reason_text,
    NULL::VARCHAR AS comment,
    e.segment,
    a.lost_mrr,
    a.mrr_all IS NOT NULL AND a.lost_mrr IS NULL AS other_currency,
    datediff('month', a.first_started, e.churned_at) AS tenure_months
  FROM ends e
  JOIN around a USING (customer_id, churned_at)
  WHERE NOT a.still_paying
)
