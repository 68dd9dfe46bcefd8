// The mapping form on the real engine, with a known export: the kind and mapping come from the recognised
// shape, its exclusions are ticked among the status column's own values by the shape's rule, the user can
// go back to the generic guess and forth again, and a mapping applied to the table wins over the shape.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { Workspace } from '../../src/state/workspace.svelte';
import { AnalysesState } from '../../src/state/analyses.svelte';
import { MappingForm } from '../../src/state/mapping-form.svelte';
import { localEngine } from '../helpers/engine';

// (the page's environment has no file URL for this module: paths are the repository's)
const fixture = (name: string) => readFileSync(`test/fixtures/exports/${name}`);

async function open(...names: string[]) {
  const { engine } = localEngine();
  const workspace = new Workspace(engine);
  const analyses = new AnalysesState(engine);
  await workspace.addFiles(names.map((name) => new File([fixture(name)], name)));
  const form = new MappingForm(engine, analyses, () => true);
  return { workspace, analyses, form };
}

describe('MappingForm with a known export', () => {
  it('proposes the Shopify layout, with its own exclusions, and goes back to the generic guess on request', async () => {
    const { workspace, form } = await open('shopify-orders.csv');
    await form.open(workspace.tables[0]);
    expect(form.kind).toBe('orders');
    expect(form.recognised?.id).toBe('shopify-orders');
    expect(form.shape?.id).toBe('shopify-orders');
    expect(form.mapping).toMatchObject({
      roles: { customerId: 'Email', orderedAt: 'Created at', orderId: 'Name', amount: 'Subtotal' },
      amountPerOrder: false,
    });
    expect(form.guess?.why.amount).toEqual({ code: 'shape', values: { column: 'Subtotal' } });
    // the status values with their counts (first lines only carry one); partially refunded orders stay
    expect(form.statusValues).toEqual([
      { value: 'paid', n: 6 },
      { value: 'partially_refunded', n: 1 },
      { value: 'pending', n: 1 },
      { value: 'refunded', n: 1 },
      { value: 'voided', n: 1 },
    ]);
    expect(form.mapping?.filter).toEqual({ column: 'Financial Status', exclude: ['refunded', 'voided'] });

    await form.useShape(false);
    expect(form.shape).toBeNull();
    expect(form.recognised?.id).toBe('shopify-orders');
    // from names alone: the total (shipping and taxes in), and every refund-like value ticked
    expect(form.mapping?.roles.amount).toBe('Total');
    expect(form.mapping?.filter?.exclude.sort()).toEqual(['partially_refunded', 'refunded', 'voided']);

    await form.useShape(true);
    expect(form.shape?.id).toBe('shopify-orders');
    expect(form.mapping?.roles.amount).toBe('Subtotal');
    expect(form.mapping?.filter?.exclude).toEqual(['refunded', 'voided']);
  });

  it('takes the kind from the shape, and keeps what its platform calls churn', async () => {
    const { workspace, form } = await open('stripe-subscriptions.csv');
    await form.open(workspace.tables[0]);
    expect(form.kind).toBe('subscriptions');
    expect(form.shape?.id).toBe('stripe-subscriptions');
    // canceled subscriptions are the churn: only the one that never started is left out
    expect(form.mapping?.filter).toEqual({ column: 'Status', exclude: ['incomplete_expired'] });
  });

  it('counts an order total repeated on every line once (WooCommerce)', async () => {
    const { workspace, form } = await open('woocommerce-orders.csv');
    await form.open(workspace.tables[0]);
    expect(form.mapping?.amountPerOrder).toBe(true);
    expect(form.repeatedAmount).toEqual({ multi: 4, repeated: 4 });
  });

  it('gives back a mapping applied to the table rather than the shape', async () => {
    const { workspace, analyses, form } = await open('shopify-orders.csv');
    const table = workspace.tables[0];
    await form.open(table);
    form.setExcluded('voided', false);
    expect(await form.apply()).toBe(true);
    expect(analyses.reports.orders).toMatchObject({ rowsIn: 15, rowsKept: 12, entities: 8 });

    const again = new MappingForm(workspace.engine, analyses, () => true);
    await again.open(table);
    expect(again.recognised?.id).toBe('shopify-orders');
    expect(again.shape).toBeNull();
    expect(again.mapping?.filter).toEqual({ column: 'Financial Status', exclude: ['refunded'] });
  });

  it('recognises nothing in a file no tool writes alike, and guesses as before', async () => {
    const { workspace, form } = await open('pos-dump.txt');
    await form.open(workspace.tables[0]);
    expect(form.recognised).toBeNull();
    expect(form.shape).toBeNull();
    expect(form.mapping?.roles).toMatchObject({ customerId: 'MEMBER_NO', orderId: 'TXN_ID' });
  });
});
