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
    expect(inspectHead(enc('PAR1....'), 100, 'x.csv')).toEqual({
      ok: true,
      format: 'parquet',
      encoding: 'utf-8',
    });
  });
  it('allows a UTF-8 character cut at the end of the head', () => {
    const bytes = enc('a,b\n1,é');
    expect(isUtf8(bytes.subarray(0, bytes.length - 1), true)).toBe(true);
    expect(isUtf8(bytes.subarray(0, bytes.length - 1), false)).toBe(false);
  });
  it('says latin-1 for bytes that are not UTF-8', () => {
    expect(inspectHead(new Uint8Array([0x61, 0x0a, 0xe9, 0x0a]), 4, 'a.csv')).toEqual({
      ok: true,
      format: 'csv',
      encoding: 'latin-1',
    });
  });
});

describe('rawHeaderNames', () => {
  it('splits on the delimiter, honours quotes and drops a BOM', () => {
    expect(rawHeaderNames('\uFEFFa;"b;c";"d""e"\n1;2;3', ';')).toEqual(['a', 'b;c', 'd"e']);
    expect(rawHeaderNames('x\ty\r\n', '\t')).toEqual(['x', 'y']);
  });
});
