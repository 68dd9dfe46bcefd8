// Named parameters in analysis SQL. The .sql files say `$grain`, `$horizon`; values reach the engine as
// prepared-statement parameters ($1, $2, ...), never pasted. The one exception is `{{segment}}`, an
// identifier (a column cannot be a parameter), which goes through quoteUntrustedIdentifier. Shared SQL is
// put together before binding: a source's part fills the `{{name}}` slot of an analysis body (splice).
import { quoteUntrustedIdentifier, quoteUntrustedLiteral } from '../engine/sql';
import type { ParamValue, ParamValues } from './params';

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

/**
 * Puts parts into SQL that reads them through a `{{name}}` slot (`WITH {{activity}},`, `{{active}},`): a
 * source's CTEs into an analysis body shared by several sources. Each slot appears once outside comments
 * (comments may name it); a missing slot is an error.
 */
export function splice(sql: string, parts: Record<string, string>): string {
  const lines = sql.split('\n');
  for (const [name, part] of Object.entries(parts)) {
    const slot = `{{${name}}}`;
    const at = lines.findIndex((line) => line.includes(slot) && !line.trimStart().startsWith('--'));
    if (at < 0) throw new Error(`SQL has no {{${name}}} slot`);
    lines[at] = lines[at].replace(slot, () => `\n${part.trim()}`);
  }
  return lines.join('\n');
}

/**
 * The named parts of a part file: each `-- part: <name>` line starts one (the file's header comments go
 * with the first part).
 */
export function sqlParts(text: string): Record<string, string> {
  const parts: Record<string, string> = {};
  const pieces = text.split(/^-- part: (\w+)\s*$/m);
  const header = pieces[0];
  for (let i = 1; i < pieces.length; i += 2) parts[pieces[i]] = (i === 1 ? header : '') + pieces[i + 1];
  if (pieces.length < 3) throw new Error('No "-- part: <name>" line');
  return parts;
}
