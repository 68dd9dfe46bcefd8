// What a source kind declares: the canonical table it makes, the roles a user's columns can play (which
// are required, which types fit, the names we guess them from), and its canonical SQL as a template.
// One declaration per kind (orders.ts, subscriptions.ts, customers.ts); index.ts lists them, once.

/** Which column types a role accepts. Text always fits roles that are cast (dates stored as text). */
export type RoleAccepts = 'temporal' | 'numeric' | 'any';

export interface RoleDef {
  /** The key in a mapping and in links (e.g. `customerId`); its label is `mapping.roles.<id>`. */
  id: string;
  required: boolean;
  accepts: RoleAccepts;
  /** Column-name patterns, English, Chinese and other languages; the first pattern that matches wins. */
  names: readonly RegExp[];
  /** When no name matches, take the first unused column of a fitting type (dates for a date role). */
  byType?: boolean;
}

/**
 * A problem that makes a mapping unusable: a message key under `mapping.problem`, and the role it names
 * (a role id) or the column (a segment or filter column).
 */
export interface MappingProblem {
  code: 'missing' | 'unknownColumn' | 'needBoth' | 'duplicateSegment';
  role?: string;
  column?: string;
}

/** Which column plays which role, with segments and an optional row filter. */
export interface Mapping<Kind extends string = string> {
  kind: Kind;
  /** The user's table the canonical table is made from. */
  table: string;
  /** Role id -> column name; roles left out are not mapped. */
  roles: Record<string, string>;
  /** Columns carried along for filters and breakdowns (canonical name `segment_<column>`). */
  segments: string[];
  filter?: RowFilter;
}

export interface RowFilter {
  column: string;
  /** Keep rows whose value is NOT one of these (e.g. exclude refunded / cancelled). */
  exclude: string[];
}

export interface SourceDef<Kind extends string = string> {
  /** Also the name of the canonical table. */
  kind: Kind;
  roles: readonly RoleDef[];
  /**
   * The canonical SQL template for a mapping and its fragments (each built only from quoted identifiers):
   * `{{name}}` slots are filled from the returned record and from the common fragments of mapping.ts
   * (`{{source}}`, `{{where}}`, `{{segments}}`, `{{segments_any}}`).
   */
  template(mapping: Mapping<Kind>): { sql: string; fragments: Record<string, string> };
  /** Problems beyond missing roles (e.g. a quantity without a unit price). */
  problems?(mapping: Mapping<Kind>): MappingProblem[];
  /** Adjusts a fresh guess (e.g. a line total wins over a unit price). */
  refineGuess?(mapping: Mapping<Kind>): Mapping<Kind>;
  /** Propose a status column as a row filter when one is found. */
  proposesFilter?: boolean;
  /** Anchor in docs/metrics.md that describes the canonical table. */
  docs: string;
}

export function defineSource<Kind extends string>(def: SourceDef<Kind>): SourceDef<Kind> {
  return def;
}
