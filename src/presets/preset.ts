// A preset: everything that defines an analysis except the data. It travels in links (link.ts) and JSON
// files, and is documented in docs/presets.md. Validation is strict: a preset comes from outside (a link
// someone sent), so every field is checked for type and size before anything uses it.
import type { CanonicalKind, Mapping, RowFilter } from '../data/mapping';
import { ANALYSES, type AnalysisId } from '../analyses/registry';
import type { ParamValue, ParamValues } from '../analyses/params';

export const PRESET_VERSION = 1;

/** A column of the table a mapping was made for: what a dropped file must have for the preset to map. */
export interface PresetColumn {
  name: string;
  type: string;
}

/** A mapping without its table: roles point at column names, and the columns say what to expect. */
export type PresetMapping = DistributiveOmit<Mapping, 'table'> & { columns: PresetColumn[] };
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export interface Preset {
  v: typeof PRESET_VERSION;
  title?: string;
  description?: string;
  /** A built-in analysis, or 'sql' for a query of the SQL workspace. */
  analysis: AnalysisId | 'sql';
  source?: CanonicalKind;
  params?: ParamValues;
  segment?: { column: string; value: string | null };
  mappings?: PresetMapping[];
  /** The query of a 'sql' preset. Shown to the user, and run only when they say so. */
  sql?: string;
}

export class PresetError extends Error {
  constructor(
    /** A key of the presets.errors catalogue. */
    readonly code: 'notJson' | 'tooLarge' | 'version' | 'invalid' | 'corrupt',
    readonly detail = '',
  ) {
    super(`${code}${detail ? `: ${detail}` : ''}`);
    this.name = 'PresetError';
  }
}

/** Limits that keep a hostile preset from costing memory or time. */
export const LIMITS = { json: 256 * 1024, text: 2000, sql: 100_000, name: 256, list: 200 };

const KINDS: CanonicalKind[] = ['orders', 'subscriptions', 'customers'];
const ROLE_KEYS: Record<CanonicalKind, string[]> = {
  orders: ['customerId', 'orderedAt', 'amount', 'quantity', 'unitPrice', 'orderId', 'cost'],
  subscriptions: ['customerId', 'startedAt', 'endedAt', 'mrr', 'plan', 'reason'],
  customers: ['customerId', 'tenure', 'churned', 'monthlyValue'],
};
const REQUIRED: Record<CanonicalKind, string[]> = {
  orders: ['customerId', 'orderedAt'],
  subscriptions: ['customerId', 'startedAt'],
  customers: ['customerId', 'tenure', 'churned'],
};

type Obj = Record<string, unknown>;
const isObject = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);

function fail(path: string, what: string): never {
  throw new PresetError('invalid', `${path}: ${what}`);
}

function text(x: unknown, path: string, max = LIMITS.text): string {
  if (typeof x !== 'string') fail(path, 'expected text');
  if (x.length > max) fail(path, `longer than ${max} characters`);
  return x;
}

function optionalText(x: unknown, path: string, max = LIMITS.text): string | undefined {
  return x === undefined ? undefined : text(x, path, max);
}

function list<T>(x: unknown, path: string, item: (v: unknown, p: string) => T): T[] {
  if (!Array.isArray(x)) fail(path, 'expected a list');
  if (x.length > LIMITS.list) fail(path, `more than ${LIMITS.list} items`);
  return x.map((v, i) => item(v, `${path}[${i}]`));
}

function noExtraKeys(x: Obj, allowed: string[], path: string) {
  const extra = Object.keys(x).filter((k) => !allowed.includes(k));
  if (extra.length) fail(path, `unknown field ${extra[0]}`);
}

function paramValue(x: unknown, path: string): ParamValue {
  if (x === null || typeof x === 'boolean') return x;
  if (typeof x === 'number' && Number.isFinite(x)) return x;
  if (typeof x === 'string') return text(x, path, LIMITS.sql);
  fail(path, 'expected text, a number, true/false or null');
}

function filter(x: unknown, path: string): RowFilter {
  if (!isObject(x)) fail(path, 'expected an object');
  noExtraKeys(x, ['column', 'exclude'], path);
  return {
    column: text(x.column, `${path}.column`, LIMITS.name),
    exclude: list(x.exclude, `${path}.exclude`, (v, p) => text(v, p, LIMITS.name)),
  };
}

function mapping(x: unknown, path: string): PresetMapping {
  if (!isObject(x)) fail(path, 'expected an object');
  const kind = x.kind as CanonicalKind;
  if (!KINDS.includes(kind)) fail(`${path}.kind`, `expected one of ${KINDS.join(', ')}`);
  noExtraKeys(x, ['kind', 'columns', 'segments', 'filter', ...ROLE_KEYS[kind]], path);
  const out: Obj = {
    kind,
    columns: list(x.columns, `${path}.columns`, (c, p) => {
      if (!isObject(c)) fail(p, 'expected {name, type}');
      noExtraKeys(c, ['name', 'type'], p);
      return { name: text(c.name, `${p}.name`, LIMITS.name), type: text(c.type, `${p}.type`, LIMITS.name) };
    }),
    segments:
      x.segments === undefined ? [] : list(x.segments, `${path}.segments`, (v, p) => text(v, p, LIMITS.name)),
  };
  for (const role of ROLE_KEYS[kind]) {
    if (x[role] !== undefined) out[role] = text(x[role], `${path}.${role}`, LIMITS.name);
    else if (REQUIRED[kind].includes(role)) fail(`${path}.${role}`, 'required');
  }
  if (x.filter !== undefined) out.filter = filter(x.filter, `${path}.filter`);
  return out as unknown as PresetMapping;
}

/** Checks a parsed preset of any known version and returns it as the current version. */
export function validatePreset(x: unknown): Preset {
  if (!isObject(x)) fail('preset', 'expected an object');
  if (x.v !== PRESET_VERSION) {
    throw new PresetError('version', typeof x.v === 'number' ? String(x.v) : 'missing');
  }
  noExtraKeys(
    x,
    ['v', 'title', 'description', 'analysis', 'source', 'params', 'segment', 'mappings', 'sql'],
    'preset',
  );
  const ids = [...ANALYSES.map((a) => a.id), 'sql'];
  if (typeof x.analysis !== 'string' || !ids.includes(x.analysis)) {
    fail('analysis', `expected one of ${ids.join(', ')}`);
  }
  const preset: Preset = { v: PRESET_VERSION, analysis: x.analysis as Preset['analysis'] };
  const title = optionalText(x.title, 'title', LIMITS.name);
  if (title !== undefined) preset.title = title;
  const description = optionalText(x.description, 'description');
  if (description !== undefined) preset.description = description;
  if (x.source !== undefined) {
    if (!KINDS.includes(x.source as CanonicalKind)) fail('source', `expected one of ${KINDS.join(', ')}`);
    preset.source = x.source as CanonicalKind;
  }
  if (x.params !== undefined) {
    if (!isObject(x.params)) fail('params', 'expected an object');
    const entries = Object.entries(x.params);
    if (entries.length > LIMITS.list) fail('params', 'too many');
    preset.params = Object.fromEntries(
      entries.map(([k, v]) => {
        if (!/^[a-z_][a-z0-9_]{0,63}$/.test(k)) fail(`params.${k.slice(0, 40)}`, 'not a parameter name');
        return [k, paramValue(v, `params.${k}`)];
      }),
    );
  }
  if (x.segment !== undefined) {
    if (!isObject(x.segment)) fail('segment', 'expected {column, value}');
    noExtraKeys(x.segment, ['column', 'value'], 'segment');
    preset.segment = {
      column: text(x.segment.column, 'segment.column', LIMITS.name),
      value: x.segment.value === null ? null : text(x.segment.value, 'segment.value', LIMITS.name),
    };
  }
  if (x.mappings !== undefined) preset.mappings = list(x.mappings, 'mappings', mapping);
  if (x.sql !== undefined) preset.sql = text(x.sql, 'sql', LIMITS.sql);
  if (preset.analysis === 'sql' && !preset.sql) fail('sql', 'a SQL preset needs its query');
  return preset;
}

/** Parses and validates preset JSON (a saved file, or a decoded link). */
export function parsePreset(json: string): Preset {
  if (json.length > LIMITS.json) throw new PresetError('tooLarge', `${json.length} characters`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new PresetError('notJson');
  }
  return validatePreset(parsed);
}

/** The mapping a preset carries for a kind, placed on a table whose columns match it; null if none. */
export function mappingFor(preset: Preset, kind: CanonicalKind, table: string): Mapping | null {
  const found = preset.mappings?.find((m) => m.kind === kind);
  if (!found) return null;
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { columns, ...rest } = found;
  return { ...rest, table } as Mapping;
}

/** The columns a preset's mapping uses (its roles, segments and filter), in the order they first appear. */
export function usedColumns(m: PresetMapping): string[] {
  const used: string[] = [];
  const add = (c: unknown) => typeof c === 'string' && !used.includes(c) && used.push(c);
  for (const role of ROLE_KEYS[m.kind]) add((m as unknown as Obj)[role]);
  m.segments.forEach(add);
  add(m.filter?.column);
  return used;
}

/** Which used columns a table lacks (by name; types may differ, DuckDB casts). Empty: it maps. */
export function missingColumns(m: PresetMapping, columns: { name: string }[]): string[] {
  const names = new Set(columns.map((c) => c.name));
  return usedColumns(m).filter((c) => !names.has(c));
}
