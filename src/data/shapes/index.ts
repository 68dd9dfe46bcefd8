// Known export shapes, recognised by their headers: every declaration in known/ (one file per shape), and
// the mapping a recognised shape proposes. The shape adds what a guess from names cannot know (the status
// values its platform uses, an order total written on every line or only on the first, amounts in cents,
// which of two id columns is the customer), and the generic guess fills every role the shape leaves open.
// Adding a shape is its file in known/, its name in both catalogues, its row in docs/imports.md and a
// fixture in test/fixtures/exports/; nothing is listed here.
import type { ColumnInfo } from '../../engine/api';
import type { TableProfile } from '../profile';
import {
  fitsValues,
  guess,
  idLike,
  normalizeName,
  withReadings,
  type MappingGuess,
  type RoleWhy,
} from '../guess';
import type { ReadAsGuess } from '../read-as';
import { sourceDef, type Mapping, type SourceKind } from '../sources';
import { headerKey, roleHeaders, type Shape } from './shape';

const modules = import.meta.glob<{ default: Shape }>('./known/*.ts', { eager: true });

/** Every known shape, by id. */
export const SHAPES: readonly Shape[] = Object.values(modules)
  .map((module) => module.default)
  .sort((a, b) => (a.id < b.id ? -1 : 1));

export function shapeById(id: string): Shape | undefined {
  return SHAPES.find((s) => s.id === id);
}

/** Whether a column name matches a shape's header pattern, with or without a dotted prefix. */
export function headerMatches(pattern: RegExp, name: string): boolean {
  return pattern.test(headerKey(name)) || pattern.test(headerKey(normalizeName(name)));
}

export interface Recognition {
  shape: Shape;
  /** Two points for each required header, one for each suggested header found. */
  score: number;
  /** The columns that matched the required headers, in their order. */
  matched: string[];
}

/**
 * The known shape a table's columns have, or null: every required header must be there; among the shapes
 * that fit, the one with the most headers found wins (ties go to the first id).
 */
export function recognise(columns: ColumnInfo[]): Recognition | null {
  let best: Recognition | null = null;
  for (const shape of SHAPES) {
    const matched: string[] = [];
    for (const pattern of shape.requires) {
      const column = columns.find((c) => headerMatches(pattern, c.name));
      if (!column) break;
      matched.push(column.name);
    }
    if (matched.length < shape.requires.length) continue;
    const suggested = (shape.suggests ?? []).filter((p) => columns.some((c) => headerMatches(p, c.name)));
    const score = 2 * shape.requires.length + suggested.length;
    if (!best || score > best.score) best = { shape, score, matched };
  }
  return best;
}

export interface ShapeGuess extends MappingGuess {
  shape: Shape;
}

/**
 * The mapping a recognised shape proposes for a table: the shape's roles where their column is there, has
 * values and fits the role (never an empty column), the generic guess for the rest; the shape's segments,
 * its status column with the values it leaves out (among the values the profile saw), and how it writes
 * amounts. Each role says why it got its column, as a guess does.
 */
export function shapeGuess(
  shape: Shape,
  table: string,
  columns: ColumnInfo[],
  profile?: TableProfile,
  { preferMonthFirst = false } = {},
): ShapeGuess {
  const generic = guess(shape.kind, table, columns, profile, { preferMonthFirst });
  const def = sourceDef(shape.kind);
  const profiles = new Map(profile?.columns.map((c) => [c.name, c]) ?? []);
  const filled = (c: ColumnInfo) => (profiles.get(c.name)?.filled ?? 1) > 0;
  const samples = (c: ColumnInfo) => profiles.get(c.name)?.samples ?? [];
  const used = new Set<string>();
  /** The first column, by pattern order then file order, that matches and passes `ok`. */
  const find = (patterns: readonly RegExp[], ok: (c: ColumnInfo) => boolean) => {
    for (const pattern of patterns) {
      const hit = columns.find((c) => !used.has(c.name) && headerMatches(pattern, c.name) && ok(c));
      if (hit) return hit;
    }
    return undefined;
  };

  const roles: Record<string, string> = {};
  const why: Record<string, RoleWhy> = {};
  const fixed: Record<string, ReadAsGuess> = {};
  for (const role of def.roles) {
    const spec = shape.roles[role.id];
    if (!spec) continue;
    const column = find(roleHeaders(spec), (c) => filled(c) && fitsValues(role, c, samples(c)));
    if (!column) continue;
    used.add(column.name);
    roles[role.id] = column.name;
    why[role.id] = { code: 'shape', values: { column: column.name } };
    const readAs = 'headers' in spec ? spec.readAs?.(column) : undefined;
    if (readAs) fixed[column.name] = { readAs, why: 'layout', values: { example: samples(column)[0] ?? '' } };
  }
  // what the shape leaves open (or finds empty): as guessed for any file, from the columns it left
  for (const role of def.roles) {
    const column = generic.mapping.roles[role.id];
    if (roles[role.id] || !column || used.has(column)) continue;
    used.add(column);
    roles[role.id] = column;
    if (generic.why[role.id]) why[role.id] = generic.why[role.id];
  }

  const segments = shape.segments
    ? columns
        .filter(
          (c) =>
            !used.has(c.name) &&
            c.type === 'VARCHAR' &&
            filled(c) &&
            !idLike(profiles.get(c.name)) &&
            shape.segments!.some((p) => headerMatches(p, c.name)),
        )
        .map((c) => c.name)
    : generic.mapping.segments.filter((s) => !used.has(s));

  let mapping: Mapping<SourceKind> = { kind: shape.kind, table, roles, segments };
  const status = shape.status;
  const statusColumn = status ? find(status.headers, filled) : undefined;
  if (status && statusColumn) {
    mapping.filter = {
      column: statusColumn.name,
      exclude: samples(statusColumn).filter((v) => status.exclude.test(v.trim())),
    };
  } else if (generic.mapping.filter && !used.has(generic.mapping.filter.column)) {
    mapping.filter = generic.mapping.filter;
  }
  if (shape.kind === 'orders' && shape.amountPerOrder !== undefined)
    mapping.amountPerOrder = shape.amountPerOrder;
  if (def.refineGuess) mapping = def.refineGuess(mapping);
  return { ...withReadings(mapping, why, columns, profile, { preferMonthFirst, fixed }), shape };
}

/** Whether a shape leaves a status value out (the exclusion picker ticks these for a recognised shape). */
export function shapeExcludes(shape: Shape, value: string): boolean {
  return shape.status?.exclude.test(value.trim()) ?? false;
}

export { headerKey, type Shape } from './shape';
