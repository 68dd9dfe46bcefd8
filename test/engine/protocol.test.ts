// The engine protocol on the real engine, through the app's own client and host (in-process instead of a
// worker): calls that overlap never collide, a lane's newer call supersedes the older, cancel names the
// call it stops, the same work asked for twice in a row runs once, errors arrive as kinds, and a hard
// stop fails what was in flight and starts a fresh engine (issue #9).
import { describe, expect, it } from 'vitest';
import { EngineFailure, type EngineError } from '../../src/engine/errors';
import { localEngine } from '../helpers/engine';

/** The error a promise fails with (or 'ok'). */
async function outcome(promise: Promise<unknown>): Promise<EngineError | 'ok'> {
  try {
    await promise;
    return 'ok';
  } catch (error) {
    if (error instanceof EngineFailure) return error.error;
    throw error;
  }
}

// many seconds of work, cancellable: every test that starts it stops it
const SLOW = 'SELECT count(*) AS n FROM range(3000000000) t(x) WHERE x % 7 = 3';

describe('engine protocol', () => {
  it('returns a long result and a short one started while it streams, both whole', async () => {
    const { engine } = localEngine();
    await engine.start();
    const long = engine.query('SELECT range AS i, range % 7 AS j FROM range(900000)');
    const short = engine.query('SELECT 42 AS x');
    const preview = engine.query('SELECT * FROM range(100)', { lane: 'preview' });
    const [a, b, c] = await Promise.all([long, short, preview]);
    expect(a.rowCount).toBe(900_000);
    expect(a.table.numRows).toBe(900_000);
    expect(a.truncated).toBe(false);
    expect(Number(a.table.getChild('i')!.get(899_999))).toBe(899_999);
    expect(b.table.getChild('x')!.get(0)).toBe(42);
    expect(c.table.numRows).toBe(100);
  });

  it('supersedes the older call of a lane: it fails as superseded, the newer one answers', async () => {
    const { engine } = localEngine();
    await engine.start();
    const older = engine.query(SLOW, { lane: 'analysis' });
    const newer = engine.query('SELECT 2 AS two', { lane: 'analysis' });
    expect(await outcome(older)).toEqual({ kind: 'superseded' });
    expect((await newer).table.getChild('two')!.get(0)).toBe(2);
    // other lanes are not touched
    const [x, y] = await Promise.all([
      engine.query('SELECT 1 AS a', { lane: 'preview' }),
      engine.query('SELECT 3 AS b', { lane: 'analysis' }),
    ]);
    expect([x.table.getChild('a')!.get(0), y.table.getChild('b')!.get(0)]).toEqual([1, 3]);
  });

  it('cancels the call it names: a queued one is dropped, a running one interrupted, the others run', async () => {
    const ran: string[] = [];
    const { engine } = localEngine({ observe: (op, args) => ran.push((args as { sql: string }).sql) });
    await engine.start();
    const stopRunning = new AbortController();
    const stopQueued = new AbortController();
    const running = engine.query(SLOW, { signal: stopRunning.signal });
    const queued = engine.query('SELECT 1 AS queued', { signal: stopQueued.signal });
    const last = engine.query('SELECT 3 AS last');
    stopQueued.abort();
    setTimeout(() => stopRunning.abort(), 100);
    expect(await outcome(running)).toEqual({ kind: 'cancelled' });
    expect(await outcome(queued)).toEqual({ kind: 'cancelled' });
    expect((await last).table.getChild('last')!.get(0)).toBe(3);
    expect(ran).toEqual([SLOW, 'SELECT 3 AS last']);
  });

  it('runs the same work asked for twice in a row once, and again once something else ran', async () => {
    const ran: string[] = [];
    const { engine } = localEngine({ observe: (op, args) => ran.push((args as { sql: string }).sql) });
    await engine.start();
    const create = 'CREATE OR REPLACE TABLE t AS SELECT range AS i FROM range(10)';
    await Promise.all([engine.query(create), engine.query(create)]);
    expect(ran.filter((sql) => sql === create)).toHaveLength(1);
    // something in between: both run, in order (the result must reflect the last one)
    await Promise.all([
      engine.query(create),
      engine.query('CREATE OR REPLACE TABLE t AS SELECT 99 AS i'),
      engine.query(create),
    ]);
    expect(ran.filter((sql) => sql === create)).toHaveLength(3);
    expect((await engine.query('SELECT count(*)::INTEGER AS n FROM t')).table.getChild('n')!.get(0)).toBe(10);
  });

  it('carries errors as kinds: a binder error naming cancelled_at is not a cancel', async () => {
    const { engine } = localEngine();
    await engine.query('CREATE TABLE subs (cancelled_at DATE)');
    const error = await outcome(engine.query('SELECT cancelled_on FROM subs'));
    expect(error).toMatchObject({ kind: 'sql', type: 'Binder', position: { line: 1, column: 8 } });
    expect(await outcome(engine.query("SELECT * FROM read_csv('http://127.0.0.1:9/x.csv')"))).toMatchObject({
      kind: 'permission',
    });
  });

  it('fails the calls in flight on a hard stop, starts a fresh engine, then lets the page restore', async () => {
    const { engine } = localEngine();
    await engine.query('CREATE TABLE kept AS SELECT 1 AS x');
    const restored: string[] = [];
    engine.onRestart(async (why) => {
      restored.push(why.reason);
      await engine.query('CREATE TABLE kept AS SELECT 2 AS x');
    });
    const slow = outcome(engine.query(SLOW));
    const queued = outcome(engine.query('SELECT 1'));
    await new Promise((r) => setTimeout(r, 50));
    await engine.hardStop();
    expect(await slow).toMatchObject({ kind: 'engineStopped', reason: 'stopped' });
    expect(await queued).toMatchObject({ kind: 'engineStopped', reason: 'stopped' });
    expect(restored).toEqual(['stopped']);
    expect((await engine.query('SELECT x FROM kept')).table.getChild('x')!.get(0)).toBe(2);
    expect(engine.pending).toBe(0);
  });
});
