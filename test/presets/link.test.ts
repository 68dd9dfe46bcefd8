// Preset links and preset JSON: round trips, the committed v1 link, and every kind of bad input.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodePreset, encodePreset, hasPreset, MAX_HASH } from '../../src/presets/link';
import {
  missingColumns,
  mappingFor,
  parsePreset,
  presetJson,
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

  it('open a link whose hash a mail or chat tool percent-encoded', async () => {
    const hash = await encodePreset(churn90);
    const encoded = `#${encodeURIComponent(hash)}`;
    expect(encoded).toMatch(/^#p%3D1\./);
    expect(hasPreset(encoded)).toBe(true);
    expect(await decodePreset(encoded)).toEqual(churn90);
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
  /** What a preset is refused for: the error's code, field and reason (its catalogue key). */
  const refusal = (x: unknown) => {
    try {
      validatePreset(x);
      return 'ok';
    } catch (error) {
      if (!(error instanceof PresetError)) throw error;
      return error.why ? `${error.detail}: ${error.why.key}` : `${error.code}: ${error.detail}`;
    }
  };
  const json = (preset: Preset) => JSON.parse(JSON.stringify(presetJson(preset)));
  const cohorts = (params: Record<string, unknown>) => ({ v: 1, analysis: 'cohorts', params });

  it('accepts a valid preset and returns only known fields', () => {
    expect(validatePreset(json(churn90))).toEqual(churn90);
    expect(parsePreset(JSON.stringify(presetJson(churn90)))).toEqual(churn90);
    expect(() => parsePreset('{')).toThrow(/notJson/);
    expect(() => parsePreset(' '.repeat(300_000))).toThrow(/tooLarge/);
  });

  it('names the field that is wrong', () => {
    expect(refusal(null)).toBe('preset: presets.why.expectedObject');
    expect(refusal({ v: 2, analysis: 'churn' })).toBe('version: 2');
    expect(refusal({ analysis: 'churn' })).toBe('version: missing');
    expect(refusal({ v: 1, analysis: 'nope' })).toBe('analysis: presets.why.expectedOneOf');
    expect(refusal({ v: 1, analysis: 'churn', extra: 1 })).toBe('extra: presets.why.unknownField');
    expect(refusal({ v: 1, analysis: 'churn', params: { window_days: {} } })).toBe(
      'params.window_days: params.errors.notANumber',
    );
    expect(refusal({ v: 1, analysis: 'churn', params: { 'x; DROP': 1 } })).toBe(
      'params.x; DROP: params.errors.unknown',
    );
    expect(refusal({ v: 1, analysis: 'sql' })).toBe('sql: presets.why.required');
    expect(refusal({ v: 1, analysis: 'churn', title: 'x'.repeat(300) })).toBe('title: presets.why.tooLong');
    const m = json(churn90).mappings[0];
    delete m.customerId;
    expect(refusal({ ...json(churn90), mappings: [m] })).toBe('mappings[0].customerId: presets.why.required');
    expect(refusal({ ...json(churn90), mappings: [{ ...m, kind: 'x' }] })).toBe(
      'mappings[0].kind: presets.why.expectedOneOf',
    );
  });

  // the links that ran silently before the declarations checked them (issue #9)
  it.each([
    [cohorts({ grain: 'decade' }), 'params.grain: params.errors.notAChoice'],
    [cohorts({ rule: 'sideways' }), 'params.rule: params.errors.notAChoice'],
    [cohorts({ horizon: -5 }), 'params.horizon: params.errors.belowMin'],
    [cohorts({ horizon: 0 }), 'params.horizon: params.errors.belowMin'],
    [cohorts({ horizon: 2.5 }), 'params.horizon: params.errors.notAnInteger'],
    [cohorts({ horizon: 1e9 }), 'params.horizon: params.errors.aboveMax'],
    [cohorts({ horizon: '12' }), 'params.horizon: params.errors.notANumber'],
    [cohorts({ as_of: '2024-02-30' }), 'params.as_of: params.errors.notADate'],
    [{ v: 1, analysis: 'churn', params: { window_days: -30 } }, 'params.window_days: params.errors.belowMin'],
    [{ v: 1, analysis: 'clvFormula', params: { margin: 50 } }, 'params.margin: params.errors.aboveMax'],
    [{ v: 1, analysis: 'clv', params: { time_unit: 'year' } }, 'params.time_unit: params.errors.notAChoice'],
    [{ v: 1, analysis: 'rfm', params: { rules: 'Champions\t5\t5' } }, 'params.rules: params.errors.badRules'],
    [{ v: 1, analysis: 'cohorts', source: 'customers' }, 'source: presets.why.expectedOneOf'],
    [
      { v: 1, analysis: 'rfm', segment: { column: 'country', value: null } },
      'segment: presets.why.noSegments',
    ],
    [{ v: 1, analysis: 'sql', sql: 'SELECT 1', params: {} }, 'params: presets.why.notForSql'],
  ])('refuses %j', (preset, why) => {
    expect(refusal(preset)).toBe(why);
  });

  it('refuses a segment its mapping does not carry, and two mappings of one kind', () => {
    const preset = json(churn90);
    expect(refusal({ ...preset, segment: { column: 'region', value: null } })).toBe(
      'segment.column: presets.why.notASegment',
    );
    expect(refusal({ ...preset, mappings: [preset.mappings[0], preset.mappings[0]] })).toBe(
      'mappings: presets.why.twoMappings',
    );
  });

  it('refuses a document that names a key twice', () => {
    const text = JSON.stringify(presetJson(churn90)).replace(
      '"window_days":90',
      '"window_days":90,"window_days":-30',
    );
    expect(text).toContain('"window_days":-30');
    expect(JSON.parse(text).params.window_days).toBe(-30); // what JSON.parse alone would have run
    expect(() => parsePreset(text)).toThrow(PresetError);
    expect(() => parsePreset(text)).toThrow(/params.window_days: presets.why.duplicateKey/);
    // equal keys in different objects are fine
    expect(parsePreset(JSON.stringify(presetJson(churn90)))).toEqual(churn90);
  });

  it('carry how columns are read, a repeated order total and duplicates left out, and refuse anything else', async () => {
    const m = json(churn90).mappings[0];
    const readAs = {
      orderedAt: { kind: 'date', order: 'dmy', formats: ['%d/%m/%Y', '%d/%m/%Y %H:%M'] },
      unitPrice: { kind: 'number', decimal: ',', minorUnits: false },
    };
    const carried = validatePreset({
      ...json(churn90),
      mappings: [{ ...m, readAs, amountPerOrder: true, dropDuplicates: true }],
    });
    expect(carried.mappings![0]).toMatchObject({ readAs, amountPerOrder: true, dropDuplicates: true });
    expect(mappingFor(carried, 'orders', 't')).toMatchObject({
      readAs,
      amountPerOrder: true,
      dropDuplicates: true,
    });
    expect(await decodePreset(await encodePreset(carried))).toEqual(carried);
    const bad = (extra: object) => refusal({ ...json(churn90), mappings: [{ ...m, ...extra }] });
    expect(
      bad({ readAs: { orderedAt: { kind: 'date', order: 'dmy', formats: ["%d'); COPY x TO 'y"] } } }),
    ).toBe('mappings[0].readAs.orderedAt.formats[0]: presets.why.notADateFormat');
    expect(bad({ readAs: { orderedAt: { kind: 'sql', expr: '1' } } })).toBe(
      'mappings[0].readAs.orderedAt.kind: presets.why.expectedOneOf',
    );
    expect(bad({ readAs: { nope: { kind: 'excel' } } })).toBe(
      'mappings[0].readAs.nope: presets.why.unknownField',
    );
    expect(bad({ readAs: { orderedAt: { kind: 'epoch', unit: 'ns' } } })).toBe(
      'mappings[0].readAs.orderedAt.unit: presets.why.expectedOneOf',
    );
    expect(bad({ amountPerOrder: 'yes' })).toBe('mappings[0].amountPerOrder: presets.why.expectedOneOf');
  });

  it('carry a sample of customers as a share from 0.0001 to 1, and refuse any other', async () => {
    const m = json(churn90).mappings[0];
    const withShare = (sample: unknown) => ({ ...json(churn90), mappings: [{ ...m, sample }] });
    for (const share of [0.5, 0.25, 0.1, 0.05, 0.01, 0.0001, 0.3333]) {
      const carried = validatePreset(withShare(share));
      expect(carried.mappings![0].sample).toBe(share);
      expect(mappingFor(carried, 'orders', 't')?.sample).toBe(share);
      expect(await decodePreset(await encodePreset(carried))).toEqual(carried);
    }
    // 1 is every customer: no sample, nothing carried
    expect(validatePreset(withShare(1)).mappings![0]).not.toHaveProperty('sample');
    expect(mappingFor(validatePreset(withShare(1)), 'orders', 't')).not.toHaveProperty('sample');
    for (const share of [0, -0.1, 1.5, 10, 0.00001, 0.12345, Infinity, NaN, '0.1', null, true, [0.1]])
      expect(refusal(withShare(share))).toBe('mappings[0].sample: presets.why.notAShare');
  });

  it('places a mapping on a table and finds the columns a table lacks', () => {
    expect(mappingFor(churn90, 'orders', 'my_orders')).toMatchObject({
      kind: 'orders',
      table: 'my_orders',
      roles: { customerId: 'customer_id' },
    });
    expect(mappingFor(churn90, 'orders', 't')).not.toHaveProperty('columns');
    expect(mappingFor(churn90, 'subscriptions', 't')).toBeNull();
    const m = churn90.mappings![0];
    expect(missingColumns(m, m.columns)).toEqual([]);
    expect(missingColumns(m, [{ name: 'customer_id' }, { name: 'ordered_at' }])).toEqual([
      'order_id',
      'quantity',
      'unit_price',
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
