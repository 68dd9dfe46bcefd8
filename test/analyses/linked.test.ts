// Analyses that join a kind only when it is mapped (NPS, churn reasons and the cancel funnel read
// subscriptions): the empty stand-in is made after their own kind is mapped, and their DuckDB shell script
// builds it (or the real table) before the analysis runs, as the page did.
import { describe, expect, it } from 'vitest';
import { ANALYSES } from '../../src/analyses';
import { shellScript } from '../../src/analyses/shell-script';
import { SUBSCRIPTIONS_IF_MISSING } from '../../src/analyses/linked';
import type { Mapping, SourceKind } from '../../src/data/sources';

const cancellations: Mapping<SourceKind> = {
  kind: 'cancellations',
  table: 'cancellations_raw',
  roles: { customerId: 'customer_id', cancelledAt: 'requested_at' },
  segments: [],
};
const columns = [
  { name: 'customer_id', type: 'VARCHAR' },
  { name: 'requested_at', type: 'DATE' },
];

describe('linked kinds', () => {
  it('stand in for subscriptions after each kind that links them is mapped', () => {
    for (const analysis of ANALYSES.filter((a) => a.linked.includes('subscriptions'))) {
      for (const source of Object.keys(analysis.sources) as SourceKind[]) {
        if (source === 'subscriptions') continue;
        expect(analysis.afterMapping[source], `${analysis.id} from ${source}`).toBe(SUBSCRIPTIONS_IF_MISSING);
      }
    }
    expect(
      ANALYSES.filter((a) => a.linked.length)
        .map((a) => a.id)
        .sort(),
    ).toEqual(['funnel', 'nps', 'reasons']);
  });

  it('are built in the shell script before the analysis runs', () => {
    const script = shellScript({
      title: 'Cancel funnel',
      tables: [
        {
          name: 'cancellations_raw',
          columns,
          source: { format: 'csv', fileName: 'cancellations.csv', options: {} } as never,
        },
      ],
      mappings: [cancellations],
      sql: 'SELECT count(*) FROM cancellations JOIN subscriptions USING (customer_id)',
    });
    const canonical = script.indexOf('CREATE OR REPLACE TABLE cancellations');
    const standIn = script.indexOf('CREATE TABLE IF NOT EXISTS subscriptions');
    expect(canonical).toBeGreaterThan(0);
    expect(standIn).toBeGreaterThan(canonical);
    expect(standIn).toBeLessThan(script.indexOf('-- 4. The analysis'));
  });
});
