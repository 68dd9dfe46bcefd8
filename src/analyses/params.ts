// Named parameters in analysis SQL. The .sql files say `$grain`, `$horizon`; values reach the engine as
// prepared-statement parameters ($1, $2, ...), never pasted. The one exception is `{{segment}}`, an
// identifier (a column cannot be a parameter), which goes through quoteUntrustedIdentifier.
import { quoteUntrustedIdentifier, quoteUntrustedLiteral } from '../engine/sql';

export type ParamValue = string | number | boolean | null;
export type ParamValues = Record<string, ParamValue>;

/** `$name` outside strings, quoted identifiers and comments. */
const TOKEN = /('(?:[^']|'')*')|("(?:[^"]|"")*")|(--[^\n]*)|(\/\*[\s\S]*?\*\/)|\$([a-z_][a-z0-9_]*)/gi;

/** Replaces each `$name` by `$N` and returns the values in N order. Unknown names are an error. */
export function bindNamed(sql: string, values: ParamValues): { sql: string; params: ParamValue[] } {
  const order: string[] = [];
  const bound = sql.replace(TOKEN, (match, single, double, line, block, name: string | undefined) => {
    if (!name) return match;
    if (!(name in values)) throw new Error(`No value for parameter $${name}`);
    let index = order.indexOf(name);
    if (index < 0) index = order.push(name) - 1;
    return `$${index + 1}`;
  });
  return { sql: bound, params: order.map((name) => values[name]) };
}

/** A SQL literal for a value, for SQL a person reads or runs elsewhere (the DuckDB shell). */
export function sqlLiteral(value: ParamValue): string {
  if (value === null) return 'NULL';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`Not a finite number: ${value}`);
    return String(value);
  }
  return quoteUntrustedLiteral(value);
}

/** The same SQL with every `$name` written out as a literal: runnable as it stands. */
export function inlineParams(sql: string, values: ParamValues): string {
  return sql.replace(TOKEN, (match, single, double, line, block, name: string | undefined) => {
    if (!name) return match;
    if (!(name in values)) throw new Error(`No value for parameter $${name}`);
    return sqlLiteral(values[name]);
  });
}

/**
 * Fills `{{segment}}` with a quoted column, or a constant 'All' when there is no breakdown, and
 * `{{has_segment}}` with true or false (queries with an 'All' total row use it to avoid a duplicate).
 */
export function withSegment(sql: string, segmentColumn: string | null): string {
  const expression = segmentColumn ? `${quoteUntrustedIdentifier(segmentColumn)}::VARCHAR` : `'All'`;
  return sql
    .replaceAll('{{segment}}', expression)
    .replaceAll('{{has_segment}}', segmentColumn ? 'true' : 'false');
}

/** Names used in a SQL text, in order of first use. */
export function paramNames(sql: string): string[] {
  const names: string[] = [];
  sql.replace(TOKEN, (match, s, d, l, b, name: string | undefined) => {
    if (name && !names.includes(name)) names.push(name);
    return match;
  });
  return names;
}
