-- What revenue retention read (docs/metrics.md#revenue-retention), for the check under its charts: per
-- currency of the subscriptions, its rows, customers, rows without MRR (an interval or amount that does
-- not read), the rate used in the last complete month, and whether it is the reporting currency, converted
-- or left out (no rate given). One row per currency ('' when rows have none); reporting_currency and the
-- months read repeat on every row.
-- {{monthly_mrr}} as in revenue_retention.sql.
-- Parameters: $as_of, $currency, $rates, $segment_value and {{segment}} as in mrr_parts.sql.
WITH {{monthly_mrr}},
last_month AS (
  SELECT max(month) AS month, min(month) AS first_month, count(*) AS months FROM months
)
SELECT
  coalesce(s.currency, '') AS currency,
  any_value(r.currency) AS reporting_currency,
  count(*) AS subscriptions,
  count(DISTINCT s.customer_id) AS customers,
  count(*) FILTER (WHERE s.mrr IS NULL) AS without_mrr,
  any_value(s.billing_interval) FILTER (WHERE s.mrr IS NULL AND s.billing_interval IS NOT NULL) AS unread_interval,
  any_value(mr.rate) AS rate,
  CASE
    WHEN coalesce(s.currency, '') IN ('', any_value(r.currency)) THEN 'reporting'
    WHEN any_value(mr.rate) IS NULL THEN 'leftOut'
    ELSE 'converted'
  END AS status,
  any_value(l.first_month)::DATE AS first_month,
  any_value(l.month)::DATE AS last_month,
  any_value(l.months) AS months
FROM subscriptions s
CROSS JOIN reporting r
CROSS JOIN last_month l
LEFT JOIN month_rates mr ON mr.currency = coalesce(s.currency, '') AND mr.month = l.month
WHERE $segment_value::VARCHAR IS NULL OR {{segment}} = $segment_value::VARCHAR
GROUP BY coalesce(s.currency, '')
ORDER BY subscriptions DESC, currency
