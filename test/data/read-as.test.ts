// Reading the values of real exports: money text, decimal commas, minor units, dates in either day
// order, offsets, epochs, Excel serial days and YYYYMMDD integers, on the real engine; and the guesses
// made from samples of values.
import { beforeAll, describe, expect, it } from 'vitest';
import type { EngineSession } from '../../src/engine/session';
import {
  dateFormats,
  guessNumber,
  guessTemporal,
  ISO_OFFSET_FORMATS,
  numberSql,
  timestampSql,
  type ReadAs,
} from '../../src/data/read-as';
import { startEngine } from '../helpers/engine';

let engine: EngineSession;
beforeAll(async () => {
  engine = await startEngine();
});

/** Reads each value through the expression, on the engine. */
function read(values: (string | number)[], sql: (column: string) => string, type = 'VARCHAR'): unknown[] {
  const rows = values
    .map((v) => `(${typeof v === 'number' ? v : `'${v.replace(/'/g, "''")}'`}::${type})`)
    .join(', ');
  return engine
    .queryRows<{ v: unknown }>(`SELECT ${sql('x')} AS v FROM (VALUES ${rows}) t(x)`)
    .map((r) => (typeof r.v === 'bigint' ? Number(r.v) : r.v));
}
const iso = (values: unknown[]) => values.map((v) => (v == null ? null : new Date(Number(v)).toISOString()));

describe('reading numbers', () => {
  it('reads money text with symbols, codes, thousands separators and negatives in parentheses', () => {
    const dot: ReadAs = { kind: 'number', decimal: '.', minorUnits: false };
    expect(
      read(['$1,234.50', 'USD 12', '(12.00)', '-3.5', '€ 7', '¥1,234', '12.00-', 'n/a', ''], (c) =>
        numberSql(c, dot),
      ),
    ).toEqual([1234.5, 12, -12, -3.5, 7, 1234, -12, null, null]);
  });

  it('reads decimal commas and amounts in minor units', () => {
    const comma: ReadAs = { kind: 'number', decimal: ',', minorUnits: false };
    expect(read(['1.234,50', '12,5', '1 234,56 €', '-0,99'], (c) => numberSql(c, comma))).toEqual([
      1234.5, 12.5, 1234.56, -0.99,
    ]);
    const cents: ReadAs = { kind: 'number', decimal: '.', minorUnits: true };
    expect(read(['1250', '99', '(500)'], (c) => numberSql(c, cents))).toEqual([12.5, 0.99, -5]);
  });

  it('guesses the decimal separator, money text and minor units from names and values', () => {
    expect(guessNumber('Amount', 'VARCHAR', ['1.234,50', '12,00', '7,5'])).toMatchObject({
      readAs: { kind: 'number', decimal: ',' },
      why: 'decimalComma',
    });
    expect(guessNumber('Total', 'VARCHAR', ['$1,234.50', '$12.00'])).toMatchObject({
      readAs: { kind: 'number', decimal: '.', minorUnits: false },
      why: 'moneyText',
    });
    expect(guessNumber('amount_cents', 'BIGINT', ['1250'])).toMatchObject({
      readAs: { kind: 'number', minorUnits: true },
      why: 'minorUnitsName',
    });
    expect(guessNumber('amount', 'DOUBLE', ['12.5'])).toMatchObject({ readAs: { kind: 'auto' } });
  });
});

describe('reading dates', () => {
  it('reads day-first and month-first dates, with and without times', () => {
    const dmy: ReadAs = { kind: 'date', order: 'dmy', formats: dateFormats('dmy', '/') };
    expect(
      iso(
        read(['05/03/2024', '13/03/2024 10:00', '31/12/2023 23:59:59', '2024-03-05'], (c) =>
          timestampSql(c, dmy),
        ),
      ),
      // an ISO date among day-first ones reads as ISO
    ).toEqual([
      '2024-03-05T00:00:00.000Z',
      '2024-03-13T10:00:00.000Z',
      '2023-12-31T23:59:59.000Z',
      '2024-03-05T00:00:00.000Z',
    ]);
    const mdy: ReadAs = { kind: 'date', order: 'mdy', formats: dateFormats('mdy', '/') };
    expect(iso(read(['05/03/2024', '12/31/2023 11:30 PM'], (c) => timestampSql(c, mdy)))).toEqual([
      '2024-05-03T00:00:00.000Z',
      '2023-12-31T23:30:00.000Z',
    ]);
  });

  it('reads offsets as UTC, epochs, Excel serial days and YYYYMMDD', () => {
    const offsets = guessTemporal('VARCHAR', [
      '2024-03-05 14:22:10 -0500',
      '2024-03-06 09:00:00 -0500',
    ]).readAs;
    expect(offsets).toMatchObject({ kind: 'date', formats: ISO_OFFSET_FORMATS });
    const values = [
      '2024-03-05 14:22:10 -0500',
      '2024-03-05T14:22:10+08:00',
      '2024-03-05T14:22:10Z',
      '2024-03-05',
    ];
    expect(iso(read(values, (c) => timestampSql(c, offsets)))).toEqual([
      '2024-03-05T19:22:10.000Z',
      '2024-03-05T06:22:10.000Z',
      '2024-03-05T14:22:10.000Z',
      '2024-03-05T00:00:00.000Z',
    ]);
    expect(iso(read([1709648530], (c) => timestampSql(c, { kind: 'epoch', unit: 's' }), 'BIGINT'))).toEqual([
      '2024-03-05T14:22:10.000Z',
    ]);
    expect(
      iso(read([1709648530123], (c) => timestampSql(c, { kind: 'epoch', unit: 'ms' }), 'BIGINT')),
    ).toEqual(['2024-03-05T14:22:10.123Z']);
    // Excel: 45356 is 2024-03-05; .5 is noon
    expect(iso(read([45356, 45356.5], (c) => timestampSql(c, { kind: 'excel' }), 'DOUBLE'))).toEqual([
      '2024-03-05T00:00:00.000Z',
      '2024-03-05T12:00:00.000Z',
    ]);
    expect(iso(read([19970101, 19971231], (c) => timestampSql(c, { kind: 'yyyymmdd' }), 'BIGINT'))).toEqual([
      '1997-01-01T00:00:00.000Z',
      '1997-12-31T00:00:00.000Z',
    ]);
  });

  it('guesses the reading from the values, and says when the day order is ambiguous', () => {
    expect(guessTemporal('BIGINT', ['19970101', '19970315'])).toMatchObject({ readAs: { kind: 'yyyymmdd' } });
    expect(guessTemporal('BIGINT', ['1709648530'])).toMatchObject({ readAs: { kind: 'epoch', unit: 's' } });
    expect(guessTemporal('BIGINT', ['1709648530123'])).toMatchObject({
      readAs: { kind: 'epoch', unit: 'ms' },
    });
    expect(guessTemporal('BIGINT', ['45356'])).toMatchObject({ readAs: { kind: 'excel' } });
    expect(guessTemporal('VARCHAR', ['2024-03-05 14:22:10 -0500'])).toMatchObject({ why: 'offset' });
    expect(guessTemporal('VARCHAR', ['2024-03-05 14:22:10'])).toMatchObject({
      readAs: { kind: 'auto' },
      why: 'iso',
    });
    expect(guessTemporal('VARCHAR', ['05/03/2024', '13/03/2024'])).toMatchObject({
      readAs: { order: 'dmy' },
      why: 'dayFirst',
    });
    expect(guessTemporal('VARCHAR', ['05/03/2024', '05/13/2024'])).toMatchObject({
      readAs: { order: 'mdy' },
      why: 'monthFirst',
    });
    expect(guessTemporal('VARCHAR', ['05.03.2024', '06.03.2024'])).toMatchObject({
      readAs: { order: 'dmy' },
      ambiguous: true,
    });
    expect(guessTemporal('VARCHAR', ['05/03/2024'], true)).toMatchObject({
      readAs: { order: 'mdy' },
      ambiguous: true,
    });
    expect(guessTemporal('DATE', ['2024-01-01'])).toMatchObject({ readAs: { kind: 'auto' }, why: 'typed' });
  });
});
