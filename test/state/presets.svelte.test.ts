// Opening a preset link and loading its file, in both orders, on a large file, through the app's own state
// and engine path: the mapping is built once, the preset's analysis runs once with the preset's values,
// and a mapping the engine refuses keeps the engine's own error (issue #9).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Workspace } from '../../src/state/workspace.svelte';
import { AnalysesState } from '../../src/state/analyses.svelte';
import { SqlWorkspace } from '../../src/state/sql.svelte';
import { PresetState } from '../../src/state/presets.svelte';
import { validatePreset, type Preset } from '../../src/presets/preset';
import { decodePreset, encodePreset } from '../../src/presets/link';
import { localEngine } from '../helpers/engine';

/** A large order-lines export: 200,000 lines, 40,000 customers, 2023-2024, a country per customer. */
function bigOrders(lines = 200_000): File {
  const rows = ['order_id,customer_id,ordered_at,quantity,unit_price,country,status'];
  for (let i = 0; i < lines; i++) {
    const customer = (i * 7919) % 40_000;
    const day = new Date(Date.UTC(2023, 0, 1) + ((i * 104_729) % 730) * 86_400_000)
      .toISOString()
      .slice(0, 10);
    rows.push(
      `O${Math.floor(i / 2)},C${customer},${day},${1 + (i % 3)},${(5 + (i % 11)).toFixed(2)},${['DE', 'CN', 'US'][customer % 3]},${i % 29 === 0 ? 'refunded' : 'paid'}`,
    );
  }
  return new File([rows.join('\n')], 'orders.csv');
}

const preset: Preset = validatePreset({
  v: 1,
  title: 'Our 60-day churn',
  analysis: 'churn',
  source: 'orders',
  params: { window_days: 60 },
  segment: { column: 'country', value: null },
  mappings: [
    {
      kind: 'orders',
      customerId: 'customer_id',
      orderedAt: 'ordered_at',
      orderId: 'order_id',
      quantity: 'quantity',
      unitPrice: 'unit_price',
      segments: ['country'],
      filter: { column: 'status', exclude: ['refunded'] },
      columns: [
        { name: 'customer_id', type: 'VARCHAR' },
        { name: 'ordered_at', type: 'DATE' },
      ],
    },
  ],
});

let cleanup: () => void = () => {};
afterEach(() => cleanup());

function app() {
  const ran: string[] = [];
  const { engine } = localEngine({
    observe: (op, args) => ran.push(op === 'query' ? (args as { sql: string }).sql : op),
  });
  const workspace = new Workspace(engine);
  const analyses = new AnalysesState(engine);
  const sql = new SqlWorkspace(engine, () => void workspace.refresh());
  const presets = new PresetState(analyses, sql, () => {});
  // what App.svelte does: a preset waiting for its data maps it as soon as a matching table is loaded
  cleanup = $effect.root(() => {
    $effect(() => {
      const tables = workspace.tables;
      if (presets.open && presets.waiting.length > 0) void presets.tablesChanged(tables);
    });
  });
  return { ran, workspace, analyses, presets, engine };
}

async function settled(analyses: AnalysesState) {
  await vi.waitFor(
    () => {
      expect(analyses.running).toBe(false);
      expect(analyses.result ?? analyses.problem).toBeTruthy();
    },
    { timeout: 30_000, interval: 20 },
  );
}

describe('a preset link and its file', () => {
  it.each([['link first'], ['file first']])(
    '%s: maps once, runs the preset once, with its values',
    async (order) => {
      const { ran, workspace, analyses, presets } = app();
      const hash = await encodePreset(preset);
      const file = bigOrders();
      if (order === 'link first') {
        await presets.openHash(`#${hash}`, workspace.tables);
        await workspace.addFiles([file]);
      } else {
        await workspace.addFiles([file]);
        await presets.openHash(`#${hash}`, workspace.tables);
      }
      await settled(analyses);
      expect(presets.problem).toBeNull();
      expect(presets.waiting).toEqual([]);
      expect(analyses.problem).toBeNull();
      const result = analyses.result!;
      expect(result.analysis.id).toBe('churn');
      expect(result.params.window_days).toBe(60);
      expect(analyses.segment).toBe('country');
      // one row per country and the total
      expect(
        result.table
          .toArray()
          .map((r) => r.segment)
          .sort(),
      ).toEqual(['All', 'CN', 'DE', 'US']);
      const canonical = ran.filter((op) => op === 'mapSource');
      expect(canonical).toHaveLength(1);
      const churnRuns = ran.filter((sql) => sql === result.sql);
      expect(churnRuns).toHaveLength(1);
    },
  );

  it('keeps the engine’s own words when the mapping cannot be built', async () => {
    const { workspace, presets, engine } = app();
    await workspace.addFiles([new File(['customer_id,ordered_at\nA,2024-01-01\n'], 'orders.csv')]);
    // the table disappears behind the app's back: building the mapping fails in the engine
    await engine.query('DROP TABLE orders_raw');
    const link = validatePreset({
      v: 1,
      analysis: 'cohorts',
      mappings: [{ kind: 'orders', customerId: 'customer_id', orderedAt: 'ordered_at', columns: [] }],
    });
    await presets.openPreset(link, workspace.tables);
    expect(presets.problem).toMatchObject({ code: 'mapping', error: { kind: 'sql', type: 'Catalog' } });
  });

  it('refuses a link whose values its analysis would refuse, naming the field', async () => {
    const { workspace, presets } = app();
    const { deflateRawSync } = await import('node:zlib');
    const bad = `#p=1.${deflateRawSync(JSON.stringify({ v: 1, analysis: 'cohorts', params: { grain: 'decade' } })).toString('base64url')}`;
    await presets.openHash(bad, workspace.tables);
    expect(presets.problem).toMatchObject({
      code: 'invalid',
      detail: 'params.grain',
      why: { key: 'params.errors.notAChoice', values: { value: 'decade' } },
    });
    await expect(decodePreset(bad)).rejects.toThrow(/params.grain/);
  });
});
