// The mapping form's sample of customers and memory estimate on the real engine: the table's memory is the
// engine's own measure, the estimate is there before Apply, a share is applied with the mapping (or comes
// with a link, and goes on in links made from it), and the report counts the customers left out of the
// sample.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { Workspace } from '../../src/state/workspace.svelte';
import { AnalysesState } from '../../src/state/analyses.svelte';
import { MappingForm } from '../../src/state/mapping-form.svelte';
import { sampleOf } from '../../src/data/sample';
import { expectedMemory, WORK_PER_LINE } from '../../src/data/memory';
import { SqlWorkspace } from '../../src/state/sql.svelte';
import { PresetState } from '../../src/state/presets.svelte';
import { validatePreset } from '../../src/presets/preset';
import { decodePreset, encodePreset } from '../../src/presets/link';
import { localEngine } from '../helpers/engine';

const fixture = (name: string) => readFileSync(`test/fixtures/exports/${name}`);

describe('MappingForm: a sample of customers', () => {
  it('estimates the memory before Apply, and applies a share with the mapping', async () => {
    const { engine } = localEngine();
    const workspace = new Workspace(engine);
    const analyses = new AnalysesState(engine);
    await workspace.addFiles([new File([fixture('shopify-orders.csv')], 'shopify-orders.csv')]);
    const form = new MappingForm(engine, analyses, () => true);
    const table = workspace.tables[0];
    await form.open(table);
    const full = form.memory!;
    // a small file: well under the limit, nothing offered
    expect(full).toMatchObject({ level: 'ok', fits: null });
    expect(full.limit).toBeGreaterThan(1e9);
    // at least the working memory of its lines (grouped into orders by the order id: all of them)
    expect(full.bytes).toBeGreaterThanOrEqual(table.rows * WORK_PER_LINE);

    form.setSample(0.1);
    expect(form.mapping?.sample).toBe(0.1);
    // the tables made from it shrink; the grouping of the lines does not
    expect(form.memory!.bytes).toBeLessThan(full.bytes);
    expect(form.memory!.bytes).toBeGreaterThan(table.rows * WORK_PER_LINE);
    form.setSample(1);
    expect(form.mapping).not.toHaveProperty('sample', 1);
    expect(form.mapping?.sample).toBeUndefined();
    expect(expectedMemory({ lines: 0, tableBytes: 0, otherBytes: 0, grouped: false })).toBe(0);

    form.setSample(0.5);
    expect(await form.apply()).toBe(true);
    expect(analyses.mappings.orders?.sample).toBe(0.5);
    expect(sampleOf(analyses.mappings, ['orders'])).toBe(0.5);
    const report = analyses.reports.orders!;
    const left = report.dropped.find((d) => d.reason === 'notSampled');
    // the rows kept and left out by the sample are those kept without it
    form.setSample(1);
    expect(await form.apply()).toBe(true);
    const whole = analyses.reports.orders!;
    expect(report.rowsKept + (left?.rows ?? 0)).toBe(whole.rowsKept);
    expect(whole.dropped.map((d) => d.reason)).not.toContain('notSampled');
    expect(sampleOf(analyses.mappings, ['orders'])).toBeNull();
  });

  it('expects the sample to shrink the grouping when every line names its customer', async () => {
    const { engine } = localEngine();
    const workspace = new Workspace(engine);
    const analyses = new AnalysesState(engine);
    const rows = ['order_id,customer_id,ordered_at,amount'];
    for (let i = 0; i < 1000; i++) rows.push(`O${i >> 1},C${(i >> 1) % 50},2024-01-01,${i}`);
    await workspace.addFiles([new File([rows.join('\n')], 'lines.csv')]);
    const form = new MappingForm(engine, analyses, () => true);
    await form.open(workspace.tables[0]);
    expect(form.mapping?.roles).toMatchObject({ orderId: 'order_id', customerId: 'customer_id' });
    const full = form.memory!.bytes;
    form.setSample(0.1);
    // the working memory is the sample's too: under the lines' full 140 bytes each
    expect(form.memory!.bytes).toBeLessThan(1000 * WORK_PER_LINE);
    expect(form.memory!.bytes).toBeLessThan(full / 2);
  });

  it('comes with a link: the preset’s share is applied, and a link made from it carries the share', async () => {
    const { engine } = localEngine();
    const workspace = new Workspace(engine);
    const analyses = new AnalysesState(engine);
    const presets = new PresetState(analyses, new SqlWorkspace(engine, () => {}), () => {});
    const rows = ['customer_id,ordered_at,amount'];
    for (let i = 0; i < 400; i++)
      rows.push(`C${i % 40},2024-${String((i % 12) + 1).padStart(2, '0')}-01,${i}`);
    await workspace.addFiles([new File([rows.join('\n')], 'orders.csv')]);
    const link = validatePreset({
      v: 1,
      analysis: 'repeat',
      mappings: [
        {
          kind: 'orders',
          customerId: 'customer_id',
          orderedAt: 'ordered_at',
          amount: 'amount',
          sample: 0.25,
          columns: [{ name: 'customer_id', type: 'VARCHAR' }],
        },
      ],
    });
    await presets.openHash(`#${await encodePreset(link)}`, workspace.tables);
    expect(presets.problem).toBeNull();
    expect(analyses.mappings.orders?.sample).toBe(0.25);
    const report = analyses.reports.orders!;
    // 40 customers of 10 lines each: the ones left out are whole
    const left = report.dropped.find((d) => d.reason === 'notSampled')!;
    expect(left.rows % 10).toBe(0);
    expect(report.rowsKept + left.rows).toBe(400);
    expect(report.customers).toBe(report.rowsKept / 10);
    const again = presets.fromSql('SELECT 1');
    expect(again.mappings?.[0].sample).toBe(0.25);
    expect((await decodePreset(await encodePreset(again))).mappings?.[0].sample).toBe(0.25);
  });
});
