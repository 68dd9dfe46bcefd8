// The benchmark's input files: order lines from the seeded sample generator (scripts/generate-samples.mjs,
// through its command line), and the same rows as Parquet written by native DuckDB's COPY. Cached under
// bench/data/ (ignored by git): a second run with the same size, seed and generator reuses them.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

export const CACHE = 'bench/data';
const GENERATOR = 'scripts/generate-samples.mjs';

/**
 * Line items per order on the default seed (1 to 4 lines each; measured: 100,539 lines for 73,500 orders).
 * The generator is sized in orders; this turns a line count into enough orders to reach it.
 */
const LINES_PER_ORDER = 1.367;

/**
 * @typedef {{ dir: string, csv: string, parquet: string, lines: number, orders: number, seed: number,
 *   csvBytes: number, parquetBytes: number, rowGroups: number, generated: boolean }} BenchData
 */

/**
 * The CSV and Parquet files of at least `lines` order lines, generating them when the cache has none.
 * @param {{ lines: number, seed?: number, log?: (line: string) => void }} options
 * @returns {Promise<BenchData>}
 */
export async function ensureData({ lines, seed = 42, log = () => {} }) {
  const generatorHash = createHash('sha256').update(readFileSync(GENERATOR)).digest('hex').slice(0, 12);
  const dir = join(CACHE, `lines-${lines}-seed-${seed}-${generatorHash}`);
  const manifestPath = join(dir, 'manifest.json');
  const csv = join(dir, 'orders.csv');
  const parquet = join(dir, 'orders.parquet');
  if (existsSync(manifestPath)) {
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    if (manifest.lines >= lines) return { ...manifest, csv, parquet, dir, generated: false };
  }
  const started = performance.now();
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  const countLines = async () =>
    Number((await conn.runAndReadAll(`SELECT count(*)::BIGINT FROM read_csv('${csv}')`)).getRows()[0][0]);
  let orders = Math.ceil(lines / LINES_PER_ORDER);
  let count = 0;
  // Small samples vary around the average: ask for more orders until there are enough lines.
  for (let attempt = 0; attempt < 5 && count < lines; attempt++) {
    if (attempt > 0) orders = Math.ceil(orders * (lines / count) * 1.01);
    rmSync(dir, { recursive: true, force: true });
    log(`generating ${orders.toLocaleString('en')} orders (seed ${seed}) into ${dir}`);
    execFileSync(
      process.execPath,
      [GENERATOR, '--only', 'orders', '--orders', String(orders), '--seed', String(seed), '--out', dir],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    );
    count = await countLines();
  }
  if (count < lines) throw new Error(`generated ${count} lines, fewer than ${lines}`);
  // The same reader options as the app's load (encoding sniffed as UTF-8), default Parquet settings.
  await conn.run(
    `COPY (SELECT * FROM read_csv('${csv}', encoding = 'utf-8')) TO '${parquet}' (FORMAT parquet)`,
  );
  const groups = await conn.runAndReadAll(
    `SELECT count(DISTINCT row_group_id)::BIGINT AS n FROM parquet_metadata('${parquet}')`,
  );
  conn.closeSync();
  instance.closeSync();
  const manifest = {
    lines: count,
    orders,
    seed,
    csvBytes: statSync(csv).size,
    parquetBytes: statSync(parquet).size,
    rowGroups: Number(groups.getRows()[0][0]),
  };
  writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
  log(
    `generated ${manifest.lines.toLocaleString('en')} lines: CSV ${mb(manifest.csvBytes)}, ` +
      `Parquet ${mb(manifest.parquetBytes)} in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  return { ...manifest, csv, parquet, dir, generated: true };
}

/** @param {number} bytes */
export function mb(bytes) {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}
