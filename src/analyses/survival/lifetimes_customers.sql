-- Lifetimes from a customer snapshot (survival.sql): tenure (in periods) is the lifetime, the churned flag
-- says whether it ended; customers not churned are censored at their tenure.
-- Parameters: {{segment}} the breakdown column ('All' when none).
lifetimes_t AS (
  SELECT {{segment}} AS segment, floor(tenure)::INTEGER AS t, churned AS ended
  FROM customers
  WHERE tenure >= 0
)
