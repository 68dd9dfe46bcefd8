// Parquet loads as the browser runs them (issue #13): every row group inserted in one transaction, row groups
// read one ahead (a second worker decodes row group i + 1 while the engine inserts i), and a load that fails
// or is cancelled half way leaves nothing behind: no half table, the table it would replace untouched, no
// transaction left open on the app's connection.
import { beforeAll, describe, expect, it } from 'vitest';
import { tableFromArrays, tableFromIPC, tableToIPC } from 'apache-arrow';
import { startEngine } from '../helpers/engine';
import { loadParquet, type ParquetSource } from '../../src/data/load';
import { readAhead } from '../../src/data/read-ahead';
import type { EngineSession } from '../../src/engine/session';
import type { LoadOutcome } from '../../src/data/files';

let engine: EngineSession;
beforeAll(async () => {
  engine = await startEngine();
});

const code = (outcome: LoadOutcome) => (outcome.ok ? 'ok' : outcome.code);

/** Row group i: 1000 rows with ids from i * 1000. */
const group = (i: number) =>
  tableToIPC(
    tableFromArrays({
      id: Int32Array.from({ length: 1000 }, (_, k) => i * 1000 + k),
      name: Array.from({ length: 1000 }, (_, k) => `n${i * 1000 + k}`),
    }),
    'stream',
  );

/** A source of `groups` row groups that records what was asked and whether it was closed. */
function source(groups: number, failAt?: number) {
  const asked: number[] = [];
  const log = { asked, closed: 0 };
  const src: ParquetSource = {
    rowGroups: groups,
    async readRowGroup(i) {
      asked.push(i);
      if (i === failAt) throw new Error(`row group ${i} is damaged`);
      return group(i);
    },
    close: () => void log.closed++,
  };
  return { src, log };
}

const file = { fileName: 'g.parquet', bytes: 1 };
/** The app's connection is not inside a transaction: BEGIN works (and is rolled back). */
const noOpenTransaction = () => {
  engine.queryRows('BEGIN TRANSACTION');
  engine.queryRows('ROLLBACK');
};

describe('Parquet loads in one transaction', () => {
  it('inserts every row group and closes the file', async () => {
    const { src, log } = source(5);
    const outcome = await loadParquet(engine, src, file, 'pq_all');
    expect(code(outcome)).toBe('ok');
    expect(engine.rowCount('pq_all')).toBe(5000);
    expect(engine.queryRows<{ s: bigint }>('SELECT sum(id)::BIGINT AS s FROM pq_all')[0].s).toBe(
      BigInt((4999 * 5000) / 2),
    );
    expect(log.closed).toBe(1);
    noOpenTransaction();
  });

  it('leaves nothing of a file whose row group fails half way, and keeps the table it would replace', async () => {
    ok(await loadParquet(engine, source(2).src, file, 'pq_keep'));
    const { src, log } = source(5, 3);
    const outcome = await loadParquet(engine, src, file, 'pq_keep');
    expect(outcome).toMatchObject({ ok: false, code: 'parseFailed' });
    expect(engine.rowCount('pq_keep')).toBe(2000);
    expect(engine.tableNames()).not.toContain('__tenure_loading');
    expect(log.closed).toBe(1);
    noOpenTransaction();
  });

  it('stops when cancelled between row groups, rolls back and leaves the engine usable', async () => {
    const before = engine.tableNames().sort();
    const { src, log } = source(6);
    let pauses = 0;
    const outcome = await loadParquet(engine, src, file, 'pq_cancel', undefined, async () => {
      if (++pauses === 2) engine.cancel();
    });
    expect(code(outcome)).toBe('cancelled');
    expect(log.asked).toEqual([0, 1]);
    expect(engine.tableNames().sort()).toEqual(before);
    expect(log.closed).toBe(1);
    noOpenTransaction();
    expect(code(await loadParquet(engine, source(1).src, file, 'pq_after'))).toBe('ok');
  });
});

describe('reading row groups ahead', () => {
  it('asks for the next row group as soon as one is taken, and never past the last', async () => {
    const { src, log } = source(3);
    const ahead = readAhead(src);
    expect(log.asked).toEqual([]);
    await ahead.readRowGroup(0);
    expect(log.asked).toEqual([0, 1]);
    await ahead.readRowGroup(1);
    expect(log.asked).toEqual([0, 1, 2]);
    await ahead.readRowGroup(2);
    expect(log.asked).toEqual([0, 1, 2]);
  });

  it('gives each row group once, in order, as the source decoded it', async () => {
    const ahead = readAhead(source(4).src, 2);
    const firstIds: number[] = [];
    for (let i = 0; i < 4; i++)
      firstIds.push(
        Number(
          tableFromIPC(await ahead.readRowGroup(i))
            .getChild('id')
            ?.get(0),
        ),
      );
    expect(firstIds).toEqual([0, 1000, 2000, 3000]);
  });

  it('throws the failure of a row group read ahead when that group is taken, not before', async () => {
    const ahead = readAhead(source(3, 1).src);
    await expect(ahead.readRowGroup(0)).resolves.toBeInstanceOf(Uint8Array);
    await expect(ahead.readRowGroup(1)).rejects.toThrow('row group 1 is damaged');
  });

  it('closes the source and refuses reads after close', async () => {
    const { src, log } = source(3);
    const ahead = readAhead(src);
    await ahead.readRowGroup(0);
    ahead.close?.();
    expect(log.closed).toBe(1);
    await expect(ahead.readRowGroup(1)).rejects.toThrow('closed');
  });

  it('loads the same table as reading without it', async () => {
    const outcome = await loadParquet(engine, readAhead(source(4).src), file, 'pq_ahead');
    expect(code(outcome)).toBe('ok');
    expect(engine.rowCount('pq_ahead')).toBe(4000);
    expect(engine.queryRows<{ n: string }>('SELECT max(name) AS n FROM pq_ahead')[0].n).toBe('n999');
  });
});

function ok(outcome: LoadOutcome) {
  if (!outcome.ok) throw new Error(`load failed: ${outcome.code}`);
  return outcome;
}
