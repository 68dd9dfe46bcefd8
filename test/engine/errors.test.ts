// Engine errors as data: DuckDB's error text read once into a kind, never a guess from words in it
// (issue #9: a binder error naming the column `cancelled_at` was shown as a cancelled query).
import { beforeAll, describe, expect, it } from 'vitest';
import { EngineFailure, errorPosition, parseDuckDbError, toEngineError } from '../../src/engine/errors';
import type { EngineSession } from '../../src/engine/session';
import { startEngine } from '../helpers/engine';

let engine: EngineSession;
beforeAll(async () => {
  engine = await startEngine();
  engine.queryRows('CREATE TABLE subs (cancelled_at INTEGER)');
});

/** The error a query gets from the real engine, as the engine host would turn it into data. */
async function errorOf(sql: string) {
  const error = await engine.run(sql).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(EngineFailure);
  return (error as EngineFailure).error;
}

describe('engine errors', () => {
  it('unwraps the JSON form of parser errors', () => {
    const raw =
      '{"exception_type":"Parser","exception_message":"syntax error at or near \\"selec\\"\\n\\nLINE 1: selec 1\\n        ^","error_subtype":"SYNTAX_ERROR","position":"0"}';
    expect(parseDuckDbError(raw).type).toBe('Parser');
    expect(toEngineError(new Error(raw))).toEqual({
      kind: 'sql',
      type: 'Parser',
      message: 'syntax error at or near "selec"',
      position: { line: 1, column: 1 },
    });
  });

  it('keeps a binder error that names a column called cancelled_at a binder error', async () => {
    const error = await errorOf('SELECT cancelled_on FROM subs');
    expect(error).toMatchObject({ kind: 'sql', type: 'Binder' });
    expect(error.kind === 'sql' && error.message).toMatch(/cancelled_on.*\n.*cancelled_at/);
  });

  it('finds the column of a binder error reported by the real engine', async () => {
    const sql = 'SELECT 1 AS a,\n  nope FROM range(3)';
    const error = await errorOf(sql);
    expect(error).toMatchObject({ kind: 'sql', type: 'Binder' });
    // DuckDB reports positions in the statement; "nope" starts at line 2, column 3.
    expect(error.kind === 'sql' && error.position).toEqual({ line: 2, column: 3 });
  });

  it('tells the lock, the catalogue, conversions and locked settings apart', async () => {
    expect(await errorOf("SELECT * FROM read_csv('http://127.0.0.1:9/x.csv')")).toMatchObject({
      kind: 'permission',
    });
    expect(await errorOf('SELECT * FROM nope')).toMatchObject({ kind: 'sql', type: 'Catalog' });
    expect(await errorOf("SELECT 'a'::INTEGER")).toMatchObject({ kind: 'sql', type: 'Conversion' });
    expect(await errorOf('SET enable_external_access = true')).toMatchObject({
      kind: 'sql',
      type: 'Invalid Input',
    });
  });

  it('reports running out of memory as its own kind', async () => {
    const small = await startEngine('64MB');
    const error = await small.run('SELECT list(range) FROM range(20000000)').then(
      () => null,
      (e: unknown) => (e as EngineFailure).error,
    );
    expect(error).toMatchObject({ kind: 'outOfMemory' });
  });

  it('says cancelled only when the call was cancelled, whatever the words', () => {
    const interrupt = new Error('INTERRUPT Error: Interrupted!');
    expect(toEngineError(interrupt)).toEqual({ kind: 'cancelled' });
    const text = new Error('Binder Error: Referenced column "x" not found! Candidate: "cancelled"');
    expect(toEngineError(text)).toMatchObject({ kind: 'sql', type: 'Binder' });
    expect(toEngineError(text, true)).toEqual({ kind: 'cancelled' });
  });

  it('reads positions out of the LINE window, and knows when there is none', () => {
    expect(errorPosition('Parser Error: x\n\nLINE 3: SELEC 1\n        ^')).toEqual({ line: 3, column: 1 });
    expect(errorPosition('Catalog Error: no position')).toBeNull();
  });
});
