-- The canonical `customers` table from a snapshot (a churn export): each customer's tenure in periods, a
-- churned flag (Yes/No, True/False, 1/0, 是/否, Churned/Active ...) and a monthly value. Rows left out by the
-- row filter ({{where}}) are not read; rows without a customer, a tenure or a readable flag are dropped.
-- Fragments: {{source}}; {{customer_id}}, {{tenure}}, {{churned}}, {{monthly_value}}.
CREATE OR REPLACE TABLE customers AS
SELECT * FROM (
  SELECT
    {{customer_id}} AS customer_id,
    {{tenure}} AS tenure,
    {{churned}} AS churned,
    {{monthly_value}} AS monthly_value{{segments}}
  FROM {{source}}
  {{where}}
)
WHERE customer_id IS NOT NULL AND tenure IS NOT NULL AND churned IS NOT NULL
