// SQL a person runs, split and classified with DuckDB's own tokenizer (src/engine/statements.ts): a `;` or
// a keyword inside a string, a quoted name, a dollar quote or a comment is not one; what creates, replaces
// or sets something is marked; pragmas that set, transaction control, DETACH and NUL bytes are refused.
import { beforeAll, describe, expect, it } from 'vitest';
import { startEngine } from '../helpers/engine';
import { inspectUserSql } from '../../src/engine/user-sql';
import { refusalOf } from '../../src/engine/statements';
import type { EngineSession } from '../../src/engine/session';

let engine: EngineSession;
beforeAll(async () => {
  engine = await startEngine();
});

const inspect = (sql: string) => inspectUserSql(engine.bindings, sql);
const texts = (sql: string) => inspect(sql).statements.map((s) => sql.slice(s.start, s.end));

describe('statements', () => {
  it('splits where DuckDB does, not inside strings, names, dollar quotes or comments', () => {
    const sql = `SELECT 'a;b' AS "we;ird"; /* CREATE x; */ SELECT $$c;d$$ -- DROP y;\n; SELECT 3`;
    expect(texts(sql)).toEqual([`SELECT 'a;b' AS "we;ird"`, `SELECT $$c;d$$ -- DROP y;`, 'SELECT 3']);
    expect(inspect(sql).statements.map((s) => s.changes)).toEqual([false, false, false]);
  });

  it('marks what creates, replaces or sets something, whatever its case', () => {
    const sql =
      "select 1; create or replace macro datediff(a, b, c) as 0; Set search_path = 'x'; WITH t AS (SELECT 1) INSERT INTO u SELECT * FROM t";
    const info = inspect(sql);
    expect(info.statements.map((s) => [s.verb, s.changes])).toEqual([
      ['SELECT', false],
      ['CREATE', true],
      ['SET', true],
      ['WITH', true],
    ]);
    expect(refusalOf(info)).toBeNull();
  });

  it.each([
    ['PRAGMA enable_profiling', 'pragma', 'enable_profiling'],
    ['SELECT 1; pragma disable_optimizer', 'pragma', 'disable_optimizer'],
    ['BEGIN TRANSACTION', 'transaction', 'BEGIN'],
    ['SELECT 1; COMMIT', 'transaction', 'COMMIT'],
    ['PREPARE p AS ROLLBACK', 'transaction', 'ROLLBACK'],
    ['END', 'transaction', 'END'],
    ['DETACH tenure', 'detach', 'DETACH'],
    ['SELECT 1;\u0000 DROP TABLE x', 'nul', null],
  ])('refuses %j', (sql, reason, word) => {
    expect(refusalOf(inspect(sql))).toEqual({ reason, word });
  });

  it('lets pragmas that read, and CASE ... END, through', () => {
    expect(refusalOf(inspect("PRAGMA table_info('t'); PRAGMA show_tables; PRAGMA version"))).toBeNull();
    expect(refusalOf(inspect('SELECT CASE WHEN 1 = 1 THEN 2 END AS x'))).toBeNull();
  });

  it('counts what a NUL byte would hide', () => {
    const info = inspect('SELECT 1;\u0000 CREATE MACRO x() AS 1');
    expect(info.nulAt).toBe(9);
    expect(info.length).toBe(32);
    // the tokenizer reads up to the NUL byte; the review shows the rest after it
    expect(info.statements.map((s) => s.verb)).toEqual(['SELECT']);
  });
});
