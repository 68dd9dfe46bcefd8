// Values from the user's data in a preset (src/presets/data-values.ts): the value a segment filter keeps
// and the values a row filter leaves out, listed once each, and a preset without them.
import { describe, expect, it } from 'vitest';
import { dataValuesOf, withoutDataValues } from '../../src/presets/data-values';
import type { Preset } from '../../src/presets/preset';

const preset: Preset = {
  v: 1,
  analysis: 'cohorts',
  params: { grain: 'month' },
  segment: { column: 'country', value: 'DE' },
  mappings: [
    {
      kind: 'orders',
      roles: { customerId: 'customer_id' },
      segments: ['country'],
      filter: { column: 'status', exclude: ['refunded', 'DE'] },
      columns: [{ name: 'customer_id', type: 'VARCHAR' }],
    },
  ],
};

describe('data values in a preset', () => {
  it('lists the segment value and the row filter values, once each', () => {
    expect(dataValuesOf(preset)).toEqual(['DE', 'refunded']);
    expect(dataValuesOf({ v: 1, analysis: 'sql', sql: "SELECT 'x'" })).toEqual([]);
  });

  it('leaves them out: the segment filter on no value, no row filter', () => {
    const without = withoutDataValues(preset);
    expect(dataValuesOf(without)).toEqual([]);
    expect(without.segment).toEqual({ column: 'country', value: null });
    expect(without.mappings![0]).not.toHaveProperty('filter');
    expect(without.mappings![0].roles).toEqual({ customerId: 'customer_id' });
    // the original is not changed
    expect(preset.segment?.value).toBe('DE');
  });
});
