-- The rows of a subscriptions export, read through the mapping: one subscription (or one period of one
-- plan and MRR), or one invoice or billing period, per row, in file order, with why it is left out
-- (tenure_drop, NULL when kept) and the text that shows why (tenure_example): a totals row, an exact
-- duplicate, an excluded status, no customer, no start or one that does not read, or an end date that is
-- written but does not read (it would make the subscription look active for ever).
-- How the MRR is read: the MRR column as it is; otherwise the amount per billing period / the months in
-- one billing period. Months come from the billing interval (times its count); for invoice rows without
-- one, from the period's length: whole months when it is 26 days or longer (a 31-day January is one
-- month), else days / (365.25 / 12). An invoice row without an end covers one interval from its start
-- (period_end). Rows whose MRR cannot be read (an interval Tenure does not know) are kept, without MRR:
-- revenue retention counts them.
-- Fragments: {{source}}; {{line}}; {{customer_id}}, {{started_at}}, {{raw_start}}, {{ended_at}},
-- {{raw_end}}, {{mrr}}, {{plan}}, {{reason}}, {{currency}}, {{amount}}, {{billing_months}},
-- {{billing_interval}}, {{billing_period}} (true when rows are billing periods), {{excluded}},
-- {{excluded_value}}, {{totals_row}}, {{duplicate}}; {{segments}}.
SELECT
  *,
  CASE
    WHEN is_totals_row THEN 'totalsRow'
    WHEN is_duplicate THEN 'duplicate'
    WHEN excluded THEN 'excluded'
    WHEN customer_id IS NULL THEN 'noCustomer'
    WHEN raw_start IS NULL THEN 'noDate'
    WHEN started_at IS NULL THEN 'badDate'
    WHEN raw_end IS NOT NULL AND ended_at IS NULL THEN 'badEndDate'
    WHEN NOT {{sampled}} THEN 'notSampled'
  END AS tenure_drop,
  CASE
    WHEN excluded THEN excluded_value
    WHEN raw_start IS NOT NULL AND started_at IS NULL THEN raw_start
    WHEN raw_end IS NOT NULL AND ended_at IS NULL THEN raw_end
    ELSE tenure_text
  END AS tenure_example
FROM (
  SELECT
    *,
    CASE
      WHEN NOT billing_period OR ended_at IS NOT NULL OR billing_months IS NULL THEN ended_at
      WHEN billing_months = round(billing_months) THEN started_at + to_months(billing_months::INTEGER)
      ELSE started_at + to_days(round(billing_months * 365.25 / 12)::INTEGER)
    END AS period_end,
    coalesce(mrr, amount / nullif(billing_months, 0)) AS monthly
  FROM (
    SELECT
      * REPLACE (
        coalesce(
          billing_months,
          CASE WHEN billing_period AND ended_at > started_at THEN
            CASE WHEN datediff('day', started_at, ended_at) >= 26
              THEN round(datediff('day', started_at, ended_at) / (365.25 / 12))
              ELSE datediff('day', started_at, ended_at) / (365.25 / 12)
            END
          END
        ) AS billing_months
      )
    FROM (
      SELECT
        {{line}} AS tenure_line,
        {{customer_id}} AS customer_id,
        {{started_at}} AS started_at,
        {{raw_start}} AS raw_start,
        {{ended_at}} AS ended_at,
        {{raw_end}} AS raw_end,
        {{mrr}} AS mrr,
        {{plan}} AS plan,
        {{reason}} AS cancellation_reason,
        {{currency}} AS currency,
        {{amount}} AS amount,
        {{billing_months}} AS billing_months,
        {{billing_interval}} AS billing_interval,
        {{billing_period}} AS billing_period,
        {{excluded}} AS excluded,
        {{excluded_value}} AS excluded_value,
        {{totals_row}} AS is_totals_row,
        {{duplicate}} AS is_duplicate,
        {{row_hash}} AS tenure_hash,
        NULL::VARCHAR AS tenure_text{{segments}}
      FROM {{source}}
    )
  )
)
