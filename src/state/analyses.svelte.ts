// Mappings to canonical tables, the analysis on screen, its parameters, its result and its drill-down.
import type { Table } from 'apache-arrow';
import type { EngineClient } from '../engine/client';
import { canonicalSql, shapeKey, type CanonicalKind, type Mapping } from '../data/mapping';
import {
  ANALYSES,
  analysis,
  defaults,
  type AnalysisDef,
  type AnalysisId,
  type ChartId,
  type Row,
} from '../analyses/registry';
import { EMPTY_CUSTOMER_CLV } from '../analyses/clv-table';
import { PRESET_VERSION, type Preset, type PresetMapping } from '../presets/preset';
import { getItem, setItem } from './store';
import type { ClvFailure, ClvFit, ClvOutcome, ClvRequest } from '../analyses/clv-fit';

/** The fit request of the predictive CLV analysis from its parameter values. */
export function clvRequest(values: ParamValues): ClvRequest {
  const number = (v: unknown, fallback: number) =>
    typeof v === 'number' && Number.isFinite(v) ? v : fallback;
  return {
    calibrationEnd: typeof values.calibration_end === 'string' ? values.calibration_end : null,
    holdoutEnd: null,
    timeUnit: values.time_unit === 'day' ? 'day' : 'week',
    horizon: number(values.horizon, 52),
    margin: typeof values.margin === 'number' ? values.margin : null,
    discountRate: number(values.discount_rate, 0.1),
  };
}
import { bindNamed, inlineParams, withSegment, type ParamValue, type ParamValues } from '../analyses/params';
import { quoteUntrustedIdentifier } from '../engine/sql';
import type { ColumnInfo } from '../engine/api';

export interface AnalysisResult {
  table: Table;
  rows: Row[];
  ms: number;
  /** The SQL as it ran, with `$1`... and its values. */
  sql: string;
  /** The same SQL with literal values: runnable in the SQL workspace or the DuckDB shell. */
  runnable: string;
  source: CanonicalKind;
  params: ParamValues;
  /** Results of the analysis's extra views (deciles, validation...), by view id. */
  views: Record<string, Row[]>;
  /** The model fit behind the result (predictive CLV). */
  fit?: ClvFit;
}

export interface DrillResult {
  table: Table;
  title: Row;
  runnable: string;
}

const STORAGE = 'tenure.mappings';

/** Arrow rows to plain objects for charts; BIGINT counts become numbers (results here are small). */
export function plainRows(table: Table): Row[] {
  return table.toArray().map((r) => {
    const row = r.toJSON() as Row;
    for (const [key, value] of Object.entries(row)) if (typeof value === 'bigint') row[key] = Number(value);
    return row;
  });
}

export class AnalysesState {
  #mappings = $state<Partial<Record<CanonicalKind, Mapping>>>({});
  /** The columns of the table each mapping was made on (what a preset tells others to expect). */
  #columns: Partial<Record<CanonicalKind, ColumnInfo[]>> = {};
  /** Mappings saved per file shape (kind + columns and types), across visits. */
  #remembered: Record<string, Mapping> = {};
  #active = $state<AnalysisId>('cohorts');
  #source = $state<CanonicalKind | null>(null);
  #values = $state<Record<string, ParamValues>>(Object.fromEntries(ANALYSES.map((a) => [a.id, defaults(a)])));
  #segment = $state('');
  #segmentValue = $state<string | null>(null);
  #segmentValues = $state<string[]>([]);
  #result = $state.raw<AnalysisResult | null>(null);
  #drill = $state.raw<DrillResult | null>(null);
  #error = $state<string | null>(null);
  #fitFailure = $state.raw<ClvFailure | null>(null);
  #running = $state(false);
  #runId = 0;
  readonly #engine: EngineClient;

  constructor(engine: EngineClient) {
    this.#engine = engine;
  }

  get mappings() {
    return this.#mappings;
  }
  get active(): AnalysisDef {
    return analysis(this.#active);
  }
  get values(): ParamValues {
    return this.#values[this.#active];
  }
  get segment(): string {
    return this.#segment;
  }
  get segmentValue(): string | null {
    return this.#segmentValue;
  }
  get segmentValues(): string[] {
    return this.#segmentValues;
  }
  get result(): AnalysisResult | null {
    return this.#result;
  }
  get drill(): DrillResult | null {
    return this.#drill;
  }
  get error(): string | null {
    return this.#error;
  }
  /** Why the model behind the analysis could not be fitted (no numbers are shown then). */
  get fitFailure(): ClvFailure | null {
    return this.#fitFailure;
  }
  get running(): boolean {
    return this.#running;
  }

  /** Sources (canonical tables) the active analysis can read, among those mapped. */
  get sources(): CanonicalKind[] {
    const def = this.active;
    return (Object.keys(def.sql) as CanonicalKind[]).filter((k) => this.#mappings[k]);
  }

  get source(): CanonicalKind | null {
    const sources = this.sources;
    return this.#source && sources.includes(this.#source) ? this.#source : (sources[0] ?? null);
  }

  /** Segment columns of the source's mapping. */
  get segments(): string[] {
    const source = this.source;
    return source ? (this.#mappings[source]?.segments ?? []) : [];
  }

  isAvailable(id: AnalysisId): boolean {
    return (Object.keys(analysis(id).sql) as CanonicalKind[]).some((k) => this.#mappings[k]);
  }

  /** Loads the mappings saved in earlier visits (IndexedDB; older versions kept them in localStorage). */
  async loadRemembered(): Promise<void> {
    let saved = await getItem<Record<string, Mapping>>(STORAGE);
    if (!saved) {
      try {
        saved = JSON.parse(localStorage.getItem(STORAGE) ?? '{}') as Record<string, Mapping>;
      } catch {
        saved = {};
      }
    }
    this.#remembered = { ...saved, ...this.#remembered };
  }

  /** A mapping saved for a table of this shape earlier (same columns and types), if any. */
  remembered(kind: CanonicalKind, table: string, columns: ColumnInfo[]): Mapping | null {
    const mapping = this.#remembered[shapeKey(kind, columns)];
    return mapping ? { ...mapping, table } : null;
  }

  #remember(mapping: Mapping, columns: ColumnInfo[]): void {
    this.#remembered = { ...this.#remembered, [shapeKey(mapping.kind, columns)]: mapping };
    void setItem(STORAGE, this.#remembered); // not remembered where storage is refused; it still applies
  }

  /** Builds the canonical table for a mapping (once per mapping), then runs the active analysis. */
  async applyMapping(mapping: Mapping, columns: ColumnInfo[]): Promise<void> {
    const snapshot = $state.snapshot(mapping) as Mapping;
    await this.#engine.query(canonicalSql(snapshot));
    // a fitted CLV model belongs to the orders it was fitted on
    if (snapshot.kind === 'orders') await this.#engine.query(EMPTY_CUSTOMER_CLV);
    this.#mappings = { ...this.#mappings, [mapping.kind]: snapshot };
    this.#columns[mapping.kind] = columns;
    this.#remember(snapshot, columns);
    if (!this.isAvailable(this.#active)) {
      const first = ANALYSES.find((a) => this.isAvailable(a.id));
      if (first) this.#active = first.id;
    }
    await this.#loadSegmentValues();
    await this.run();
  }

  /** The definition on screen, as a preset: analysis, source, parameters, segment and mappings. */
  toPreset(): Preset {
    const preset: Preset = {
      v: PRESET_VERSION,
      analysis: this.#active,
      params: $state.snapshot(this.values) as ParamValues,
    };
    if (this.source) preset.source = this.source;
    if (this.#segment) preset.segment = { column: this.#segment, value: this.#segmentValue };
    preset.mappings = this.presetMappings();
    return preset;
  }

  /** The mappings in use, each with the columns of its table. */
  presetMappings(): PresetMapping[] {
    return (Object.values(this.#mappings) as Mapping[]).map((m) => {
      // eslint-disable-next-line @typescript-eslint/no-unused-vars
      const { table, ...rest } = $state.snapshot(m) as Mapping;
      const columns = (this.#columns[m.kind] ?? []).map((c) => ({ name: c.name, type: c.type }));
      return { ...rest, columns } as PresetMapping;
    });
  }

  /** Puts a preset's analysis, parameters and segment on screen (it runs once its data is mapped). */
  async restore(preset: Preset): Promise<void> {
    if (preset.analysis === 'sql') return;
    const def = analysis(preset.analysis);
    const known = def.params.map((p) => p.id);
    const params = Object.fromEntries(Object.entries(preset.params ?? {}).filter(([k]) => known.includes(k)));
    this.#values = { ...this.#values, [def.id]: { ...defaults(def), ...params } };
    this.#active = def.id;
    this.#source = preset.source ?? null;
    this.#segment = preset.segment?.column ?? '';
    this.#segmentValue = preset.segment?.value ?? null;
    this.#drill = null;
    this.#result = null;
    if (this.source) {
      await this.#loadSegmentValues();
      await this.run();
    }
  }

  async select(id: AnalysisId): Promise<void> {
    this.#active = id;
    this.#drill = null;
    this.#result = null;
    await this.#loadSegmentValues();
    await this.run();
  }

  async setSource(source: CanonicalKind): Promise<void> {
    this.#source = source;
    this.#segment = '';
    this.#segmentValue = null;
    await this.run();
  }

  async setParam(id: string, value: ParamValue): Promise<void> {
    this.#values = { ...this.#values, [this.#active]: { ...this.values, [id]: value } };
    await this.run();
  }

  async setSegment(column: string, value: string | null = null): Promise<void> {
    this.#segment = column;
    this.#segmentValue = value;
    await this.#loadSegmentValues();
    await this.run();
  }

  async #loadSegmentValues(): Promise<void> {
    const source = this.source;
    if (!source || !this.segments.includes(this.#segment)) {
      this.#segmentValues = [];
      return;
    }
    const column = quoteUntrustedIdentifier(`segment_${this.#segment}`);
    const result = await this.#engine.query(
      `SELECT ${column} AS v, count(*) AS n FROM ${source} WHERE ${column} IS NOT NULL GROUP BY ALL ORDER BY n DESC LIMIT 200`,
    );
    this.#segmentValues = plainRows(result.table).map((r) => String(r.v));
  }

  #bound(sql: string, extra: ParamValues = {}) {
    const values: ParamValues = {
      ...this.values,
      segment_value: this.segments.includes(this.#segment) ? this.#segmentValue : null,
      ...extra,
    };
    // a segment column only counts when the mapping has it (a preset may name one this file lacks)
    const segment = this.segments.includes(this.#segment) ? `segment_${this.#segment}` : null;
    const text = withSegment(sql, segment);
    return { text, values, ...bindNamed(text, values) };
  }

  /** Runs the active analysis with the current parameters; a newer run supersedes an older one. */
  async run(): Promise<void> {
    const source = this.source;
    const def = this.active;
    if (!source) return;
    const runId = ++this.#runId;
    this.#running = true;
    this.#error = null;
    try {
      let fit: ClvOutcome | undefined;
      if (def.fit === 'clv') {
        fit = await this.#engine.fitClv(clvRequest(this.values));
        if (runId !== this.#runId) return;
        if (!fit.ok) {
          this.#result = null;
          this.#fitFailure = fit;
          return;
        }
      }
      this.#fitFailure = null;
      const bound = this.#bound(def.sql[source]!);
      const result = await this.#engine.query(bound.sql, { params: bound.params });
      const views: Record<string, Row[]> = {};
      for (const view of def.views ?? []) {
        const b = this.#bound(view.sql);
        views[view.id] = plainRows((await this.#engine.query(b.sql, { params: b.params })).table);
      }
      if (runId !== this.#runId) return;
      this.#result = {
        table: result.table,
        // a per-customer table can have a million rows: the grid reads it from Arrow, charts use views
        rows: def.largeResult ? [] : plainRows(result.table),
        views,
        fit: fit?.ok ? fit : undefined,
        ms: result.ms + (fit?.ok ? fit.ms : 0),
        sql: bound.sql,
        runnable: inlineParams(bound.text, bound.values),
        source,
        params: bound.values,
      };
    } catch (error) {
      if (runId === this.#runId) this.#error = error instanceof Error ? error.message : String(error);
    } finally {
      if (runId === this.#runId) this.#running = false;
    }
  }

  /** Lists the customers behind a result row (a heatmap cell). */
  async drillInto(row: Row, chart: ChartId): Promise<void> {
    const source = this.source;
    const drill = this.active.drill;
    const sql = source ? drill?.sql[source] : undefined;
    const params = drill?.params(row, chart);
    if (!sql || !params) return;
    this.#error = null;
    try {
      const bound = this.#bound(sql, params);
      const result = await this.#engine.query(bound.sql, { params: bound.params });
      this.#drill = { table: result.table, title: row, runnable: inlineParams(bound.text, bound.values) };
    } catch (error) {
      this.#error = error instanceof Error ? error.message : String(error);
    }
  }

  closeDrill(): void {
    this.#drill = null;
  }
}
