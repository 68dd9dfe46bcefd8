// The semantic layer: which column of the user's table plays which role, and the SQL that turns the table
// into a canonical one (`orders`, `subscriptions`, `customers`; see sources/). Analyses read only those.
// Every identifier goes through quoteUntrustedIdentifier; filter values are quoted literals (they become
// part of a table definition, where no parameter can be bound).
import type { ColumnInfo } from '../engine/api';
import { quoteUntrustedIdentifier as id, quoteUntrustedLiteral as literal } from '../engine/sql';
import { sourceDef, type Mapping, type MappingProblem, type SourceKind } from './sources';
import { trimmedText } from './sources/expressions';

export type { Mapping, MappingProblem, RowFilter } from './sources';

// guessing lives in guess.ts; the form and older callers take it from here too
export { guessMapping } from './guess';

/** Problems that make a mapping unusable, as message keys with the role they concern. */
export function mappingProblems(mapping: Mapping<SourceKind>, columns: ColumnInfo[]): MappingProblem[] {
  const def = sourceDef(mapping.kind);
  const names = new Set(columns.map((c) => c.name));
  const problems: MappingProblem[] = [];
  for (const { id: role, required } of def.roles) {
    const column = mapping.roles[role];
    if (!column) {
      if (required) problems.push({ code: 'missing', role });
    } else if (!names.has(column)) problems.push({ code: 'unknownColumn', role });
  }
  problems.push(...(def.problems?.(mapping) ?? []));
  for (const s of mapping.segments) if (!names.has(s)) problems.push({ code: 'unknownColumn', column: s });
  if (new Set(mapping.segments).size !== mapping.segments.length) problems.push({ code: 'duplicateSegment' });
  if (mapping.filter && !names.has(mapping.filter.column))
    problems.push({ code: 'unknownColumn', column: mapping.filter.column });
  return problems;
}

function whereClause(filter: Mapping['filter']): string {
  if (!filter || filter.exclude.length === 0) return '';
  const values = filter.exclude.map(literal).join(', ');
  return `WHERE ${id(filter.column)}::VARCHAR IS NULL OR ${id(filter.column)}::VARCHAR NOT IN (${values})`;
}

function segmentList(segments: string[], aggregate: boolean): string {
  return segments
    .map((s) => `,\n  ${aggregate ? `any_value(${id(s)})` : id(s)}::VARCHAR AS ${id(segmentColumn(s))}`)
    .join('');
}

/**
 * Fills the `{{name}}` slots of a template outside its comments (comments may name slots); a slot without a
 * fragment is a bug. `used` collects the fragments the template used.
 */
function fill(sql: string, fragments: Record<string, string>, used: Set<string>): string {
  return sql
    .split('\n')
    .map((line) =>
      line.trimStart().startsWith('--')
        ? line
        : line.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
            if (!(name in fragments)) throw new Error(`No fragment for {{${name}}}`);
            used.add(name);
            return fragments[name];
          }),
    )
    .join('\n');
}

/**
 * Fills templates that share their fragments: every slot must have a fragment, and every fragment but the
 * common ones (`common`) must be used by one of the templates.
 */
export function fillTemplates(
  sqls: string[],
  fragments: Record<string, string>,
  common: string[] = [],
): string[] {
  const used = new Set<string>(common);
  const filled = sqls.map((sql) => fill(sql, fragments, used));
  const unused = Object.keys(fragments).filter((name) => !used.has(name));
  if (unused.length) throw new Error(`Template has no slot for ${unused.join(', ')}`);
  return filled;
}

/** Fills one template (see fillTemplates). */
export function fillTemplate(sql: string, fragments: Record<string, string>): string {
  return fillTemplates([sql], fragments, ['where', 'segments', 'segments_any'])[0];
}

/** The temporary tables a staged mapping reads through (dropped once its report is made). */
export const STAGE_TABLES = { lines: 'tenure_lines', groups: 'tenure_groups' } as const;

/** A first-column value that marks a totals row (English, Chinese, German, French, Spanish, Italian). */
const TOTALS =
  "'^(grand[ _-]?)?totals?:?$|^(合计|总计|總計|小计)|^(summe|gesamt(summe)?|total général|total general|totale)$'";

/** The customer sample's shares the form offers (share of customers kept). */
export const SAMPLE_SHARES = [1, 0.5, 0.25, 0.1, 0.05, 0.01] as const;

/**
 * A sample's threshold out of 10,000: a customer is kept when `hash(customer_id) % 10000` is below it.
 * Null when nothing is sampled (no share, or a share of 1 or more).
 */
export function sampleThreshold(sample: number | undefined): number | null {
  if (sample === undefined || !Number.isFinite(sample) || sample >= 1) return null;
  return Math.max(1, Math.min(9999, Math.round(sample * 10000)));
}

/**
 * Whether the customer id `expr` (canonical text; NULL passes: rows without a customer are left to their
 * own check, or kept where a customer is optional) is in the mapping's sample. DuckDB's hash of the same
 * text is the same on every run, so the same customers are kept every time.
 */
function sampledSql(sample: number | undefined, expr: string): string {
  const threshold = sampleThreshold(sample);
  return threshold === null ? 'true' : `(${expr} IS NULL OR hash(${expr}) % 10000 < ${threshold})`;
}

/**
 * Whether a line is in the sample, for orders (the lines stage; see orders_lines.sql). Lines that are the
 * orders: by their customer. Lines grouped by an order id: by their customer too, which leaves the unsampled
 * customers' lines out before the grouping (its memory is the sample's), but only where every line with an
 * order id names its customer: where some do not (Shopify writes the customer on an order's first line
 * only), a line cannot be placed without its order, and the orders are sampled whole after grouping
 * (orders_groups.sql). One count over the user's table, made only with a sample, says which.
 */
function lineSampledSql(mapping: Mapping<SourceKind>, source: string, totalsRow: string): string {
  const sampled = sampledSql(mapping.sample, 'customer_id');
  if (sampled === 'true' || mapping.kind !== 'orders' || !mapping.roles.orderId) return sampled;
  return `(${sampled} OR (SELECT count(*) > 0 FROM ${source} WHERE ${unnamedLine(mapping, totalsRow)}))`;
}

/** A line with an order id and no customer (a totals row aside). */
function unnamedLine(mapping: Mapping<SourceKind>, totalsRow: string): string {
  const orderKey = trimmedText(mapping.roles.orderId);
  const customer = trimmedText(mapping.roles.customerId);
  return `${orderKey} IS NOT NULL AND ${customer} IS NULL AND NOT ${totalsRow}`;
}

/**
 * For orders grouped by an order id: whether some line with an order id names no customer, so that a
 * sample takes whole orders after grouping (one row, `whole`). Null for other mappings.
 */
export function wholeOrdersSql(mapping: Mapping<SourceKind>, columns: ColumnInfo[]): string | null {
  if (mapping.kind !== 'orders' || !mapping.roles.orderId || !mapping.roles.customerId) return null;
  const where = unnamedLine(mapping, totalsRowSql(columns));
  return `SELECT count(*) > 0 AS whole FROM ${id(mapping.table)} WHERE ${where}`;
}

/** Whether a row is a totals row, by its first column's value. */
function totalsRowSql(columns: ColumnInfo[]): string {
  return columns.length
    ? `coalesce(regexp_matches(lower(trim(${id(columns[0].name)}::VARCHAR)), ${TOTALS}), false)`
    : 'false';
}

/**
 * The SQL a mapping runs, in order: the stages (see Stages in sources/source.ts) and the canonical table,
 * for kinds that declare stages; the single template for the others. `columns` are the user's table's.
 */
export function mappingStatements(
  mapping: Mapping<SourceKind>,
  columns: ColumnInfo[],
  { linesView = true }: StageOptions = {},
): string[] {
  const def = sourceDef(mapping.kind);
  const source = id(mapping.table);
  if (!def.stages) {
    const { sql, fragments } = def.template!(mapping);
    return [
      fillTemplate(sql, {
        source,
        where: whereClause(mapping.filter),
        segments: segmentList(mapping.segments, false),
        segments_any: segmentList(mapping.segments, true),
        ...fragments,
      }),
    ];
  }
  const stages = def.stages(mapping);
  const names = columns.map((c) => id(c.name));
  const filter = mapping.filter;
  const totalsRow = totalsRowSql(columns);
  const common = {
    source,
    line: 'row_number() OVER ()',
    totals_row: totalsRow,
    // exact duplicates: the rows after the first of a group whose every value is equal
    duplicate:
      !mapping.dropDuplicates || names.length === 0
        ? 'false'
        : `row_number() OVER (PARTITION BY hash(${names.join(', ')})) > 1`,
    excluded: filter?.exclude.length
      ? `coalesce(${id(filter.column)}::VARCHAR IN (${filter.exclude.map(literal).join(', ')}), false)`
      : 'false',
    excluded_value: filter ? `${id(filter.column)}::VARCHAR` : 'NULL::VARCHAR',
    // the customer sample, on a row's customer and on an order's (orders grouped from lines)
    sampled: sampledSql(mapping.sample, 'customer_id'),
    order_sampled: sampledSql(mapping.sample, 'any_value(customer_id)'),
    line_sampled: lineSampledSql(mapping, source, totalsRow),
    // the whole row, for counting exact duplicates from the stage instead of reading the file again
    row_hash: names.length ? `hash(${names.join(', ')})` : '0::UBIGINT',
    segments: segmentList(mapping.segments, false),
    segments_any: mapping.segments
      .map((s) => `,\n  any_value(${id(segmentColumn(s))}) AS ${id(segmentColumn(s))}`)
      .join(''),
  };
  const templates = stages.groups ? [stages.lines, stages.groups] : [stages.lines];
  const [lines, groups] = fillTemplates(templates, { ...common, ...stages.fragments }, Object.keys(common));
  const statements = [
    `CREATE OR REPLACE TEMP ${linesView ? 'VIEW' : 'TABLE'} ${STAGE_TABLES.lines} AS\n${lines}`,
  ];
  if (groups) statements.push(`CREATE OR REPLACE TEMP TABLE ${STAGE_TABLES.groups} AS\n${groups}`);
  const last = stages.groups ? STAGE_TABLES.groups : STAGE_TABLES.lines;
  const segments = mapping.segments.map((s) => `, ${id(segmentColumn(s))}`).join('');
  statements.push(
    `CREATE OR REPLACE TABLE ${mapping.kind} AS\nSELECT ${stages.select}${segments}\nFROM ${last}\nWHERE tenure_drop IS NULL\nORDER BY tenure_line`,
  );
  return statements;
}

export interface StageOptions {
  /**
   * The lines stage as a view (the default), not a table: each reading of it reads the user's table
   * again, and no copy of every line is held. At 10M lines the copy did not fit in the engine's memory
   * beside the table; at 1M the mapping was faster without it (Node: 5.4 s against 5.9 s).
   */
  linesView?: boolean;
}

/** Whether a mapping's statements leave stage tables behind to report from (then to drop). */
export function isStaged(mapping: Mapping<SourceKind>): { lines: boolean; groups: boolean } {
  const def = sourceDef(mapping.kind);
  if (!def.stages) return { lines: false, groups: false };
  return { lines: true, groups: Boolean(def.stages(mapping).groups) };
}

/** The mapping's SQL as one runnable text (Show SQL, the DuckDB shell export). */
export function canonicalSql(
  mapping: Mapping<SourceKind>,
  columns: ColumnInfo[],
  options: StageOptions = {},
): string {
  const staged = isStaged(mapping);
  const drops = [
    staged.groups && `DROP TABLE IF EXISTS ${STAGE_TABLES.groups}`,
    staged.lines && `DROP ${options.linesView === false ? 'TABLE' : 'VIEW'} IF EXISTS ${STAGE_TABLES.lines}`,
  ].filter(Boolean);
  return [...mappingStatements(mapping, columns, options), ...drops].join(';\n');
}

/** The segment columns of a canonical table, by the user's column name. */
export function segmentColumn(name: string): string {
  return `segment_${name}`;
}

/** A key for "this file shape": the same columns get the same mapping back next time. */
export function shapeKey(kind: SourceKind, columns: ColumnInfo[]): string {
  return `${kind}:${columns.map((c) => `${c.name}:${c.type}`).join('|')}`;
}

/**
 * A mapping with its roles as fields of its own (`{kind, customerId: ..., segments}`): the form links,
 * preset files and stored mappings use. The fields are the kind's role ids.
 */
export type FlatMapping = { kind: SourceKind; segments: string[]; filter?: Mapping['filter'] } & Record<
  string,
  unknown
>;

export function toFlat(mapping: Mapping<SourceKind>): FlatMapping {
  const { roles, table: _table, ...rest } = mapping;
  return { ...rest, ...roles };
}

/** The roles of a flat mapping (only the kind's role ids, only text values). */
export function rolesOf(kind: SourceKind, flat: Record<string, unknown>): Record<string, string> {
  const roles: Record<string, string> = {};
  for (const role of sourceDef(kind).roles) {
    const value = flat[role.id];
    if (typeof value === 'string' && value !== '') roles[role.id] = value;
  }
  return roles;
}
