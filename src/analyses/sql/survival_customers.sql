-- Customer lifetimes for Kaplan-Meier survival, from a customer snapshot (docs/metrics.md#survival):
-- tenure (in periods) is the lifetime, the churned flag says whether it ended; customers not churned are
-- censored at their tenure. Counts per (segment, t, ended); src/models/kaplan-meier.ts does the rest.
-- Parameters: {{segment}} the breakdown column ('All' when none).
SELECT
  {{segment}} AS segment,
  floor(tenure)::INTEGER AS t,
  churned AS ended,
  count(*) AS customers
FROM customers
WHERE tenure >= 0
GROUP BY ALL
ORDER BY segment, t, ended
