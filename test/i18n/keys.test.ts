// Every catalogue key the app makes from a declaration or a code exists in both languages: an analysis,
// a parameter, a choice, a chart, a source kind and its roles, an engine error, a parameter problem, a
// model failure, a preset problem. A missing key would show as the raw key on screen.
import { CLV_STAGES } from '../../src/analyses/predictive-clv/fit';
import { describe, expect, it } from 'vitest';
import en from '../../src/i18n/en.json';
import zh from '../../src/i18n/zh-CN.json';
import { ANALYSES } from '../../src/analyses';
import { RFM_SEGMENT_KEYS } from '../../src/analyses/labels';
import { SOURCES, sourceDef } from '../../src/data/sources';
import { SHAPES } from '../../src/data/shapes';
import type { EngineErrorKind, RefusalReason } from '../../src/engine/errors';
import type { ParamProblem } from '../../src/analyses/params';
import type { ClvFailure } from '../../src/analyses/predictive-clv/fit';
import type { DropReason, MappingProblem } from '../../src/data/sources';
import type { ReadAsWhy } from '../../src/data/read-as';
import type { RoleWhy } from '../../src/data/guess';
import { TEXT_ENCODINGS, type LoadErrorCode, type LoadNote, type RejectType } from '../../src/data/files';
import { readFileSync } from 'node:fs';

type Tree = { [key: string]: string | Tree };
const has = (tree: Tree, key: string) => {
  let node: string | Tree | undefined = tree;
  for (const part of key.split('.')) node = typeof node === 'object' ? node[part] : undefined;
  return typeof node === 'string';
};

// written as records so that a new kind, code or reason fails to compile until it is listed here
const ENGINE_ERRORS: Record<EngineErrorKind, true> = {
  cancelled: true,
  superseded: true,
  sql: true,
  outOfMemory: true,
  permission: true,
  engineStopped: true,
  startFailed: true,
  internal: true,
  refused: true,
};
const REFUSALS: Record<RefusalReason, true> = {
  nul: true,
  pragma: true,
  transaction: true,
  detach: true,
  appTables: true,
  appName: true,
};
const PARAM_PROBLEMS: Record<ParamProblem['code'], true> = {
  unknown: true,
  notAChoice: true,
  notANumber: true,
  notAnInteger: true,
  belowMin: true,
  aboveMax: true,
  notADate: true,
  badRules: true,
};
const FIT_REASONS: Record<ClvFailure['reason'], true> = {
  noOrders: true,
  noCustomers: true,
  lengthMismatch: true,
  badFrequency: true,
  badTimes: true,
  recencyBeyondAge: true,
  recencyWithoutRepeat: true,
  noTimeObserved: true,
  tooFewRepeat: true,
  tooFewSpenders: true,
  noPositiveSpend: true,
  noDropOut: true,
  parameterEdge: true,
  infiniteMean: true,
  notConverged: true,
};
const FIT_CODES: Record<ClvFailure['code'], true> = {
  no_orders: true,
  no_customers: true,
  invalid_input: true,
  too_few_repeat_customers: true,
  no_positive_spend: true,
  not_converged: true,
  degenerate: true,
};
const MAPPING_PROBLEMS: Record<MappingProblem['code'], true> = {
  missing: true,
  unknownColumn: true,
  needBoth: true,
  duplicateSegment: true,
  oneAmount: true,
  needInterval: true,
};

const READ_AS_WHY: Record<ReadAsWhy, true> = {
  typed: true,
  empty: true,
  yyyymmdd: true,
  epochMs: true,
  epochS: true,
  excel: true,
  iso: true,
  offset: true,
  ymd: true,
  dayFirst: true,
  monthFirst: true,
  ambiguous: true,
  unknown: true,
  minorUnitsName: true,
  decimalComma: true,
  moneyText: true,
  numberText: true,
  layout: true,
};
const ROLE_WHY: Record<RoleWhy['code'], true> = { name: true, type: true, email: true, shape: true };
const DROPS: Record<DropReason, true> = {
  totalsRow: true,
  duplicate: true,
  noKey: true,
  excluded: true,
  noCustomer: true,
  noDate: true,
  badDate: true,
  badEndDate: true,
  badTenure: true,
  badFlag: true,
  notSampled: true,
  other: true,
};

const LOAD_NOTES: Record<LoadNote['code'], true> = {
  encoding: true,
  encodingGuessed: true,
  gzip: true,
  whitespaceColumns: true,
  mixedLineEnds: true,
  released: true,
  headerLine: true,
  ambiguousDates: true,
  datesKeptAsText: true,
  twoHeaderRows: true,
  renamedColumns: true,
  singleColumn: true,
  notATable: true,
  rejectedRows: true,
};
const LOAD_ERRORS: Record<LoadErrorCode, true> = {
  emptyFile: true,
  noRows: true,
  allRowsRejected: true,
  truncatedFile: true,
  corruptParquet: true,
  notUtf8: true,
  binaryFile: true,
  spreadsheet: true,
  unsupportedFormat: true,
  notATable: true,
  outOfMemory: true,
  cancelled: true,
  parseFailed: true,
  lineTooLong: true,
  dialectNotFound: true,
};
const REJECT_TYPES: Record<RejectType, true> = {
  cast: true,
  missingColumns: true,
  tooManyColumns: true,
  unquotedValue: true,
  lineTooLong: true,
  invalidUnicode: true,
  other: true,
};

function keys(): string[] {
  const out: string[] = [];
  for (const analysis of ANALYSES) {
    out.push(`analyses.${analysis.id}.title`, `analyses.${analysis.id}.what`);
    for (const p of analysis.params) {
      if (p.kind !== 'rules') out.push(`params.${p.id}.label`);
      if (p.kind === 'choice') out.push(...p.choices.map((c) => `params.${p.id}.${c}`));
    }
    out.push(...analysis.chartIds.map((id) => `chart.titles.${id}`));
  }
  for (const source of SOURCES) {
    out.push(`mapping.kinds.${source.kind}`, ...source.roles.map((r) => `mapping.roles.${r.id}`));
  }
  // a refusal is said by its reason (engineError.refused.<reason>), the other kinds by their own key
  out.push(
    ...Object.keys(ENGINE_ERRORS)
      .filter((k) => k !== 'refused')
      .map((k) => `engineError.${k}`),
  );
  out.push(...Object.keys(REFUSALS).map((k) => `engineError.refused.${k}`));
  // the refusals a statement can get before it runs, shown in the review of SQL from a link
  out.push(
    ...Object.keys(REFUSALS)
      .filter((k) => k !== 'appTables' && k !== 'appName')
      .map((k) => `sql.review.refused.${k}`),
  );
  out.push(...Object.keys(PARAM_PROBLEMS).map((k) => `params.errors.${k}`));
  out.push(...Object.keys(FIT_REASONS).flatMap((k) => [`clv.reasons.${k}`, `clv.hints.${k}`]));
  out.push(...Object.keys(FIT_CODES).map((k) => `clv.codes.${k}`));
  out.push(...Object.keys(MAPPING_PROBLEMS).map((k) => `mapping.problem.${k}`));
  // typed and empty readings say nothing on screen
  out.push(
    ...Object.keys(READ_AS_WHY)
      .filter((k) => k !== 'typed' && k !== 'empty')
      .map((k) => `mapping.readAs.why.${k}`),
  );
  out.push(...Object.keys(ROLE_WHY).map((k) => `mapping.why.${k}`));
  // the name of every known export shape, as the mapping form says it recognised one
  out.push(...SHAPES.map((s) => `mapping.shapes.${s.id}`));
  out.push(...Object.keys(DROPS).map((k) => `mapping.drop.${k}`));
  // values the SQL writes itself, shown translated (analyses/labels.ts)
  out.push(...Object.values(RFM_SEGMENT_KEYS).map((k) => `rfm.segments.${k}`), 'values.all');
  out.push(...Object.keys(LOAD_NOTES).map((k) => `load.note.${k}`));
  // the stages of the CLV fit, as the analysis view says them (AnalysisView.svelte)
  out.push(...CLV_STAGES.map((s) => `analyses.progress.fit.${s}`));
  out.push(...Object.keys(LOAD_ERRORS).map((k) => `error.${k}`));
  out.push(...Object.keys(REJECT_TYPES).map((k) => `table.rejectType.${k}`));
  // as TablePanel names an encoding
  out.push(...TEXT_ENCODINGS.map((e) => `table.enc.${e.replace(/-/g, '')}`));
  // every warning a kind can raise, with any roles mapped
  for (const { kind } of SOURCES) {
    const source = sourceDef(kind);
    const all = Object.fromEntries(source.roles.map((r) => [r.id, r.id]));
    const codes = [
      ...(source.warnings?.({ kind: source.kind, table: 't', roles: {}, segments: [] }) ?? []),
      ...(source.warnings?.({ kind: source.kind, table: 't', roles: all, segments: [] }) ?? []),
    ].map((w) => w.code);
    out.push(...codes.map((c) => `mapping.warning.${c}`));
  }
  // raised by the mapping operation itself (map-ops.ts)
  out.push('mapping.warning.duplicates');
  // the reasons a preset is refused, as preset.ts names them
  const presetSource = readFileSync(new URL('../../src/presets/preset.ts', import.meta.url), 'utf8');
  const why = [...presetSource.matchAll(/fail\([^;]*?'(\w+)'(?:, \{[^}]*\})?\)/g)].map((m) => m[1]);
  expect(why.length).toBeGreaterThan(10);
  out.push(...why.map((k) => `presets.why.${k}`), 'presets.why.duplicateKey');
  return out;
}

describe('catalogue keys made from declarations and codes', () => {
  it.each([
    ['en', en],
    ['zh-CN', zh],
  ])('all exist in %s', (_, catalogue) => {
    expect(keys().filter((k) => !has(catalogue as Tree, k))).toEqual([]);
  });
});
