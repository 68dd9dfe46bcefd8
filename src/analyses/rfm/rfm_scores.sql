-- RFM scores and segments per customer, the part shared by rfm.sql and rfm_customers.sql
-- (docs/metrics.md#rfm). Defines segmented(customer_key, customer_id, recency_days, frequency, monetary,
-- r_score, f_score, m_score, segment), read from the customer summary, or with an as-of date from the
-- customers' order days before it (docs/metrics.md#summaries). Parameters: $rules, $as_of as in rfm.sql.
bounds AS (
  SELECT coalesce($as_of::TIMESTAMP, (max(last_at)::DATE + 1)::TIMESTAMP) AS data_end FROM {{summary:customers}}
),
per_customer AS (
  -- every order is before the data end when it is the day after the last order: the customer summary has
  -- what is needed; with an as-of date, the customers' order days before it
  SELECT
    c.customer_key,
    c.customer_id,
    date_diff('day', c.last_at, b.data_end) AS recency_days,
    c.orders AS frequency,
    coalesce(c.revenue, 0) AS monetary
  FROM {{summary:customers}} c, bounds b
  WHERE $as_of::DATE IS NULL
  UNION ALL
  SELECT
    d.customer_key,
    any_value(c.customer_id),
    date_diff('day', max(d.last_at), any_value(b.data_end)) AS recency_days,
    sum(d.orders) AS frequency,
    coalesce(sum(d.revenue), 0) AS monetary
  FROM {{summary:days}} d
  JOIN {{summary:customers}} c USING (customer_key)
  CROSS JOIN bounds b
  WHERE $as_of::DATE IS NOT NULL AND d.day < $as_of::DATE
  GROUP BY d.customer_key
),
-- percent_rank = (customers ranked strictly before) / (customers - 1), 0 for a lone customer. Recency and
-- frequency are whole numbers with few distinct values: their ranks come from a count per value and a
-- running sum over those few rows, not from sorting every customer (RFM's cost was its three sorts);
-- monetary keeps percent_rank's sort. Both are never NULL (every order has a date; frequency counts orders).
customer_count AS (
  SELECT count(*) AS n FROM per_customer
),
recency_ranks AS (
  SELECT recency_days, (sum(c) OVER (ORDER BY recency_days DESC) - c)::DOUBLE AS before
  FROM (SELECT recency_days, count(*) AS c FROM per_customer GROUP BY recency_days)
),
frequency_ranks AS (
  SELECT frequency, (sum(c) OVER (ORDER BY frequency) - c)::DOUBLE AS before
  FROM (SELECT frequency, count(*) AS c FROM per_customer GROUP BY frequency)
),
scored AS (
  SELECT
    p.*,
    least(5, 1 + floor(5 * CASE WHEN n.n > 1 THEN r.before / (n.n - 1)::DOUBLE ELSE 0 END))::INTEGER AS r_score,
    least(5, 1 + floor(5 * CASE WHEN n.n > 1 THEN f.before / (n.n - 1)::DOUBLE ELSE 0 END))::INTEGER AS f_score,
    least(5, 1 + floor(5 * percent_rank() OVER (ORDER BY p.monetary)))::INTEGER AS m_score
  FROM per_customer p
  CROSS JOIN customer_count n
  JOIN recency_ranks r ON r.recency_days = p.recency_days
  JOIN frequency_ranks f ON f.frequency = p.frequency
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
