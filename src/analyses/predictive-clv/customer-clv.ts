// customer_clv: the per-customer output of the predictive CLV model, written into the engine by the CLV
// analysis (the worker fits the models, then inserts one row per customer) so that SQL can summarise it
// (deciles, validation, top customers) and other analyses can join it (RFM's average CLV). Empty
// (re)created whenever the orders mapping changes, so a stale fit never survives a new mapping.
export const CUSTOMER_CLV_COLUMNS = [
  ['customer_id', 'VARCHAR'],
  ['frequency', 'INTEGER'],
  ['recency', 'DOUBLE'],
  ['age', 'DOUBLE'],
  ['monetary_value', 'DOUBLE'],
  ['p_alive', 'DOUBLE'],
  ['expected_purchases', 'DOUBLE'],
  ['expected_spend', 'DOUBLE'],
  ['clv', 'DOUBLE'],
  // the holdout check (a fit on the orders up to its calibration end): NULL for customers who came later
  ['calibration_frequency', 'DOUBLE'],
  ['holdout_purchases', 'DOUBLE'],
  ['predicted_holdout', 'DOUBLE'],
] as const;

export const EMPTY_CUSTOMER_CLV = `CREATE OR REPLACE TABLE customer_clv (
  ${CUSTOMER_CLV_COLUMNS.map(([name, type]) => `${name} ${type}`).join(',\n  ')}
)`;
