// Preset links and preset JSON: round trips, the committed v1 link, and every kind of bad input.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodePreset, encodePreset, hasPreset, MAX_HASH } from '../../src/presets/link';
import {
  missingColumns,
  mappingFor,
  parsePreset,
  PresetError,
  validatePreset,
  type Preset,
} from '../../src/presets/preset';
import { churn90 } from './churn90';

async function code(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'ok';
  } catch (error) {
    return error instanceof PresetError ? error.code : `other: ${String(error)}`;
  }
}

describe('preset links', () => {
  it('round-trip a preset, Chinese text and SQL included', async () => {
    const hash = await encodePreset(churn90);
    expect(hash).toMatch(/^p=1\.[A-Za-z0-9_-]+$/);
    expect(hasPreset(`#${hash}`)).toBe(true);
    expect(await decodePreset(`#${hash}`)).toEqual(churn90);
    const sql: Preset = { v: 1, analysis: 'sql', sql: "SELECT 'a''b' AS x -- 注释\nFROM orders" };
    expect(await decodePreset(await encodePreset(sql))).toEqual(sql);
  });

  it('compress: a long SQL query makes a short link', async () => {
    const sql = `SELECT ${Array.from({ length: 200 }, (_, i) => `sum(amount) AS total_${i}`).join(', ')} FROM orders`;
    const hash = await encodePreset({ v: 1, analysis: 'sql', sql });
    expect(hash.length).toBeLessThan(sql.length / 3);
  });

  it('keep opening the committed version 1 link', async () => {
    const link = readFileSync(new URL('../fixtures/preset-v1.txt', import.meta.url), 'utf8').trim();
    const preset = await decodePreset(new URL(link).hash);
    expect(preset).toEqual(churn90);
  });

  it('say what is wrong with a damaged link', async () => {
    const hash = await encodePreset(churn90);
    expect(await code(decodePreset(hash.slice(0, hash.length - 20)))).toBe('corrupt'); // cut short
    expect(await code(decodePreset('p=1.%%%'))).toBe('corrupt');
    expect(await code(decodePreset('p=1.AAAA'))).toBe('corrupt');
    expect(await code(decodePreset('q=1.abc'))).toBe('corrupt');
    expect(await code(decodePreset(hash.replace(/^p=1/, 'p=7')))).toBe('version');
    expect(await code(decodePreset(`p=1.${'A'.repeat(MAX_HASH)}`))).toBe('tooLarge');
  });

  it('refuse a small link that unpacks to a huge document', async () => {
    const bomb = JSON.stringify({ v: 1, analysis: 'sql', sql: 'x'.repeat(5_000_000) });
    const packed = new Uint8Array(
      await new Response(
        new Blob([bomb]).stream().pipeThrough(new CompressionStream('deflate-raw')),
      ).arrayBuffer(),
    );
    const hash = `p=1.${Buffer.from(packed).toString('base64url')}`;
    expect(hash.length).toBeLessThan(MAX_HASH);
    expect(await code(decodePreset(hash))).toBe('tooLarge');
  });
});

describe('preset validation', () => {
  const invalid = (x: unknown) => {
    try {
      validatePreset(x);
      return 'ok';
    } catch (error) {
      return (error as PresetError).message;
    }
  };

  it('accepts a valid preset and returns only known fields', () => {
    expect(validatePreset(JSON.parse(JSON.stringify(churn90)))).toEqual(churn90);
  });

  it('names the field that is wrong', () => {
    expect(invalid(null)).toMatch(/preset: expected an object/);
    expect(invalid({ v: 2, analysis: 'churn' })).toBe('version: 2');
    expect(invalid({ analysis: 'churn' })).toBe('version: missing');
    expect(invalid({ v: 1, analysis: 'nope' })).toMatch(/^invalid: analysis: expected one of/);
    expect(invalid({ v: 1, analysis: 'churn', extra: 1 })).toMatch(/unknown field extra/);
    expect(invalid({ v: 1, analysis: 'churn', params: { window_days: {} } })).toMatch(/params.window_days/);
    expect(invalid({ v: 1, analysis: 'churn', params: { 'x; DROP': 1 } })).toMatch(/not a parameter name/);
    expect(invalid({ v: 1, analysis: 'sql' })).toMatch(/needs its query/);
    expect(invalid({ v: 1, analysis: 'churn', title: 'x'.repeat(300) })).toMatch(/longer than 256/);
    const m = structuredClone(churn90.mappings![0]) as Record<string, unknown>;
    delete m.customerId;
    expect(invalid({ ...churn90, mappings: [m] })).toMatch(/mappings\[0\].customerId: required/);
    expect(invalid({ ...churn90, mappings: [{ ...m, kind: 'x' }] })).toMatch(/mappings\[0\].kind/);
  });

  it('parses JSON files and says when they are not JSON or too big', () => {
    expect(parsePreset(JSON.stringify(churn90))).toEqual(churn90);
    expect(() => parsePreset('{')).toThrow(/notJson/);
    expect(() => parsePreset(' '.repeat(300_000))).toThrow(/tooLarge/);
  });

  it('places a mapping on a table and finds the columns a table lacks', () => {
    expect(mappingFor(churn90, 'orders', 'my_orders')).toMatchObject({
      kind: 'orders',
      table: 'my_orders',
      customerId: 'customer_id',
    });
    expect(mappingFor(churn90, 'orders', 't')).not.toHaveProperty('columns');
    expect(mappingFor(churn90, 'subscriptions', 't')).toBeNull();
    const m = churn90.mappings![0];
    expect(missingColumns(m, m.columns)).toEqual([]);
    expect(missingColumns(m, [{ name: 'customer_id' }, { name: 'ordered_at' }])).toEqual([
      'quantity',
      'unit_price',
      'order_id',
      'country',
      'status',
    ]);
  });
});

describe('docs/presets.md', () => {
  const doc = readFileSync(new URL('../../docs/presets.md', import.meta.url), 'utf8');

  it('has a valid example document', () => {
    const json = /```json\n([\s\S]*?)```/.exec(doc)![1];
    expect(parsePreset(json)).toMatchObject({ v: 1, analysis: 'churn', params: { window_days: 90 } });
  });

  it('describes links that scripts can make with plain DEFLATE and base64url', async () => {
    const { deflateRawSync } = await import('node:zlib');
    const preset = { v: 1, analysis: 'cohorts', params: { grain: 'quarter' } };
    const hash = `#p=1.${deflateRawSync(JSON.stringify(preset)).toString('base64url')}`;
    expect(await decodePreset(hash)).toEqual(preset);
  });
});
