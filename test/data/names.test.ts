import { describe, expect, it } from 'vitest';
import { tableNameFor } from '../../src/data/names';
import { inspectHead, isUtf8, rawHeaderNames } from '../../src/data/inspect';

describe('tableNameFor', () => {
  it.each([
    ['orders export (2024).csv', [], 'orders_export_2024'],
    ['Online Retail.TSV', [], 'online_retail'],
    ['2024-orders.csv', [], 't_2024_orders'],
    ['订单数据.csv', [], '订单数据'],
    ['...csv', [], 'table'],
    ['data.parquet', ['data'], 'data_2'],
    ['data.csv', ['data', 'DATA_2'], 'data_3'],
    ['orders.csv', [], 'orders_raw'],
    ['Subscriptions.csv', [], 'subscriptions_raw'],
    ['x"; DROP TABLE y; --.csv', [], 'x_drop_table_y'],
  ])('%s (taken: %j) -> %s', (file, taken, expected) => {
    expect(tableNameFor(file, taken)).toBe(expected);
  });
});

describe('inspectHead', () => {
  const enc = (s: string) => new TextEncoder().encode(s);
  it('recognises Parquet by its magic bytes whatever the name', () => {
    expect(inspectHead(enc('PAR1....'), 100, 'x.csv')).toEqual({ ok: true, format: 'parquet' });
  });
  it('allows a UTF-8 character cut at the end of the head', () => {
    const bytes = enc('a,b\n1,é');
    expect(isUtf8(bytes.subarray(0, bytes.length - 1), true)).toBe(true);
    expect(isUtf8(bytes.subarray(0, bytes.length - 1), false)).toBe(false);
  });
  it('tells gzip, spreadsheets and formats we do not read from text', () => {
    expect(inspectHead(new Uint8Array([0x1f, 0x8b, 8, 0]), 4, 'a.csv')).toEqual({
      ok: true,
      format: 'text',
      gzip: true,
    });
    expect(inspectHead(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0]), 4, 'old.csv')).toEqual({
      ok: false,
      code: 'spreadsheet',
    });
    expect(inspectHead(enc('a,b'), 3, 'book.xlsx')).toEqual({ ok: false, code: 'spreadsheet' });
    expect(inspectHead(enc('a,b'), 3, 'x.feather')).toEqual({ ok: false, code: 'unsupportedFormat' });
    expect(inspectHead(enc('a,b'), 3, 'a.csv')).toEqual({ ok: true, format: 'text', gzip: false });
  });
});

describe('rawHeaderNames', () => {
  it('splits on the delimiter, honours quotes and drops a BOM', () => {
    expect(rawHeaderNames('\uFEFFa;"b;c";"d""e"\n1;2;3', ';')).toEqual(['a', 'b;c', 'd"e']);
    expect(rawHeaderNames('x\ty\r\n', '\t')).toEqual(['x', 'y']);
  });
});
