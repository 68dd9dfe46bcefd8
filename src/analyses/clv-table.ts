// customer_clv: the per-customer output of the predictive CLV model, written into the engine by the CLV
// analysis so that other analyses (RFM) can join it. Empty (re)created whenever the orders mapping changes,
// so a stale fit never survives a new mapping.
export const EMPTY_CUSTOMER_CLV = `CREATE OR REPLACE TABLE customer_clv (
  customer_id VARCHAR,
  p_alive DOUBLE,
  expected_purchases DOUBLE,
  expected_spend DOUBLE,
  clv DOUBLE
)`;
