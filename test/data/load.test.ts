// Loading files into tables on the real engine: detection, overrides, rejected rows and every bad input
// the foundation promises to explain.
import { beforeAll, describe, expect, it } from 'vitest';
import { tableFromIPC } from 'apache-arrow';
import { readParquet } from 'parquet-wasm/node';
import { fileLoader, registerText, startEngine } from '../helpers/engine';
import { loadCsv, loadParquet } from '../../src/data/load';
import type { EngineSession } from '../../src/engine/session';
import type { LoadOutcome } from '../../src/data/files';
import { DuckDBInstance } from '@duckdb/node-api';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let engine: EngineSession;
let files: ReturnType<typeof fileLoader>;
beforeAll(async () => {
  engine = await startEngine();
  files = fileLoader(engine);
});

const ok = (outcome: LoadOutcome) => {
  if (!outcome.ok) throw new Error(`load failed: ${outcome.code} ${outcome.detail ?? ''}`);
  return outcome;
};
const code = (outcome: LoadOutcome) => (outcome.ok ? 'ok' : outcome.code);

async function loadText(name: string, text: string, table = 't', options = {}) {
  return loadCsv(engine, registerText(engine, name, text), table, options);
}

describe('CSV loading', () => {
  it('detects types, counts rows and keeps column names', async () => {
    const result = ok(
      await loadText('orders.csv', 'id,day,amount\n1,2024-01-02,3.5\n2,2024-01-03,4\n', 'o1'),
    );
    expect(result.table.rows).toBe(2);
    expect(result.table.columns).toEqual([
      { name: 'id', type: 'BIGINT' },
      { name: 'day', type: 'DATE' },
      { name: 'amount', type: 'DOUBLE' },
    ]);
    expect(result.rejected.count).toBe(0);
    expect(result.table.source?.detected?.delimiter).toBe(',');
  });

  it('reads TSV and semicolon files with the sniffed delimiter', async () => {
    expect(ok(await loadText('a.tsv', 'x\ty\n1\t2\n', 'tsv')).table.columns.length).toBe(2);
    const semi = ok(await loadText('b.csv', 'x;y\n1,5;2\n3,5;4\n', 'semi'));
    expect(semi.table.source?.detected?.delimiter).toBe(';');
  });

  it('counts and shows rows that fail to parse instead of dropping them silently', async () => {
    const text = 'id,amount\n1,10\n2,oops\n3,30\n4,x\n';
    const result = ok(await loadText('r.csv', text, 'rej', { types: { amount: 'DOUBLE' } }));
    expect(result.table.rows).toBe(2);
    expect(result.rejected.count).toBe(2);
    expect(result.rejected.examples.map((e) => [e.line, e.column, e.text])).toEqual([
      [3, 'amount', '2,oops'],
      [5, 'amount', '4,x'],
    ]);
    expect(result.notes).toContainEqual({ code: 'rejectedRows', params: { count: 2 } });
  });

  it('applies a type override and a date format on reload', async () => {
    // 02/01 is ambiguous; the sniffer keeps leading zeros as text.
    const file = registerText(engine, 'd.csv', 'id,day\n001,02/01/2024\n002,03/12/2024\n');
    const auto = ok(await loadCsv(engine, file, 'dates', {}));
    expect(auto.table.columns.map((c) => c.type)).toEqual(['VARCHAR', 'DATE']);
    const forced = ok(
      await loadCsv(engine, file, 'dates', { types: { id: 'BIGINT', day: 'DATE' }, dateFormat: '%m/%d/%Y' }),
    );
    expect(forced.table.columns.map((c) => c.type)).toEqual(['BIGINT', 'DATE']);
    expect(engine.queryRows("SELECT id, strftime(day, '%Y-%m-%d') AS d FROM dates ORDER BY id")).toEqual([
      { id: 1n, d: '2024-02-01' },
      { id: 2n, d: '2024-03-12' },
    ]);
  });

  it('rejects rows of a mixed-date-format column when a format is forced, and says how many', async () => {
    const text = 'id,day\n1,2024-01-05\n2,05/01/2024\n3,2024-02-01\n';
    const auto = ok(await loadText('m.csv', text, 'mixed'));
    expect(auto.table.columns[1].type).toBe('VARCHAR');
    const forced = ok(
      await loadText('m.csv', text, 'mixed', { types: { day: 'DATE' }, dateFormat: '%Y-%m-%d' }),
    );
    expect(forced.table.rows).toBe(2);
    expect(forced.rejected.count).toBe(1);
  });

  it('names duplicate and empty columns and says so', async () => {
    const result = ok(await loadText('dup.csv', 'a,a,,b\n1,2,3,4\n', 'dup'));
    expect(result.table.columns.map((c) => c.name)).toEqual(['a', 'a_1', 'column2', 'b']);
    expect(result.notes).toContainEqual({ code: 'renamedColumns', params: { list: 'a → a_1, ∅ → column2' } });
  });

  it('reads Latin-1 text as Windows-1252 (its superset) and says so', async () => {
    const bytes = new Uint8Array([
      ...new TextEncoder().encode('name,city\nJos'),
      0xe9,
      ...new TextEncoder().encode(',M'),
      0xfc,
      ...new TextEncoder().encode('nchen\n'),
    ]);
    const result = ok(await files.load('latin.csv', bytes, { table: 'latin' }));
    expect(engine.queryRows('SELECT * FROM latin')).toEqual([{ name: 'José', city: 'München' }]);
    expect(result.notes).toContainEqual({ code: 'encoding', params: { encoding: 'windows-1252' } });
  });

  it('warns when a file came out as one column with another delimiter in its header', async () => {
    const result = ok(await loadText('one.csv', 'a;b;c\n1;2;3\n', 'one', { delimiter: ',' }));
    expect(result.table.columns.length).toBe(1);
    expect(result.notes).toContainEqual({ code: 'singleColumn', params: { delimiter: ';' } });
  });

  it('reports broken quoting as rejected rows with their line', async () => {
    const text = 'id,comment\n1,"fine"\n2,"broken\n3,"also fine"\n4,"ok"\n';
    const result = await loadText('q.csv', text, 'quotes', { types: { id: 'BIGINT' } });
    // Either the reader rejects the broken line, or it refuses the file: never a silent loss.
    if (result.ok) {
      expect(result.table.rows + result.rejected.count).toBeGreaterThanOrEqual(3);
      if (result.table.rows < 4) expect(result.rejected.count).toBeGreaterThan(0);
    } else {
      expect(result.code).toBe('parseFailed');
    }
  });

  it.each([
    ['empty.csv', new Uint8Array(), 'emptyFile'],
    ['header.csv', new TextEncoder().encode('a,b,c\n'), 'noRows'],
    ['bin.csv', new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1, 2, 3, 0, 0]), 'binaryFile'],
    ['book.csv', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), 'spreadsheet'],
    ['data.json', new TextEncoder().encode('[{"a":1}]'), 'notATable'],
  ])('refuses %s with a reason (%s)', async (name, bytes, expected) => {
    const before = engine.tableNames();
    const result = await files.load(name, bytes as Uint8Array, { table: 'bad' });
    expect(code(result)).toBe(expected);
    expect(engine.tableNames().sort()).toEqual(before.sort());
  });

  it('keeps the earlier table when a reload of it fails', async () => {
    ok(await loadText('keep.csv', 'a\n1\n2\n', 'keep'));
    const failed = await loadCsv(engine, registerText(engine, 'keep.csv', 'a\n'), 'keep', {});
    expect(code(failed)).toBe('noRows');
    expect(engine.rowCount('keep')).toBe(2);
  });

  it('explains a file too big for the memory limit', async () => {
    const small = await startEngine('32MB');
    const line = 'id,text\n';
    const rows = Array.from({ length: 400_000 }, (_, i) => `${i},${'x'.repeat(100)}${i}`).join('\n');
    const result = await loadCsv(small, registerText(small, 'big.csv', line + rows), 'big', {});
    expect(code(result)).toBe('outOfMemory');
    expect(small.queryRows('SELECT 1 AS one')).toEqual([{ one: 1 }]);
  });
});

describe('Parquet loading', () => {
  it('reads a Parquet file row group by row group, with the same values as native DuckDB wrote', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tenure-'));
    const path = join(dir, 'f.parquet');
    const native = await (await DuckDBInstance.create(':memory:')).connect();
    await native.run(`COPY (SELECT range AS id, 'n' || range AS name, DATE '2024-01-01' + (range % 365)::INT AS day,
        range * 1.5 AS amount FROM range(5000)) TO '${path}' (FORMAT parquet, ROW_GROUP_SIZE 2000)`);
    const bytes = new Uint8Array(readFileSync(path));
    const source = {
      rowGroups: 3,
      readRowGroup: async (i: number) => readParquet(bytes, { rowGroups: [i] }).intoIPCStream(),
    };
    const seen: number[] = [];
    const result = ok(
      await loadParquet(engine, source, { fileName: 'f.parquet', bytes: bytes.length }, 'pq', (d) =>
        seen.push(d),
      ),
    );
    expect(seen).toEqual([1, 2, 3]);
    expect(result.table.rows).toBe(5000);
    const nativeTypes = (await native.runAndReadAll(`DESCRIBE SELECT * FROM '${path}'`))
      .getRowObjects()
      .map((r) => String(r.column_type));
    expect(result.table.columns.map((c) => c.type)).toEqual(nativeTypes);
    const [sums] = engine.queryRows<{ s: number; n: string }>(
      "SELECT sum(amount)::DOUBLE AS s, max(name) AS n FROM pq WHERE day = DATE '2024-01-01'",
    );
    // ids 0, 365, 730, ... < 5000 fall on Jan 1: 14 of them; sum of ids = 365 * (0+1+...+13) = 33215
    expect(sums.s).toBeCloseTo(33215 * 1.5, 6);
    const ipc = await engine.run('SELECT count(*) AS n FROM pq');
    expect(Number(tableFromIPC(ipc.ipc).getChild('n')?.get(0))).toBe(5000);
  });
});

describe('cancelling a load', () => {
  it('stops a long CSV load, creates nothing and leaves the engine usable', async () => {
    const rows = Array.from({ length: 1_500_000 }, (_, i) => `${i},C${i % 9973},2024-01-${(i % 28) + 1}`);
    const file = registerText(engine, 'long.csv', `id,customer,day\n${rows.join('\n')}\n`);
    const before = engine.tableNames().sort();
    // the user presses Cancel while the engine reads: at its first pause for other messages (a fixed delay
    // raced the load on a busy machine)
    let pauses = 0;
    const outcome = await loadCsv(
      engine,
      file,
      'long',
      {},
      {
        pause: async () => {
          if (pauses++ === 0) engine.cancel();
          await new Promise((resolve) => setTimeout(resolve, 0));
        },
      },
    );
    expect(pauses).toBeGreaterThan(0);
    expect(code(outcome)).toBe('cancelled');
    expect(engine.tableNames().sort()).toEqual(before);
    expect(engine.queryRows('SELECT 2 AS two')).toEqual([{ two: 2 }]);
  });
});
