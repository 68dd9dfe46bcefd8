-- RFM scores and segments per customer, the part shared by rfm.sql and rfm_customers.sql
-- (docs/metrics.md#rfm). Defines segmented(customer_id, recency_days, frequency, monetary, r_score, f_score,
-- m_score, segment). Parameters: $rules, $as_of as in rfm.sql.
bounds AS (
  SELECT coalesce($as_of::TIMESTAMP, (max(ordered_at)::DATE + 1)::TIMESTAMP) AS data_end FROM orders
),
per_customer AS (
  SELECT
    o.customer_id,
    date_diff('day', max(o.ordered_at), any_value(b.data_end)) AS recency_days,
    count(*) AS frequency,
    coalesce(sum(o.amount), 0) AS monetary
  FROM orders o, bounds b
  WHERE o.ordered_at < b.data_end
  GROUP BY o.customer_id
),
scored AS (
  SELECT
    *,
    least(5, 1 + floor(5 * percent_rank() OVER (ORDER BY recency_days DESC)))::INTEGER AS r_score,
    least(5, 1 + floor(5 * percent_rank() OVER (ORDER BY frequency)))::INTEGER AS f_score,
    least(5, 1 + floor(5 * percent_rank() OVER (ORDER BY monetary)))::INTEGER AS m_score
  FROM per_customer
),
rule_lines AS (
  SELECT string_split($rules::VARCHAR, chr(10)) AS lines
),
rules AS (
  SELECT
    i AS priority,
    string_split(lines[i], chr(9)) AS f
  FROM rule_lines, range(1, len(lines) + 1) r(i)
  WHERE trim(lines[i]) <> ''
),
parsed AS (
  SELECT
    priority,
    f[1] AS name,
    f[2]::INTEGER AS r_min, f[3]::INTEGER AS r_max,
    f[4]::INTEGER AS f_min, f[5]::INTEGER AS f_max,
    f[6]::INTEGER AS m_min, f[7]::INTEGER AS m_max
  FROM rules
),
cell_segments AS (
  -- the segment of each of the 125 R x F x M score cells: the first rule that matches it
  SELECT r, f, m, arg_min(p.name, p.priority) AS segment
  FROM range(1, 6) r(r), range(1, 6) f(f), range(1, 6) m(m)
  JOIN parsed p ON r BETWEEN p.r_min AND p.r_max AND f BETWEEN p.f_min AND p.f_max AND m BETWEEN p.m_min AND p.m_max
  GROUP BY ALL
),
segmented AS (
  SELECT s.*, coalesce(c.segment, 'Other') AS segment
  FROM scored s
  LEFT JOIN cell_segments c ON c.r = s.r_score AND c.f = s.f_score AND c.m = s.m_score
)
