// The exported shell script runs in native DuckDB (the engine of the command-line shell) on the user's own
// file and gives the same table as the app's engine.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { readFileSql, shellScript } from '../../src/analyses/shell-script';
import type { CsvRecipe, TableSource } from '../../src/data/files';
import { repeat } from '../../src/analyses/repeat';
import { analysisQuery } from '../../src/analyses/query';
import type { Mapping, SourceKind } from '../../src/data/sources';
import { runAnalysis } from '../helpers/analysis';
import { mapSource } from '../../src/data/map-ops';
import { loadCsv } from '../../src/data/load';
import { fileLoader, registerText, startEngine } from '../helpers/engine';

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

describe('shell script: the file read as Tenure read it', () => {
  it('skips the title block, reads the settled date order and sets aside the ragged row, as the app did', async () => {
    const report = [
      'Example Landscaping LLC',
      'Sales by Customer Detail',
      '',
      'Date,Transaction Type,Num,Customer,Amount',
      '01/03/2024,Invoice,1001,Amy,100.00',
      '01/05/2024,Invoice,1002,Bill,85.00',
      '01/07/2024,Invoice,1003,Amy,40.00,extra',
      '02/11/2024,Sales Receipt,1004,Cleo,40.00',
      '',
    ].join('\n');
    const engine = await startEngine();
    const outcome = await fileLoader(engine).load('sales report.csv', report, {
      table: 'sales',
      dateOrder: 'mdy',
    });
    if (!outcome.ok) throw new Error(outcome.code);
    const read = readFileSql({ name: 'sales', columns: outcome.table.columns, source: outcome.table.source });
    expect(read).toContain('skip = 3');
    expect(read).toContain("dateformat = '%m/%d/%Y'");

    const dir = mkdtempSync(join(tmpdir(), 'tenure-shell-'));
    writeFileSync(join(dir, 'sales report.csv'), report);
    const connection = await (await DuckDBInstance.create(':memory:')).connect();
    await connection.run(read!.replaceAll("'sales report.csv'", `'${join(dir, 'sales report.csv')}'`));
    const query = `SELECT strftime("Date", '%Y-%m-%d') AS d, "Customer" AS c, "Amount"::DOUBLE AS a FROM sales ORDER BY 1`;
    const native = (await connection.runAndReadAll(query)).getRowObjectsJson();
    expect(native).toEqual(engine.queryRows(query));
    expect(native.map((r) => r.d)).toEqual(['2024-01-03', '2024-01-05', '2024-02-11']);
  });

  it('converts what native DuckDB cannot read first, and keeps file names out of the SQL', () => {
    const source = (read: Partial<CsvRecipe>, fileName = 'orders.csv'): TableSource => ({
      fileName,
      format: 'csv',
      bytes: 1,
      options: {},
      detected: null,
      read: { options: {}, skip: 0, encoding: 'utf-8', gzip: false, whitespaceColumns: false, ...read },
    });
    const gbk = readFileSql({
      name: 't',
      columns: [],
      source: source({ encoding: 'gb18030', gzip: true }, 'o.csv.gz'),
    })!;
    expect(gbk).toContain("--   gunzip -c 'o.csv.gz' | iconv -f GB18030 -t UTF-8 > 'o.csv.utf8.csv'");
    expect(gbk).toContain("read_csv('o.csv.utf8.csv'");
    const cdnow = readFileSql({
      name: 't',
      columns: [],
      source: source({ whitespaceColumns: true }, 'CDNOW.txt'),
    })!;
    expect(cdnow).toContain("delim = '\t'");
    expect(cdnow).toMatch(/sed -E/);
    expect(readFileSql({ name: 't', columns: [], source: source({ encoding: 'utf-16le' }) })).toContain(
      "encoding = 'utf-16'",
    );
    // a line break in a file name must not end the comment and start a statement
    const evil = readFileSql({
      name: 't',
      columns: [],
      source: source({ encoding: 'gb18030' }, "x.csv\nCOPY t TO '/tmp/out.csv';\n"),
    })!;
    expect(evil.split('\n').filter((l) => l.startsWith('--')).length).toBe(2);
    // outside SQL string literals, every line is a comment or the statement
    const outside = evil.replace(/'(?:[^']|'')*'/g, "''");
    for (const line of outside.split('\n'))
      expect(line.startsWith('--') || line.startsWith('CREATE'), line).toBe(true);
  });
});
