// The exported shell script runs in native DuckDB (the engine of the command-line shell) on the user's own
// file and gives the same table as the app's engine.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { shellScript } from '../../src/analyses/shell-script';
import { repeat } from '../../src/analyses/repeat';
import { analysisQuery } from '../../src/analyses/query';
import type { Mapping, SourceKind } from '../../src/data/sources';
import { runAnalysis } from '../helpers/analysis';
import { mapSource } from '../../src/data/map-ops';
import { loadCsv } from '../../src/data/load';
import { registerText, startEngine } from '../helpers/engine';

const CSV = `order_id;customer;day;qty;price;status
1;A;05/01/2024;2;5.5;ok
2;A;10/02/2024;1;7;ok
3;B;20/01/2024;1;30;refunded
4;B;03/03/2024;3;2;ok
5;C;03/02/2024;1;8;ok
`;

describe('shell script export', () => {
  it('reproduces the analysis in native DuckDB from the original file', async () => {
    const mapping: Mapping<SourceKind> = {
      kind: 'orders',
      table: 'my_orders',
      roles: {
        customerId: 'customer',
        orderedAt: 'day',
        orderId: 'order_id',
        quantity: 'qty',
        unitPrice: 'price',
      },
      segments: [],
      filter: { column: 'status', exclude: ['refunded'] },
    };
    const options = { delimiter: ';', dateFormat: '%d/%m/%Y', types: { price: 'VARCHAR' as const } };
    const sql = analysisQuery(repeat, 'orders', repeat.defaults()).runnable;
    // the app's engine on the file and the mapping (and the columns the app knows the table by)
    const engine = await startEngine();
    await loadCsv(engine, registerText(engine, 'orders (1).csv', CSV), 'my_orders', options);
    const columns = engine.describe('my_orders');
    await mapSource(engine, mapping, columns);
    const wasm = await runAnalysis(engine, repeat, 'orders');

    const script = shellScript({
      title: 'Repeat purchase',
      tables: [
        {
          name: 'my_orders',
          columns,
          source: { fileName: 'orders (1).csv', format: 'csv', bytes: CSV.length, options, detected: null },
        },
      ],
      mappings: [mapping],
      sql,
      date: new Date('2024-05-01'),
    });
    expect(script).toContain(`read_csv('orders (1).csv', delim = ';', dateformat = '%d/%m/%Y'`);

    // native DuckDB, in a folder holding the user's file
    const dir = mkdtempSync(join(tmpdir(), 'tenure-shell-'));
    writeFileSync(join(dir, 'orders (1).csv'), CSV);
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    const statements = script.replaceAll("'orders (1).csv'", `'${join(dir, 'orders (1).csv')}'`);
    const native = await connection.runAndReadAll(statements);
    const nativeRows = native.getRowObjectsJson();

    expect(nativeRows).toHaveLength(1);
    expect(Number(nativeRows[0].orders)).toBe(wasm[0].orders); // refunded order left out: 4
    expect(Number(nativeRows[0].orders)).toBe(4);
    expect(Number(nativeRows[0].revenue)).toBeCloseTo(Number(wasm[0].revenue), 10);
    expect(Number(nativeRows[0].revenue)).toBeCloseTo(2 * 5.5 + 7 + 3 * 2 + 8, 10);
  });
});
