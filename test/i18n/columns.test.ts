// Every column an analysis shows in its result table has a name in both languages (`columns.<name>` in the
// catalogues; the grid shows it, with the SQL name in its tooltip). The columns are found by running every
// analysis and view on the samples, each mapped as the mapping form guesses it.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { tableFromIPC } from 'apache-arrow';
import en from '../../src/i18n/en.json';
import zh from '../../src/i18n/zh-CN.json';
import { ANALYSES } from '../../src/analyses';
import { analysisQuery, bindQuery, viewSql, type BoundQuery } from '../../src/analyses/query';
import { guess, guessKind } from '../../src/data/guess';
import { mapSource } from '../../src/data/map-ops';
import { readProfile, profileSql } from '../../src/data/profile';
import { EMPTY_CUSTOMER_CLV } from '../../src/analyses/predictive-clv/customer-clv';
import type { SourceKind } from '../../src/data/sources';
import type { EngineSession } from '../../src/engine/session';
import { fileLoader, startEngine } from '../helpers/engine';
import { buildSummaries } from '../../src/analyses/summaries/build';

let engine: EngineSession;
const mapped = new Set<SourceKind>();

beforeAll(async () => {
  engine = await startEngine();
  const files = fileLoader(engine);
  for (const name of ['orders', 'subscriptions', 'nps', 'cancellations']) {
    const outcome = await files.load(
      `${name}.csv`,
      new Uint8Array(readFileSync(new URL(`../../sample-data/${name}.csv`, import.meta.url))),
      { table: `${name}_raw` },
    );
    if (!outcome.ok) throw new Error(outcome.code);
    const columns = engine.describe(`${name}_raw`);
    const [row] = engine.queryRows(profileSql(`${name}_raw`, columns));
    const profile = readProfile(`${name}_raw`, columns, row);
    const { kind } = guessKind(columns, profile);
    await mapSource(engine, guess(kind, `${name}_raw`, columns, profile).mapping, columns);
    mapped.add(kind);
  }
  engine.queryRows(EMPTY_CUSTOMER_CLV);
}, 120_000);

/** The columns of a query's result, without reading its rows (the summaries it reads made first). */
async function columnsOf({ sql, params, summaries }: BoundQuery): Promise<string[]> {
  await buildSummaries((text) => engine.runRows(text), summaries);
  const result = await engine.run(`SELECT * FROM (${sql}) LIMIT 0`, { params });
  return tableFromIPC(result.ipc).schema.fields.map((f) => f.name);
}

type Tree = { [key: string]: string | Tree };
const has = (tree: Tree, key: string) => typeof (tree.columns as Tree | undefined)?.[key] === 'string';

describe('result columns', () => {
  it('all have a name in both languages', async () => {
    const names = new Set<string>();
    for (const analysis of ANALYSES) {
      for (const source of Object.keys(analysis.sources) as SourceKind[]) {
        if (!mapped.has(source)) continue;
        const values = analysis.defaults();
        const bound = analysisQuery(analysis, source, values);
        for (const name of await columnsOf(bound)) names.add(name);
        for (const view of analysis.views) {
          const b = bindQuery(viewSql(view, source), bound.values);
          for (const name of await columnsOf(b)) names.add(name);
        }
        // the customers behind a mark: the mark's own parameters as NULL (the columns are what matters)
        const drill = analysis.sources[source]?.drill;
        if (drill) {
          const marks = Object.fromEntries(
            [...drill.matchAll(/\$([a-z_][a-z0-9_]*)/gi)].map((m) => [m[1], null]),
          );
          const b = bindQuery(drill, { ...marks, ...bound.values });
          for (const name of await columnsOf(b)) names.add(name);
        }
      }
    }
    expect(mapped).toEqual(new Set(['orders', 'subscriptions', 'survey', 'cancellations']));
    expect(names.size).toBeGreaterThan(40);
    const missing = [...names].filter((n) => !has(en as Tree, n) || !has(zh as Tree, n)).sort();
    expect(missing).toEqual([]);
  }, 120_000);
});
