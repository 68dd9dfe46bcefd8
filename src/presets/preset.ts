// A preset: everything that defines an analysis except the data. It travels in links (link.ts) and JSON
// files, and is documented in docs/presets.md. Validation is strict: a preset comes from outside (a link
// someone sent), so every field is checked for type, size and meaning before anything uses it. Parameter
// values go through the analysis's own parameter declarations, mapping roles through the source kind's
// declaration: a link can carry nothing the form would refuse.
import { sourceDef, SOURCE_KINDS, type Mapping, type RowFilter, type SourceKind } from '../data/sources';
import type { ReadAs } from '../data/read-as';
import { rolesOf } from '../data/mapping';
import { ANALYSIS_IDS, analysisById, sourcesOf } from '../analyses';
import { ParamError, parseValues, type ParamValues } from '../analyses/params';
import { DuplicateKeyError, parseStrictJson } from './strict-json';

export const PRESET_VERSION = 1;

/** A column of the table a mapping was made for: what a dropped file must have for the preset to map. */
export interface PresetColumn {
  name: string;
  type: string;
}

/**
 * A mapping without its table, as links carry it: the kind's roles as fields of their own (`customerId`,
 * `orderedAt`...), segments, a row filter, and the columns of the table it was made on.
 */
export interface PresetMapping {
  kind: SourceKind;
  roles: Record<string, string>;
  segments: string[];
  filter?: RowFilter;
  /** How a role's column is read (money text, day order, epochs...), by role id. */
  readAs?: Record<string, ReadAs>;
  /** Orders: the amount is an order total repeated on every line. */
  amountPerOrder?: boolean;
  /** Exact duplicate rows left out. */
  dropDuplicates?: boolean;
  /** A deterministic sample of customers: the share kept, above 0 and below 1, in steps of 0.0001. */
  sample?: number;
  columns: PresetColumn[];
}

/** The fields of a mapping besides its roles, as links carry them. */
const MAPPING_FIELDS = [
  'kind',
  'columns',
  'segments',
  'filter',
  'readAs',
  'amountPerOrder',
  'dropDuplicates',
  'sample',
];

export interface Preset {
  v: typeof PRESET_VERSION;
  title?: string;
  description?: string;
  /** A built-in analysis id, or 'sql' for a query of the SQL workspace. */
  analysis: string;
  source?: SourceKind;
  params?: ParamValues;
  segment?: { column: string; value: string | null };
  mappings?: PresetMapping[];
  /** The query of a 'sql' preset. Shown to the user, and run only when they say so. */
  sql?: string;
}

/** Why a field was refused: a catalogue key (`presets.why.*` or `params.errors.*`) and its values. */
export interface PresetWhy {
  key: string;
  values: Record<string, string | number>;
}

export class PresetError extends Error {
  constructor(
    /** A key of the presets.errors catalogue. */
    readonly code: 'notJson' | 'tooLarge' | 'version' | 'invalid' | 'corrupt',
    /** For 'invalid': the field at fault (`params.horizon`, `mappings[0].customerId`); else a detail. */
    readonly detail = '',
    /** For 'invalid': what is wrong with the field. */
    readonly why: PresetWhy | null = null,
  ) {
    super(`${code}${detail ? ` ${detail}` : ''}${why ? `: ${why.key} ${JSON.stringify(why.values)}` : ''}`);
    this.name = 'PresetError';
  }
}

/** Limits that keep a hostile preset from costing memory or time. */
export const LIMITS = { json: 256 * 1024, text: 2000, sql: 100_000, name: 256, list: 200 };

type Obj = Record<string, unknown>;
const isObject = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);

function fail(field: string, key: string, values: Record<string, string | number> = {}): never {
  throw new PresetError('invalid', field, { key: `presets.why.${key}`, values });
}

function text(x: unknown, path: string, max = LIMITS.text): string {
  if (typeof x !== 'string') fail(path, 'expectedText');
  if (x.length > max) fail(path, 'tooLong', { max });
  return x;
}

function optionalText(x: unknown, path: string, max = LIMITS.text): string | undefined {
  return x === undefined ? undefined : text(x, path, max);
}

function list<T>(x: unknown, path: string, item: (v: unknown, p: string) => T): T[] {
  if (!Array.isArray(x)) fail(path, 'expectedList');
  if (x.length > LIMITS.list) fail(path, 'tooMany', { max: LIMITS.list });
  return x.map((v, i) => item(v, `${path}[${i}]`));
}

function noExtraKeys(x: Obj, allowed: readonly string[], path: string) {
  const extra = Object.keys(x).filter((k) => !allowed.includes(k));
  if (extra.length) fail(path ? `${path}.${extra[0].slice(0, 40)}` : extra[0].slice(0, 40), 'unknownField');
}

function oneOf<T extends string>(x: unknown, choices: readonly T[], path: string): T {
  if (typeof x !== 'string' || !choices.includes(x as T))
    fail(path, 'expectedOneOf', { choices: choices.join(', ') });
  return x as T;
}

function filter(x: unknown, path: string): RowFilter {
  if (!isObject(x)) fail(path, 'expectedObject');
  noExtraKeys(x, ['column', 'exclude'], path);
  return {
    column: text(x.column, `${path}.column`, LIMITS.name),
    exclude: list(x.exclude, `${path}.exclude`, (v, p) => text(v, p, LIMITS.name)),
  };
}

/** A customer sample's share: above 0 and at most 1, in steps of 0.0001 (its threshold out of 10,000). */
function share(x: unknown, path: string): number {
  if (typeof x !== 'number' || !Number.isFinite(x) || x <= 0 || x > 1) fail(path, 'notAShare');
  const tenThousandths = Math.round(x * 10000);
  if (tenThousandths < 1 || Math.abs(tenThousandths - x * 10000) > 1e-6) fail(path, 'notAShare');
  return tenThousandths / 10000;
}

function flag(x: unknown, path: string): boolean {
  if (typeof x !== 'boolean') fail(path, 'expectedOneOf', { choices: 'true, false' });
  return x;
}

/** strptime formats: directives and the separators dates are written with, nothing else. */
const FORMAT = /^(%[a-zA-Z]|[ ./:,T+-])+$/;

/** One way of reading a column, as read-as.ts declares them (anything else is refused). */
function readAs(x: unknown, path: string): ReadAs {
  if (!isObject(x)) fail(path, 'expectedObject');
  const kind = oneOf(
    x.kind,
    ['auto', 'number', 'date', 'epoch', 'excel', 'yyyymmdd'] as const,
    `${path}.kind`,
  );
  switch (kind) {
    case 'number':
      noExtraKeys(x, ['kind', 'decimal', 'minorUnits'], path);
      return {
        kind,
        decimal: oneOf(x.decimal, ['.', ','] as const, `${path}.decimal`),
        minorUnits: flag(x.minorUnits, `${path}.minorUnits`),
      };
    case 'date':
      noExtraKeys(x, ['kind', 'order', 'formats'], path);
      return {
        kind,
        order: oneOf(x.order, ['ymd', 'dmy', 'mdy'] as const, `${path}.order`),
        formats: list(x.formats, `${path}.formats`, (v, p) => {
          const format = text(v, p, 40);
          if (!FORMAT.test(format)) fail(p, 'notADateFormat');
          return format;
        }),
      };
    case 'epoch':
      noExtraKeys(x, ['kind', 'unit'], path);
      return { kind, unit: oneOf(x.unit, ['s', 'ms'] as const, `${path}.unit`) };
    default:
      noExtraKeys(x, ['kind'], path);
      return { kind };
  }
}

function mapping(x: unknown, path: string): PresetMapping {
  if (!isObject(x)) fail(path, 'expectedObject');
  const kind = oneOf(x.kind, SOURCE_KINDS, `${path}.kind`);
  const roles = sourceDef(kind).roles;
  noExtraKeys(x, [...MAPPING_FIELDS, ...roles.map((r) => r.id)], path);
  for (const role of roles) {
    if (x[role.id] !== undefined) text(x[role.id], `${path}.${role.id}`, LIMITS.name);
    else if (role.required) fail(`${path}.${role.id}`, 'required');
  }
  const out: PresetMapping = {
    kind,
    roles: rolesOf(kind, x),
    columns: list(x.columns, `${path}.columns`, (c, p) => {
      if (!isObject(c)) fail(p, 'expectedObject');
      noExtraKeys(c, ['name', 'type'], p);
      return { name: text(c.name, `${p}.name`, LIMITS.name), type: text(c.type, `${p}.type`, LIMITS.name) };
    }),
    segments:
      x.segments === undefined ? [] : list(x.segments, `${path}.segments`, (v, p) => text(v, p, LIMITS.name)),
  };
  if (new Set(out.segments).size !== out.segments.length) fail(`${path}.segments`, 'duplicate');
  if (x.filter !== undefined) out.filter = filter(x.filter, `${path}.filter`);
  if (x.readAs !== undefined) {
    if (!isObject(x.readAs)) fail(`${path}.readAs`, 'expectedObject');
    noExtraKeys(
      x.readAs,
      roles.map((r) => r.id),
      `${path}.readAs`,
    );
    out.readAs = Object.fromEntries(
      Object.entries(x.readAs).map(([role, r]) => [role, readAs(r, `${path}.readAs.${role}`)]),
    );
  }
  if (x.amountPerOrder !== undefined) out.amountPerOrder = flag(x.amountPerOrder, `${path}.amountPerOrder`);
  if (x.dropDuplicates !== undefined) out.dropDuplicates = flag(x.dropDuplicates, `${path}.dropDuplicates`);
  // 1 is every customer: no sample
  if (x.sample !== undefined) {
    const kept = share(x.sample, `${path}.sample`);
    if (kept < 1) out.sample = kept;
  }
  return out;
}

/** Checks a parsed preset of any known version and returns it as the current version. */
export function validatePreset(x: unknown): Preset {
  if (!isObject(x)) fail('preset', 'expectedObject');
  if (x.v !== PRESET_VERSION) {
    throw new PresetError('version', typeof x.v === 'number' ? String(x.v) : 'missing');
  }
  noExtraKeys(
    x,
    ['v', 'title', 'description', 'analysis', 'source', 'params', 'segment', 'mappings', 'sql'],
    '',
  );
  const analysisId = oneOf(x.analysis, [...ANALYSIS_IDS, 'sql'], 'analysis');
  const preset: Preset = { v: PRESET_VERSION, analysis: analysisId };
  const title = optionalText(x.title, 'title', LIMITS.name);
  if (title !== undefined) preset.title = title;
  const description = optionalText(x.description, 'description');
  if (description !== undefined) preset.description = description;
  if (x.mappings !== undefined) {
    preset.mappings = list(x.mappings, 'mappings', mapping);
    const kinds = preset.mappings.map((m) => m.kind);
    const twice = kinds.find((k, i) => kinds.indexOf(k) !== i);
    if (twice) fail('mappings', 'twoMappings', { kind: twice });
  }
  if (x.sql !== undefined) preset.sql = text(x.sql, 'sql', LIMITS.sql);

  const analysis = analysisById(analysisId);
  if (!analysis) {
    // a SQL workspace query: it has no parameters, source or segment
    if (x.params !== undefined || x.source !== undefined || x.segment !== undefined)
      fail(x.params !== undefined ? 'params' : x.source !== undefined ? 'source' : 'segment', 'notForSql');
    if (!preset.sql) fail('sql', 'required');
    return preset;
  }
  if (x.sql !== undefined) fail('sql', 'notForAnalysis');
  if (x.source !== undefined) preset.source = oneOf(x.source, sourcesOf(analysis), 'source');
  if (x.params !== undefined) {
    if (!isObject(x.params)) fail('params', 'expectedObject');
    if (Object.keys(x.params).length > LIMITS.list) fail('params', 'tooMany', { max: LIMITS.list });
    try {
      preset.params = parseValues(analysis.params, x.params);
    } catch (error) {
      if (!(error instanceof ParamError)) throw error;
      const { param, code, values } = error.problem;
      throw new PresetError('invalid', `params.${param.slice(0, 40)}`, {
        key: `params.errors.${code}`,
        values,
      });
    }
  }
  if (x.segment !== undefined) {
    if (!isObject(x.segment)) fail('segment', 'expectedObject');
    noExtraKeys(x.segment, ['column', 'value'], 'segment');
    if (analysis.segment === 'none') fail('segment', 'noSegments');
    const segment = {
      column: text(x.segment.column, 'segment.column', LIMITS.name),
      value: x.segment.value === null ? null : text(x.segment.value, 'segment.value', LIMITS.name),
    };
    if (analysis.segment === 'breakdown' && segment.value !== null)
      fail('segment.value', 'breakdownHasNoValue');
    // the segment must be a column the preset's own mapping of the source carries
    const source =
      preset.source ?? sourcesOf(analysis).find((k) => preset.mappings?.some((m) => m.kind === k));
    const carried = preset.mappings?.find((m) => m.kind === source);
    if (carried && !carried.segments.includes(segment.column))
      fail('segment.column', 'notASegment', { segments: carried.segments.join(', ') || '—' });
    preset.segment = segment;
  }
  return preset;
}

/** Parses and validates preset JSON (a saved file, or a decoded link). */
export function parsePreset(json: string): Preset {
  if (json.length > LIMITS.json) throw new PresetError('tooLarge', `${json.length} characters`);
  let parsed: unknown;
  try {
    parsed = parseStrictJson(json);
  } catch (error) {
    if (error instanceof DuplicateKeyError)
      throw new PresetError('invalid', error.path.slice(0, 80), {
        key: 'presets.why.duplicateKey',
        values: {},
      });
    throw new PresetError('notJson');
  }
  return validatePreset(parsed);
}

/** The preset's mapping of a kind, placed on a table; null if it carries none. */
export function mappingFor(preset: Preset, kind: SourceKind, table: string): Mapping<SourceKind> | null {
  const found = preset.mappings?.find((m) => m.kind === kind);
  if (!found) return null;
  const mapping: Mapping<SourceKind> = {
    kind,
    table,
    roles: { ...found.roles },
    segments: [...found.segments],
  };
  if (found.filter) mapping.filter = { column: found.filter.column, exclude: [...found.filter.exclude] };
  if (found.readAs) mapping.readAs = structuredClone(found.readAs);
  if (found.amountPerOrder) mapping.amountPerOrder = true;
  if (found.dropDuplicates) mapping.dropDuplicates = true;
  if (found.sample !== undefined && found.sample < 1) mapping.sample = found.sample;
  return mapping;
}

/** A mapping as links carry it, with the columns of its table. */
export function toPresetMapping(mapping: Mapping<SourceKind>, columns: PresetColumn[]): PresetMapping {
  const out: PresetMapping = {
    kind: mapping.kind,
    roles: { ...mapping.roles },
    segments: [...mapping.segments],
    columns: columns.map((c) => ({ name: c.name, type: c.type })),
  };
  if (mapping.filter) out.filter = { column: mapping.filter.column, exclude: [...mapping.filter.exclude] };
  if (mapping.readAs && Object.keys(mapping.readAs).length) out.readAs = structuredClone(mapping.readAs);
  if (mapping.amountPerOrder) out.amountPerOrder = true;
  if (mapping.dropDuplicates) out.dropDuplicates = true;
  if (mapping.sample !== undefined && mapping.sample < 1) out.sample = mapping.sample;
  return out;
}

/** The JSON form of a preset (roles as fields of each mapping, as docs/presets.md describes). */
export function presetJson(preset: Preset): Obj {
  const { mappings, ...rest } = preset;
  const out: Obj = { ...rest };
  if (mappings) {
    out.mappings = mappings.map(({ roles, ...m }) => {
      const { kind, segments, filter, readAs, amountPerOrder, dropDuplicates, sample, columns } = m;
      return {
        kind,
        ...roles,
        segments,
        ...(filter ? { filter } : {}),
        ...(readAs ? { readAs } : {}),
        ...(amountPerOrder ? { amountPerOrder } : {}),
        ...(dropDuplicates ? { dropDuplicates } : {}),
        ...(sample !== undefined ? { sample } : {}),
        columns,
      };
    });
  }
  return out;
}

/** The columns a preset's mapping uses (its roles, segments and filter), in the order they first appear. */
export function usedColumns(m: PresetMapping): string[] {
  const used: string[] = [];
  const add = (c: string | undefined) => {
    if (c !== undefined && !used.includes(c)) used.push(c);
  };
  for (const role of sourceDef(m.kind).roles) add(m.roles[role.id]);
  m.segments.forEach(add);
  add(m.filter?.column);
  return used;
}

/** Which used columns a table lacks (by name; types may differ, DuckDB casts). Empty: it maps. */
export function missingColumns(m: PresetMapping, columns: { name: string }[]): string[] {
  const names = new Set(columns.map((c) => c.name));
  return usedColumns(m).filter((c) => !names.has(c));
}
