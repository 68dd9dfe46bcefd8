// What an analysis declares, once: the sources it reads (SQL per source, and the drill-down SQL), its
// parameters, how it uses a segment, the columns of its result, extra views, a model fitted first, its
// charts and drill-downs, and its docs anchor. The analysis view renders any declaration: it never asks
// which analysis it is showing.
import type { Table } from 'apache-arrow';
import type { SourceKind } from '../data/sources';
import type { ChartOptions } from '../charts/common';
import { defaultValues, type ParamSpec, type ParamValues } from './params';
import { decodeRows, type RowOf, type Schema } from './rows';
import type { ClvFit, ClvRequest } from './predictive-clv/fit';
import type { RevenueCheck, RevenueMonth } from './revenue/present';
import type { NpsComment, NpsOutcomes, NpsSummary } from './nps/present';
import type { ReasonSummary } from './reasons/present';
import type { OfferRow } from './funnel/present';

/** What a chart needs from the page: its width, the language, and the catalogue. */
export interface ChartContext {
  width: number;
  locale: string;
  /** Translates a catalogue key. */
  t(key: string, values?: Record<string, string | number>): string;
  /** Where to create elements (jsdom's in tests); the page's document when absent. */
  document?: Document;
}

/** The rows a chart draws from: the decoded result, its views, the model fit, and the values it ran with. */
export interface AnalysisData<S extends Schema, V extends Record<string, Schema>> {
  rows: RowOf<S>[];
  views: { [K in keyof V]: RowOf<V[K]>[] };
  fit: ClvFit | null;
  params: ParamValues;
  source: SourceKind;
}

export interface ChartSpec<D> {
  /** Its title is `chart.titles.<id>`. */
  id: string;
  /** Whether the chart applies to this result (some charts are for one source only). */
  applies?(data: D): boolean;
  draw(data: D, ctx: ChartContext): Element;
  /**
   * The customers behind the mark at `index` (the index the chart gave the mark): the drill query's own
   * parameter values, or null when the mark has no customers to list (an average row).
   */
  drill?(data: D, index: number): ParamValues | null;
}

/** Extra panels an analysis shows beside its charts, by kind (the view has one component per kind). */
export type Panel =
  | { kind: 'factors'; rows: FactorRow[]; sql: string }
  | { kind: 'fit'; fit: ClvFit; summarySql: string }
  /** The latest month's revenue rates, side by side. */
  | { kind: 'revenueSummary'; month: RevenueMonth }
  /** Start + movements = end, checked for every month, and what was read (currencies, rows left out). */
  | { kind: 'revenueCheck'; check: RevenueCheck }
  /** The overall NPS with its margin and interval, and the answers left out. */
  | { kind: 'npsSummary'; summary: NpsSummary }
  /** The comments of each NPS group, readable beside the charts. */
  | { kind: 'npsComments'; comments: NpsComment[] }
  /** Later churn, revenue retention and CLV of promoters, passives and detractors. */
  | { kind: 'npsOutcomes'; outcomes: NpsOutcomes }
  /** The controllable share of churn and of lost MRR, and the unclassified share. */
  | { kind: 'reasonsSummary'; summary: ReasonSummary }
  /** The save rate with the numerator it uses, and the saved customers' later churn. */
  | { kind: 'funnelSummary'; summary: { all: OfferRow; saveDays: number; laterDays: number } }
  /** Period retention averaged over the periods past the warm-up. */
  | { kind: 'periodSummary'; summary: PeriodSummary }
  /** RFM scores no customer got, and the tie that emptied them. */
  | { kind: 'rfmGaps'; gaps: ScoreGap[] };

/** One RFM dimension with empty scores: which, and the score whose equal values took their customers. */
export interface ScoreGap {
  dimension: 'r' | 'f' | 'm';
  missing: number[];
  /** The score below the gap, its share of customers and the values it holds (low = high: one value). */
  tied: { score: number; share: number; low: number; high: number };
}

/** The `periodSummary` panel: pooled rates over the steady periods, and how many warm-up ones were left out. */
export interface PeriodSummary {
  periods: number;
  warmUp: number;
  crr: number | null;
  churn: number | null;
  /** The inactivity window (orders), which sets the warm-up; null for subscriptions. */
  windowDays: number | null;
}

/** One segment's formula CLV factors (the `factors` panel). */
export interface FactorRow {
  segment: string;
  aov: number | null;
  purchase_frequency: number | null;
  gross_margin: number | null;
  /** 'data' (a mapped cost) or 'parameter' (the margin parameter). */
  margin_from: string;
  annual_churn_rate: number | null;
  /** False when the earlier churn window starts before the data. */
  churn_window_complete: boolean | null;
  expected_lifespan_years: number | null;
  clv: number | null;
}

export interface SourceSql {
  /** The analysis for this source. */
  sql: string;
  /** The customers behind a chart mark (its own parameters come from the chart's `drill`). */
  drill?: string;
}

export interface AnalysisSpec<S extends Schema, V extends Record<string, Schema>> {
  id: string;
  /** Its place in the list of analyses (ascending). */
  position: number;
  sources: Partial<Record<SourceKind, SourceSql>>;
  params: readonly ParamSpec[];
  /** How a segment column is used: to filter to one value, to break the result down, or not at all. */
  segment: 'filter' | 'breakdown' | 'none';
  /** The columns of the result that charts read; null: the result is not decoded (one row per customer). */
  rows: S | null;
  /**
   * Further queries run after the main one, by id, with the columns charts read from them: one SQL for
   * every source, or one per source (churn reasons read their events from either).
   */
  views?: { [K in keyof V]: { sql: string | Partial<Record<SourceKind, string>>; rows: V[K] } };
  /** A model fitted in the worker before the SQL runs (predictive CLV writes customer_clv). */
  model?: { request(values: ParamValues): ClvRequest; summarySql(values: ParamValues, fit: ClvFit): string };
  /**
   * The values of one parameter a person is likely to try next, most likely first: after a result, the
   * analysis runs with each of them in the background while the engine is idle, so that changing to one
   * redraws from memory (state/analyses.svelte.ts).
   */
  prefetch?: { param: string; values: readonly string[] };
  charts: ChartSpec<AnalysisData<S, V>>[];
  panels?(data: AnalysisData<S, V>, runnable: string): Panel[];
  /** Tables the analysis creates in the engine (names no loaded file may take). */
  tables?: readonly string[];
  /** Kinds it joins when they are mapped (an empty table stands in until then): NPS links subscriptions. */
  linked?: readonly SourceKind[];
  /** SQL run each time a source is mapped anew (e.g. emptying a model's output fitted on the old data). */
  afterMapping?: Partial<Record<SourceKind, string>>;
  /** Anchor in docs/metrics.md. */
  docs: string;
}

/** A result as it came from the engine, before decoding. */
export interface RawResult {
  table: Table;
  views: Record<string, Table>;
  fit: ClvFit | null;
  params: ParamValues;
  source: SourceKind;
  /** The SQL with its values written out. */
  runnable: string;
}

/** A chart ready to draw, with its drill-down. */
export interface PresentedChart {
  id: string;
  draw(ctx: ChartContext): Element;
  drill?(index: number): ParamValues | null;
}

export interface Presented {
  charts: PresentedChart[];
  panels: Panel[];
}

/** An analysis as the rest of the app sees it, whatever its row types. */
export interface Analysis {
  id: string;
  position: number;
  sources: Partial<Record<SourceKind, SourceSql>>;
  params: readonly ParamSpec[];
  segment: 'filter' | 'breakdown' | 'none';
  /** `sql` for every source, unless `bySource` has the source's own. */
  views: { id: string; sql: string; bySource: Partial<Record<SourceKind, string>> }[];
  model?: AnalysisSpec<Schema, Record<string, Schema>>['model'];
  prefetch: AnalysisSpec<Schema, Record<string, Schema>>['prefetch'] | null;
  /** Ids of its charts (titles are `chart.titles.<id>`). */
  chartIds: string[];
  /** Ids of the charts that open customers when a mark is clicked. */
  drillCharts: string[];
  tables: readonly string[];
  linked: readonly SourceKind[];
  afterMapping: Partial<Record<SourceKind, string>>;
  docs: string;
  /** Whether its result is decoded into rows (false: one row per customer, shown in the grid only). */
  decodes: boolean;
  defaults(): ParamValues;
  /** Decodes a result and binds the charts and panels to it. Throws DecodeError if the SQL drifted. */
  present(raw: RawResult): Presented;
}

export function defineAnalysis<S extends Schema, V extends Record<string, Schema> = Record<never, Schema>>(
  spec: AnalysisSpec<S, V>,
): Analysis {
  const viewSpecs = Object.entries(spec.views ?? {}) as [
    string,
    { sql: string | Partial<Record<SourceKind, string>>; rows: Schema },
  ][];
  return {
    id: spec.id,
    position: spec.position,
    sources: spec.sources,
    params: spec.params,
    segment: spec.segment,
    views: viewSpecs.map(([id, view]) =>
      typeof view.sql === 'string'
        ? { id, sql: view.sql, bySource: {} }
        : { id, sql: Object.values(view.sql)[0] ?? '', bySource: view.sql },
    ),
    model: spec.model,
    prefetch: spec.prefetch ?? null,
    chartIds: spec.charts.map((c) => c.id),
    drillCharts: spec.charts.filter((c) => c.drill).map((c) => c.id),
    tables: spec.tables ?? [],
    linked: spec.linked ?? [],
    afterMapping: spec.afterMapping ?? {},
    docs: spec.docs,
    decodes: spec.rows !== null,
    defaults: () => defaultValues(spec.params),
    present(raw) {
      const views = Object.fromEntries(
        viewSpecs.map(([id, view]) => [id, decodeRows(view.rows, raw.views[id])]),
      ) as AnalysisData<S, V>['views'];
      const data: AnalysisData<S, V> = {
        rows: spec.rows ? decodeRows(spec.rows, raw.table) : [],
        views,
        fit: raw.fit,
        params: raw.params,
        source: raw.source,
      };
      return {
        charts: spec.charts
          .filter((chart) => chart.applies?.(data) ?? true)
          .map((chart) => ({
            id: chart.id,
            draw: (ctx) => chart.draw(data, ctx),
            drill: chart.drill ? (index) => chart.drill!(data, index) : undefined,
          })),
        panels: spec.panels?.(data, raw.runnable) ?? [],
      };
    },
  };
}

/** The catalogue texts every chart may show, by key (`chart.<key>`). */
const CHART_TEXT = [
  'average',
  'k',
  'cohort',
  'customers',
  'size',
  'crr',
  'churn',
  'survival',
  'x',
  'y',
  'r',
  'f',
  'revenue',
  'revenueShare',
  'actual',
  'predicted',
  'frequency',
  'holdoutPurchases',
  'recency',
  'alive',
  'decile',
  'avgClv',
  'share',
  'warmUp',
];

/** Chart options for the page's context, with the result's grain and any texts of the chart's own. */
export function chartOptions(
  ctx: ChartContext,
  params: ParamValues,
  text: Record<string, string> = {},
): ChartOptions {
  return {
    width: ctx.width,
    locale: ctx.locale,
    document: ctx.document,
    grain: typeof params.grain === 'string' ? params.grain : 'month',
    text: { ...Object.fromEntries(CHART_TEXT.map((k) => [k, ctx.t(`chart.${k}`)])), ...text },
  };
}
