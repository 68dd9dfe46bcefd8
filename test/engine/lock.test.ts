// The engine lock: SQL (including SQL from a shared link) can reach neither the network nor the file system.
import { beforeAll, describe, expect, it } from 'vitest';
import { startEngine, registerText } from '../helpers/engine';
import type { EngineSession } from '../../src/engine/session';
import { lockStatements, memoryLimitFor } from '../../src/engine/lock';

let engine: EngineSession;
beforeAll(async () => {
  engine = await startEngine();
});

describe('engine lock', () => {
  it('reads files registered under the allowed directory', () => {
    const file = registerText(engine, 'ok.csv', 'a,b\n1,2\n');
    expect(engine.queryRows(`SELECT a + b AS s FROM read_csv('${file.path}')`)).toEqual([{ s: 3n }]);
  });

  it.each([
    ["SELECT * FROM read_csv('/etc/hostname')"],
    ["SELECT * FROM read_text('/etc/passwd')"],
    ["SELECT * FROM read_csv('http://127.0.0.1:9/x.csv')"],
    ["SELECT * FROM read_csv('https://example.com/x.csv?' || 'secret')"],
    ["COPY (SELECT 1) TO 'http://127.0.0.1:9/out.csv'"],
    ["ATTACH 'http://127.0.0.1:9/db.duckdb' AS remote"],
    ["SELECT * FROM glob('/etc/*')"],
    ['LOAD httpfs'],
  ])('refuses %s', (sql) => {
    expect(() => engine.queryRows(sql)).toThrow(/Permission Error|disabled|not allowed|Extension/i);
  });

  it.each([
    ['SET enable_external_access = true'],
    ["SET allowed_directories = ['/']"],
    ['SET autoload_known_extensions = true'],
    ['RESET lock_configuration'],
    ['SET lock_configuration = false'],
  ])('keeps its configuration: %s is refused', (sql) => {
    expect(() => engine.queryRows(sql)).toThrow(/locked/i);
  });

  it('has a memory limit below the WASM ceiling', () => {
    const [{ limit }] = engine.queryRows<{ limit: string }>(
      "SELECT current_setting('memory_limit') AS limit",
    );
    expect(limit).toMatch(/GiB|MiB/);
    const gib = parseFloat(limit) * (limit.includes('MiB') ? 1 / 1024 : 1);
    expect(gib).toBeLessThan(4);
    expect(gib).toBeGreaterThan(1);
  });

  it('has no network or parquet extension to autoload', () => {
    expect(
      engine.queryRows<{ v: string }>("SELECT current_setting('autoload_known_extensions')::VARCHAR AS v"),
    ).toEqual([{ v: 'false' }]);
  });
});

describe('query results', () => {
  it('stops at maxRows and says the result was cut only when more rows existed', async () => {
    const exact = await engine.run('SELECT * FROM range(4096)', { maxRows: 4096 });
    expect([exact.rowCount, exact.truncated]).toEqual([4096, false]);
    const cut = await engine.run('SELECT * FROM range(100000)', { maxRows: 4096 });
    expect(cut.truncated).toBe(true);
    expect(cut.rowCount).toBeGreaterThanOrEqual(4096);
    expect(cut.rowCount).toBeLessThan(100000);
  });

  it('binds prepared parameters instead of pasting values', async () => {
    const result = await engine.runRows<{ n: bigint }>(
      'SELECT count(*) AS n FROM range(10) t(x) WHERE x >= ?',
      {
        params: [7],
      },
    );
    expect(result).toEqual([{ n: 3n }]);
  });

  it('cancels a long query when asked', async () => {
    const running = engine.run('SELECT count(*) FROM range(3000000000) t(x) WHERE x % 7 = 3');
    setTimeout(() => engine.cancel(), 300);
    await expect(running).rejects.toThrow(/cancelled/);
    expect(engine.busy).toBe(false);
    expect((await engine.runRows('SELECT 1 AS one'))[0]).toEqual({ one: 1 });
  });
});

describe('memory limit', () => {
  it('is half of what the device has, between 1 and 3 GB, and 3 GB when the browser does not say', () => {
    expect(memoryLimitFor(8)).toBe('3072MB');
    expect(memoryLimitFor(4)).toBe('2048MB');
    expect(memoryLimitFor(2)).toBe('1024MB');
    expect(memoryLimitFor(0.5)).toBe('1024MB');
    expect(memoryLimitFor(undefined)).toBe('3GB');
    // every value is one the lock accepts
    for (const gb of [0.25, 1, 3, 6, 8]) expect(() => lockStatements(memoryLimitFor(gb))).not.toThrow();
  });
});
