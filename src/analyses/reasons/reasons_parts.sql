-- The classification of churn events into reasons, shared by every churn-reason query
-- (docs/metrics.md#churn-reasons); spliced after the source's events part through its slot (classified).
-- $reason_rules: one rule per line, tab-separated: the reason's name, `yes` or `no` (controllable), and
-- keywords separated by `|`. An event whose reason is written exactly as a rule's name is that rule;
-- otherwise the first rule (in order) with a keyword inside the reason and comment (lower case) wins.
-- classification: 'rule' (category = the rule's name), 'unclassified' (text that no rule matches) or
-- 'noReason' (neither a reason nor a comment).
-- part: classified
rule_lines AS (
  SELECT g.i AS position, string_split(l.lines[g.i], chr(9)) AS parts
  FROM (SELECT string_split($reason_rules::VARCHAR, chr(10)) AS lines) l, generate_series(1, len(l.lines)) g(i)
  WHERE trim(l.lines[g.i]) <> ''
),
rules AS (
  SELECT
    position,
    trim(parts[1]) AS category,
    parts[2] = 'yes' AS controllable,
    list_filter(string_split(lower(coalesce(parts[3], '')), '|'), k -> trim(k) <> '') AS keywords
  FROM rule_lines
),
texts AS (
  SELECT event_id, lower(trim(reason_text)) AS reason, lower(concat_ws(' ', reason_text, comment)) AS text
  FROM events
),
matches AS (
  -- a rule named as the reason is written comes first, then the rules in order
  SELECT event_id, arg_min(category, rank) AS category, arg_min(controllable, rank) AS controllable
  FROM (
    SELECT
      t.event_id,
      r.category,
      r.controllable,
      CASE WHEN t.reason = lower(r.category) THEN 0 ELSE r.position END AS rank
    FROM texts t
    JOIN rules r ON t.reason = lower(r.category) OR len(list_filter(r.keywords, k -> contains(t.text, k))) > 0
  )
  GROUP BY event_id
),
classified AS (
  SELECT
    e.*,
    m.category,
    m.controllable,
    CASE
      WHEN m.category IS NOT NULL THEN 'rule'
      WHEN e.reason_text IS NULL AND e.comment IS NULL THEN 'noReason'
      ELSE 'unclassified'
    END AS classification,
    CASE
      WHEN e.tenure_months IS NULL THEN 'unknown'
      WHEN e.tenure_months < 3 THEN 'under3m'
      WHEN e.tenure_months < 12 THEN 'under1y'
      WHEN e.tenure_months < 24 THEN 'under2y'
      ELSE 'over2y'
    END AS tenure_band
  FROM events e
  LEFT JOIN matches m USING (event_id)
)
