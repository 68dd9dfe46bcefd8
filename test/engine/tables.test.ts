// The table list never runs a query that can block (issue #11, finding 6): a view is listed with its
// columns and no row count (its count would run its query: here ten trillion rows, in a call nothing can
// cancel), tables are counted, and each says which database it is in.
import { beforeAll, describe, expect, it } from 'vitest';
import { startEngine } from '../helpers/engine';
import type { EngineSession } from '../../src/engine/session';

let engine: EngineSession;
beforeAll(async () => {
  engine = await startEngine();
  await engine.run('CREATE TABLE kept AS SELECT range AS x FROM range(5)');
  await engine.runUser('CREATE VIEW endless AS SELECT range AS n FROM range(10000000000000)');
  await engine.runUser('CREATE TABLE mine AS SELECT 1 AS y UNION ALL SELECT 2');
});

describe('table list', () => {
  it('lists a view without counting it, and counts the tables', () => {
    const started = performance.now();
    const listed = engine.listTables();
    expect(performance.now() - started).toBeLessThan(5000);
    expect(listed.find((t) => t.name === 'endless')).toEqual({
      name: 'endless',
      origin: 'user',
      view: true,
      rows: null,
      columns: [{ name: 'n', type: 'BIGINT' }],
    });
    expect(listed.find((t) => t.name === 'kept')).toMatchObject({ origin: 'app', view: false, rows: 5 });
    expect(listed.find((t) => t.name === 'mine')).toMatchObject({ origin: 'user', view: false, rows: 2 });
  });
});
