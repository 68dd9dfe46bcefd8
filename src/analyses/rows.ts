// Typed decoding of result rows. Each analysis declares the columns its SQL returns and their types; the
// Arrow result is read once through that schema into plain typed rows (BIGINT counts become numbers,
// dates become epoch milliseconds), and a result that lacks a declared column fails loudly instead of
// drawing an empty chart. The rows are what charts and drill-downs read; the grid reads Arrow directly.
import type { Table } from 'apache-arrow';

export interface Column<T> {
  readonly type: 'number' | 'text' | 'date' | 'bool';
  readonly nullable: boolean;
  /** The column may be missing from the result (a source that does not return it): read as null. */
  readonly mayBeAbsent: boolean;
  decode(value: unknown): T;
}

export type Schema = Record<string, Column<unknown>>;
export type RowOf<S extends Schema> = { [K in keyof S]: S[K] extends Column<infer T> ? T : never };

export class DecodeError extends Error {
  override name = 'DecodeError';
}

function toNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date) return value.getTime();
  throw new DecodeError(`expected a number, got ${typeof value}`);
}

function column<T>(
  type: Column<T>['type'],
  decode: (value: unknown) => T,
): Column<T> & { orNull: Column<T | null>; optional: Column<T | null> } {
  const strict: Column<T> = {
    type,
    nullable: false,
    mayBeAbsent: false,
    decode(value) {
      if (value == null) throw new DecodeError('unexpected NULL');
      return decode(value);
    },
  };
  const orNull: Column<T | null> = {
    type,
    nullable: true,
    mayBeAbsent: false,
    decode: (value) => (value == null ? null : decode(value)),
  };
  return { ...strict, orNull, optional: { ...orNull, mayBeAbsent: true } };
}

/** A number (DOUBLE, INTEGER, BIGINT, DECIMAL): always a JS number. */
export const num = column('number', toNumber);
/** Text (VARCHAR, or anything shown as text). */
export const text = column('text', (v) => String(v));
/** A DATE or TIMESTAMP as epoch milliseconds (UTC). */
export const date = column('date', toNumber);
export const bool = column('bool', (v) => {
  if (typeof v !== 'boolean') throw new DecodeError(`expected true/false, got ${typeof v}`);
  return v;
});

/** Reads every row of an Arrow result through a schema. */
export function decodeRows<S extends Schema>(schema: S, table: Table): RowOf<S>[] {
  const names = Object.keys(schema);
  const vectors = names.map((name) => {
    const vector = table.getChild(name);
    if (!vector && !schema[name].mayBeAbsent) throw new DecodeError(`The result has no column "${name}".`);
    return vector;
  });
  const rows: RowOf<S>[] = new Array(table.numRows);
  for (let i = 0; i < table.numRows; i++) {
    const row: Record<string, unknown> = {};
    names.forEach((name, j) => {
      try {
        row[name] = schema[name].decode(vectors[j]?.get(i) ?? null);
      } catch (error) {
        const why = error instanceof Error ? error.message : String(error);
        throw new DecodeError(`Row ${i + 1}, column "${name}": ${why}`);
      }
    });
    rows[i] = row as RowOf<S>;
  }
  return rows;
}
