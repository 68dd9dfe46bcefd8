-- RFM segments from orders (docs/metrics.md#rfm). {{scores}} is rfm_scores.sql: the scores per customer.
-- Per customer, as of the data end: recency = days since the last order, frequency = orders, monetary =
-- revenue. Each is scored 1-5 by quintile of its rank: score = least(5, 1 + floor(5 x percent_rank)), with
-- recency ranked so that the most recent customers score 5. Equal values get equal scores (so when many
-- customers have one order, the low frequency scores merge).
-- Named segments come from $rules, evaluated in order, the first match wins: one rule per line,
-- "name<TAB>r_min<TAB>r_max<TAB>f_min<TAB>f_max<TAB>m_min<TAB>m_max". Customers no rule matches are 'Other'.
-- One row per R x F x segment cell: customers, revenue, and the average CLV where a CLV model has been fitted
-- (table customer_clv, written by the CLV analysis; NULL before).
-- Parameters:
--   $rules   the segment rules (see above)
--   $as_of   the data end (a date; NULL: the day after the last order)
WITH {{scores}},
totals AS (
  SELECT count(*) AS customers, sum(monetary) AS revenue FROM segmented
)
SELECT
  g.segment,
  g.r_score,
  g.f_score,
  count(*) AS customers,
  count(*) / any_value(t.customers) AS customer_share,
  sum(g.monetary) AS revenue,
  sum(g.monetary) / nullif(any_value(t.revenue), 0) AS revenue_share,
  avg(g.recency_days) AS avg_recency_days,
  avg(g.frequency) AS avg_frequency,
  avg(g.monetary) AS avg_monetary,
  avg(c.clv) AS avg_clv
FROM segmented g
CROSS JOIN totals t
LEFT JOIN customer_clv c USING (customer_id)
GROUP BY g.segment, g.r_score, g.f_score
ORDER BY g.r_score DESC, g.f_score DESC
