// Guessing a mapping, and saying why: which kind of data a table holds, which column plays which role (from
// names in English, Chinese and other languages, tolerant of prefixes like `subscription.` and suffixes like
// `(UTC)`, and from the values a profile of the table shows), how each column's values are read, which
// columns are segments (never an id-like one), and which status values to leave out.
import type { ColumnInfo } from '../engine/api';
import type { ColumnProfile, TableProfile } from './profile';
import { guessNumber, guessTemporal, type ReadAs, type ReadAsGuess } from './read-as';
import { SOURCES, sourceDef, type Mapping, type RoleDef, type SourceKind } from './sources';

/** Why a role got its column: a catalogue key under `guess.why` and its values. */
export interface RoleWhy {
  code: 'name' | 'type' | 'email' | 'shape';
  values: Record<string, string | number>;
}

export interface MappingGuess {
  mapping: Mapping<SourceKind>;
  /** Why each mapped role got its column. */
  why: Record<string, RoleWhy>;
  /** How each read role's values are read, and why. */
  reading: Record<string, ReadAsGuess>;
  /** Roles whose dates read either day-first or month-first: the user should confirm. */
  ambiguous: string[];
}

const isTemporalType = (type: string) => /^(DATE|TIMESTAMP)/.test(type);
const isNumeric = (type: string) =>
  /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|DECIMAL)/.test(
    type,
  );

/** Whether a column of this type can play the role (text can still be cast: dates stored as text). */
export function fits(role: RoleDef, type: string): boolean {
  switch (role.accepts) {
    case 'temporal':
      return isTemporalType(type) || type === 'VARCHAR';
    case 'numeric':
      return isNumeric(type);
    case 'any':
      return true;
  }
}

/**
 * A column name without what exports add around it: a bracketed suffix (`Submit Date (UTC)`,
 * `Amount (Billing)`, `Total [USD]`), a dotted prefix (`subscription.created`, `customer.email`).
 */
export function normalizeName(name: string): string {
  return name
    .trim()
    .replace(/\s*[(（[][^)）\]]*[)）\]]\s*$/, '')
    .replace(/^[\p{L}\p{N}_ ]+[.:：]\s*(?=\S)/u, '')
    .trim();
}

const nameMatches = (pattern: RegExp, name: string) =>
  pattern.test(name.trim()) || pattern.test(normalizeName(name));

const SEGMENT_NAMES =
  /country|region|^land$|^pays$|^pa[ií]s$|channel|segment|plan|tier|category|source|city|state|province|gender|contract|payment|size|market|store|国家|地区|渠道|城市|省|分类|类别|性别|会员等级|套餐/i;
const STATUS_NAMES =
  /^((order|financial|payment|fulfil?lment|transaction|invoice)[ _-]?)?status$|^state$|^(txn|trx|transaction|sale|receipt)[ _-]?type$|^(bestell)?status$|^statut$|^estado$|订单状态|交易状态|状态$/i;
const EMAIL_NAMES = /e-?mail|邮箱|电子邮件/i;

/** An id-like column: nearly one distinct value per row (never proposed as a segment). */
export function idLike(profile: ColumnProfile | undefined): boolean {
  if (!profile || profile.filled === 0) return false;
  return profile.distinct > 50 && profile.distinct / profile.filled > 0.2;
}

/** Text that reads as amounts: digits with separators, a sign or parentheses, and a currency mark. */
export function looksLikeAmounts(samples: string[]): boolean {
  return (
    samples.length > 0 &&
    samples.every((s) =>
      /^[^\d\-()]{0,4}\s?[-(]?\s?[^\d\-()]{0,4}\s?\d[\d.,' \u00a0]*\)?-?\s?[^\d]{0,4}$/u.test(s.trim()),
    )
  );
}

/**
 * Whether a column can play the role: by its type; a number role also takes text whose sampled values all
 * read as amounts ($1,234.50, 1.234,50 €), a date role numbers that all read as dates (Unix time,
 * YYYYMMDD, Excel serial days).
 */
export function fitsValues(role: RoleDef, column: ColumnInfo, samples: string[] = []): boolean {
  if (fits(role, column.type)) return true;
  if (role.accepts === 'numeric') return column.type === 'VARCHAR' && looksLikeAmounts(samples);
  if (role.accepts === 'temporal' && isNumeric(column.type) && samples.length > 0)
    return ['epochS', 'epochMs', 'yyyymmdd', 'excel'].includes(guessTemporal(column.type, samples).why);
  return false;
}

/** Proposes a mapping of a table for a kind, with why; `profile` (when known) lets values speak too. */
export function guess(
  kind: SourceKind,
  table: string,
  columns: ColumnInfo[],
  profile?: TableProfile,
  { preferMonthFirst = false } = {},
): MappingGuess {
  const def = sourceDef(kind);
  const profiles = new Map(profile?.columns.map((c) => [c.name, c]) ?? []);
  // an empty column plays no role
  const usable = columns.filter((c) => (profiles.get(c.name)?.filled ?? 1) > 0);
  const used = new Set<string>();
  const roles: Record<string, string> = {};
  const why: Record<string, RoleWhy> = {};
  const fitsColumn = (role: RoleDef, c: ColumnInfo) => fitsValues(role, c, profiles.get(c.name)?.samples);
  const pick = (role: RoleDef): [string, RoleWhy] | null => {
    for (const pattern of role.names) {
      const hit = usable.find(
        (c) => !used.has(c.name) && nameMatches(pattern, c.name) && fitsColumn(role, c),
      );
      if (hit) return [hit.name, { code: 'name', values: { column: hit.name } }];
    }
    if (role.byType && role.accepts === 'temporal') {
      const hit = usable.find((c) => !used.has(c.name) && isTemporalType(c.type));
      if (hit) return [hit.name, { code: 'type', values: { column: hit.name, type: hit.type } }];
    }
    if (role.id === 'customerId') {
      // no customer id: an email address identifies the customer
      const email = usable.find(
        (c) =>
          !used.has(c.name) &&
          EMAIL_NAMES.test(c.name) &&
          (profiles.get(c.name)?.samples.every((s) => s.includes('@')) ?? true),
      );
      if (email) return [email.name, { code: 'email', values: { column: email.name } }];
    }
    return null;
  };
  for (const role of def.roles) {
    const hit = pick(role);
    if (!hit) continue;
    used.add(hit[0]);
    roles[role.id] = hit[0];
    why[role.id] = hit[1];
  }
  const segments = usable
    .filter(
      (c) =>
        !used.has(c.name) &&
        c.type === 'VARCHAR' &&
        SEGMENT_NAMES.test(c.name) &&
        !idLike(profiles.get(c.name)),
    )
    .map((c) => c.name);
  let mapping: Mapping<SourceKind> = { kind, table, roles, segments };
  const status = usable.find((c) => !used.has(c.name) && STATUS_NAMES.test(normalizeName(c.name)));
  if (status && def.proposesFilter) {
    const values = profiles.get(status.name)?.samples ?? [];
    mapping.filter = { column: status.name, exclude: values.filter((v) => isExclusionValue(v, kind)) };
  }
  if (def.refineGuess) mapping = def.refineGuess(mapping);
  return withReadings(mapping, why, columns, profile, { preferMonthFirst });
}

/**
 * A guess from its mapping and reasons: how each mapped column's values are read (guessed from its type
 * and sampled values, or as `fixed` says for a column whose layout is known), the readings in the mapping,
 * and the roles whose dates read either way.
 */
export function withReadings(
  mapping: Mapping<SourceKind>,
  why: Record<string, RoleWhy>,
  columns: ColumnInfo[],
  profile?: TableProfile,
  {
    preferMonthFirst = false,
    fixed = {},
  }: { preferMonthFirst?: boolean; fixed?: Record<string, ReadAsGuess> } = {},
): MappingGuess {
  const profiles = new Map(profile?.columns.map((c) => [c.name, c]) ?? []);
  const reading: Record<string, ReadAsGuess> = {};
  const ambiguous: string[] = [];
  for (const role of sourceDef(mapping.kind).roles) {
    const column = mapping.roles[role.id];
    if (!column) continue;
    const info = columns.find((c) => c.name === column)!;
    const samples = profiles.get(column)?.samples ?? [];
    if (fixed[column]) reading[role.id] = fixed[column];
    else if (role.accepts === 'temporal')
      reading[role.id] = guessTemporal(info.type, samples, preferMonthFirst);
    else if (role.accepts === 'numeric') reading[role.id] = guessNumber(column, info.type, samples);
    else continue;
    if (reading[role.id].ambiguous) ambiguous.push(role.id);
  }
  const readAs: Record<string, ReadAs> = {};
  for (const [role, g] of Object.entries(reading)) if (g.readAs.kind !== 'auto') readAs[role] = g.readAs;
  const read: Mapping<SourceKind> = Object.keys(readAs).length ? { ...mapping, readAs } : mapping;
  return {
    mapping: read,
    why: Object.fromEntries(Object.entries(why).filter(([r]) => read.roles[r])),
    reading,
    ambiguous,
  };
}

/** The mapping of `guess`, alone. */
export function guessMapping(kind: SourceKind, table: string, columns: ColumnInfo[], profile?: TableProfile) {
  return guess(kind, table, columns, profile).mapping;
}

/** Values of 0-10 as written in a survey's score column ("9", "10 - Extremely likely"). */
const isScore = (s: string) => /^(10|[0-9])(\.0+)?(\b|$)/.test(s.trim());

/**
 * Which kind of data a table most likely holds: each kind's guess is scored by the roles it fills from
 * names (all required ones first), with the values confirming what names suggest (a survey's scores are 0
 * to 10). Ties go to the kinds in their declared order.
 */
export function guessKind(
  columns: ColumnInfo[],
  profile?: TableProfile,
): { kind: SourceKind; score: number } {
  const profiles = new Map(profile?.columns.map((c) => [c.name, c]) ?? []);
  let best: { kind: SourceKind; score: number } = { kind: SOURCES[0].kind, score: -1 };
  for (const source of SOURCES) {
    const g = guess(source.kind, '', columns, profile);
    const required = source.roles.filter((r) => r.required);
    const complete = required.every((r) => g.mapping.roles[r.id]);
    let score = complete ? 10 : 0;
    for (const role of source.roles) {
      const column = g.mapping.roles[role.id];
      if (!column || g.why[role.id]?.code !== 'name') continue;
      // a column every kind would take for its customer says nothing about the kind
      if (role.id === 'customerId') continue;
      if (role.id === 'score') {
        const samples = profiles.get(column)?.samples ?? [];
        if (samples.length && !samples.every(isScore)) continue;
        score += 2;
      }
      score += role.required ? 2 : 1;
    }
    if (score > best.score) best = { kind: source.kind, score };
  }
  return best;
}

/** Refunds, voids, failures, tests and fraud, in English, Chinese, German, French and Spanish. */
const NOT_A_SALE =
  /refund|void|fail|declin|test|fraud|chargeback|reversed|abandon|退款|退货|失败|作废|测试|撤销|erstatt|fehlgeschlagen|rembours|échou|echou|reembols|fallid|devuel/i;
/** Cancellations, in the same languages. */
const CANCELLED = /cancel|取消|关闭|storn|abgebrochen|annul|cancelad|anulad/i;

/**
 * A status value to leave out by default, in any case: refunds, voids, failures and tests; and for orders,
 * cancellations. For subscriptions (and cancel flows) a cancellation is the churn being measured: kept.
 */
export function isExclusionValue(value: string, kind: SourceKind = 'orders'): boolean {
  return NOT_A_SALE.test(value) || (kind === 'orders' && CANCELLED.test(value));
}
