// Tables an analysis joins without requiring them: NPS links answers to subscriptions, churn reasons and
// the cancel funnel read MRR from them. The canonical table is made only when subscriptions are mapped, so
// mapping a survey or cancellations alone creates an empty one if there is none yet (mapping
// subscriptions later replaces it): the analysis then shows its linked figures as empty instead of failing.
// Its columns are those of the canonical subscriptions table (src/data/sources/subscriptions.ts; a test
// compares them).
export const SUBSCRIPTION_COLUMNS = [
  ['customer_id', 'VARCHAR'],
  ['started_at', 'TIMESTAMP'],
  ['ended_at', 'TIMESTAMP'],
  ['mrr', 'DOUBLE'],
  ['plan', 'VARCHAR'],
  ['cancellation_reason', 'VARCHAR'],
  ['currency', 'VARCHAR'],
  ['amount', 'DOUBLE'],
  ['billing_months', 'DOUBLE'],
  ['billing_interval', 'VARCHAR'],
  ['billing_period', 'BOOLEAN'],
] as const;

export const SUBSCRIPTIONS_IF_MISSING = `CREATE TABLE IF NOT EXISTS subscriptions (
  ${SUBSCRIPTION_COLUMNS.map(([name, type]) => `${name} ${type}`).join(',\n  ')}
)`;
