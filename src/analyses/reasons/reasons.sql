-- Churn reasons (docs/metrics.md#churn-reasons): per reason, the churns, their share of all churns, the
-- MRR lost with them and its share, in Pareto order (most churns first) with the cumulative share of
-- churns; the reasons no rule matches are Unclassified, churns without any reason or comment are apart
-- (noReason): both always shown. With a breakdown, the same per segment value ({{has_segment}}).
-- {{events}} is the source's part (events_subscriptions.sql or events_cancellations.sql): one row per
-- churn event; {{classified}} is reasons_parts.sql: each event's reason by the rules.
-- Parameters: $reason_rules (the rules), $currency, $as_of as in the parts; {{segment}} the breakdown column.
WITH {{events}},
{{classified}},
counted AS (
  SELECT
    classification,
    category,
    controllable,
    segment,
    grouping(segment) = 1 AS all_segments,
    count(*) AS churns,
    sum(lost_mrr) AS lost_mrr,
    -- ties in Pareto order: the rules' reasons, then unclassified, then no reason
    CASE classification WHEN 'rule' THEN 0 WHEN 'unclassified' THEN 1 ELSE 2 END AS kind_order
  FROM classified
  GROUP BY GROUPING SETS ((classification, category, controllable, segment), (classification, category, controllable))
  HAVING {{has_segment}} OR grouping(segment) = 1
),
shares AS (
  SELECT
    CASE WHEN all_segments THEN 'All' ELSE segment END AS segment,
    classification,
    category,
    controllable,
    churns,
    churns / sum(churns) OVER w AS share,
    lost_mrr,
    lost_mrr / sum(lost_mrr) OVER w AS mrr_share,
    sum(churns) OVER (w ORDER BY churns DESC, kind_order, category ROWS UNBOUNDED PRECEDING)
      / sum(churns) OVER w AS cumulative_share,
    kind_order
  FROM counted
  WINDOW w AS (PARTITION BY all_segments, segment)
)
SELECT * EXCLUDE (kind_order)
FROM shares
ORDER BY segment <> 'All', segment, churns DESC, kind_order, category
