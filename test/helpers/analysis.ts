// Runs analysis SQL on the real engine the way the app does: named parameters bound, segment filled in.
import { tableFromIPC } from 'apache-arrow';
import type { EngineSession } from '../../src/engine/session';
import type { CsvOptions } from '../../src/engine/api';
import { bindNamed, withSegment, type ParamValues } from '../../src/analyses/params';
import { canonicalSql, type Mapping } from '../../src/data/mapping';
import { loadCsv } from '../../src/data/load';
import { registerText } from './engine';

export type Row = Record<string, unknown>;

export async function runSql(
  engine: EngineSession,
  sql: string,
  values: ParamValues,
  segment: string | null = null,
) {
  const bound = bindNamed(withSegment(sql, segment), values);
  const result = await engine.run(bound.sql, { params: bound.params });
  return tableFromIPC(result.ipc)
    .toArray()
    .map((r) => {
      const row = r.toJSON() as Row;
      for (const [key, value] of Object.entries(row)) if (typeof value === 'bigint') row[key] = Number(value);
      return row;
    });
}

type MappingInput = Mapping extends infer M
  ? M extends Mapping
    ? Omit<M, 'table'> & { table?: string }
    : never
  : never;

/** Loads CSV text as a table and maps it to its canonical table. */
export async function mapFixture(
  engine: EngineSession,
  csv: string,
  mapping: MappingInput,
  options: CsvOptions = {},
) {
  const table = mapping.table ?? `src_${mapping.kind}`;
  const outcome = await loadCsv(engine, registerText(engine, `${table}.csv`, csv), table, options);
  if (!outcome.ok) throw new Error(`fixture failed to load: ${outcome.code} ${outcome.detail ?? ''}`);
  engine.queryRows(canonicalSql({ ...mapping, table } as Mapping));
}

/** Rounds numbers for comparison with hand-computed values. */
export function round(rows: Row[], digits = 6): Row[] {
  return rows.map((row) =>
    Object.fromEntries(
      Object.entries(row).map(([k, v]) => [k, typeof v === 'number' ? Number(v.toFixed(digits)) : v]),
    ),
  );
}

export const isoDate = (ms: unknown) => (ms == null ? null : new Date(Number(ms)).toISOString().slice(0, 10));
