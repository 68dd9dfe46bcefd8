-- The canonical `subscriptions` table: one row per subscription (or per period of one plan and MRR), with
-- its start, its end (NULL: still running), its monthly recurring revenue, plan and cancellation reason.
-- Rows left out by the row filter ({{where}}) are not read; rows without a customer or a start are dropped.
-- Fragments: {{source}}; {{customer_id}}, {{started_at}}, {{ended_at}}, {{mrr}}, {{plan}}, {{reason}}.
CREATE OR REPLACE TABLE subscriptions AS
SELECT * FROM (
  SELECT
    {{customer_id}} AS customer_id,
    {{started_at}} AS started_at,
    {{ended_at}} AS ended_at,
    {{mrr}} AS mrr,
    {{plan}} AS plan,
    {{reason}} AS cancellation_reason{{segments}}
  FROM {{source}}
  {{where}}
)
WHERE customer_id IS NOT NULL AND started_at IS NOT NULL
