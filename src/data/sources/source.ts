// What a source kind declares: the canonical table it makes, the roles a user's columns can play (which
// are required, which types fit, the names we guess them from), and its canonical SQL as a template.
// One declaration per kind (orders.ts, subscriptions.ts, customers.ts...); index.ts lists them, once.
import type { ReadAs } from '../read-as';

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
  code: 'missing' | 'unknownColumn' | 'needBoth' | 'duplicateSegment' | 'oneAmount' | 'needInterval';
  role?: string;
  column?: string;
}

/** Which column plays which role, with segments, how values are read, and the rows left out. */
export interface Mapping<Kind extends string = string> {
  kind: Kind;
  /** The user's table the canonical table is made from. */
  table: string;
  /** Role id -> column name; roles left out are not mapped. */
  roles: Record<string, string>;
  /** Columns carried along for filters and breakdowns (canonical name `segment_<column>`). */
  segments: string[];
  /** Rows whose value in a column is one of these are left out (refunds, cancelled, test orders). */
  filter?: RowFilter;
  /** How a role's column is read, by role id (absent: the engine's own cast). */
  readAs?: Record<string, ReadAs>;
  /** Orders: the amount is an order total repeated on every line, counted once per order. */
  amountPerOrder?: boolean;
  /**
   * Leave out exact duplicate rows (every column equal). Off by default: an order may list one item twice;
   * the duplicates are counted and the report says so either way.
   */
  dropDuplicates?: boolean;
  /**
   * A deterministic sample of customers: the share kept (0.1 = 10%). A customer is kept when
   * `hash(customer_id) % 10000 < round(sample * 10000)`, with every one of their rows; absent (or 1): all.
   * See sampleThreshold in mapping.ts.
   */
  sample?: number;
}

export interface RowFilter {
  column: string;
  /** Keep rows whose value is NOT one of these (e.g. exclude refunded / cancelled). */
  exclude: string[];
}

/**
 * Why a row (or, for orders grouped from lines, an order) is left out of the canonical table: a catalogue
 * key under `mapping.drop`.
 */
export type DropReason =
  | 'totalsRow'
  | 'duplicate'
  | 'excluded'
  | 'noKey'
  | 'noCustomer'
  | 'noDate'
  | 'badDate'
  | 'badEndDate'
  | 'badTenure'
  | 'badFlag'
  /** The customer is not in the mapping's sample (checked last: the other reasons count as without one). */
  | 'notSampled'
  /** Left out by a kind whose template does not say why (counted, not explained). */
  | 'other';

/**
 * How a kind builds its canonical table, in stages that keep every left-out row countable: `lines` reads
 * the user's table row by row (with `tenure_drop`, the reason a row is left out, and `tenure_example`, the
 * text that shows why); `groups`, when given, groups the kept lines into entities (orders from line items)
 * with their own `tenure_drop`, `tenure_example` and `tenure_lines`; `select` is the canonical table's
 * column list, read from the last stage's kept rows. Templates are .sql files with `{{name}}` slots,
 * filled from `fragments` and the common fragments of mapping.ts.
 */
export interface Stages {
  lines: string;
  groups?: string;
  select: string;
  fragments: Record<string, string>;
}

/** A fact about mapped data that could make a result mislead: a catalogue key under `mapping.warning`. */
export interface MappingWarningCheck {
  code: string;
  /**
   * A query on the canonical table returning one row: `hit` (true when the warning applies) and the values
   * its message needs.
   */
  sql: string;
}

export interface SourceDef<Kind extends string = string> {
  /** Also the name of the canonical table. */
  kind: Kind;
  roles: readonly RoleDef[];
  /** The canonical SQL in stages, with the accounting of every row left out. */
  stages?(mapping: Mapping<Kind>): Stages;
  /**
   * The older form: one `CREATE OR REPLACE TABLE <kind> AS ...` template and its fragments (rows left out
   * are then counted, not explained). `{{source}}`, `{{where}}`, `{{segments}}` and `{{segments_any}}` are
   * filled by mapping.ts.
   */
  template?(mapping: Mapping<Kind>): { sql: string; fragments: Record<string, string> };
  /** Checks on the canonical table for results that would mislead (no end dates, one order each...). */
  warnings?(mapping: Mapping<Kind>): MappingWarningCheck[];
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
