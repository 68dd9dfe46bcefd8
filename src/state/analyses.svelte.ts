// Mappings to canonical tables, the analysis on screen, its parameters, its result and its drill-down.
// Every query goes through the engine's lanes: a newer run supersedes an older one (its late result is
// never shown), and the same mapping asked for twice in a row runs once.
import type { Table } from 'apache-arrow';
import { segmentColumn, shapeKey, rolesOf, toFlat, type FlatMapping } from '../data/mapping';
import type { MappingReport } from '../data/map-ops';
import { isSourceKind, type Mapping, type SourceKind } from '../data/sources';
import type { ColumnInfo } from '../engine/api';
import { isEngineError, type EngineError } from '../engine/errors';
import { quoteUntrustedIdentifier } from '../engine/sql';
import { ANALYSES, analysisById, sourcesOf, type Analysis } from '../analyses';
import type { Presented } from '../analyses/define';
import { ParamError, parseParam, parseValues, type ParamProblem, type ParamValues } from '../analyses/params';
import { analysisQuery, bindQuery, drillQuery, viewSql, type SegmentChoice } from '../analyses/query';
import { DecodeError } from '../analyses/rows';
import type { ClvFailure, ClvFit, ClvRequest } from '../analyses/predictive-clv/fit';
import type { Engine } from '../worker/contract';
import { getItem, setItem } from './store';

export interface AnalysisResult {
  analysis: Analysis;
  /** The main result, as the engine returned it (the grid reads it). */
  table: Table;
  /** Charts and panels bound to the decoded result. */
  presented: Presented;
  ms: number;
  /** The SQL as it ran, with `$1`... */
  sql: string;
  /** The same SQL with its values written out. */
  runnable: string;
  source: SourceKind;
  /** The values it ran with (charts label their axes with these, not with the ones just chosen). */
  params: ParamValues;
  fit: ClvFit | null;
}

export interface DrillResult {
  table: Table;
  runnable: string;
}

/** Why the analysis on screen shows no (new) result. */
export type AnalysisProblem =
  | { kind: 'engine'; error: EngineError }
  | { kind: 'decode'; message: string }
  | { kind: 'segmentNotMapped'; column: string };

/** What a mapping of the page is: the mapping, the columns of the table it was made on, its accounting. */
interface Mapped {
  mapping: Mapping<SourceKind>;
  columns: ColumnInfo[];
  report: MappingReport;
}

const STORAGE = 'tenure.mappings';

export class AnalysesState {
  #mapped = $state.raw<Partial<Record<SourceKind, Mapped>>>({});
  /** Mappings saved per file shape (kind + columns and types), across visits. */
  #remembered: Record<string, Mapping<SourceKind>> = {};
  #activeId = $state(ANALYSES[0].id);
  #source = $state<SourceKind | null>(null);
  #values = $state.raw<Record<string, ParamValues>>(
    Object.fromEntries(ANALYSES.map((a) => [a.id, a.defaults()])),
  );
  /** A value typed in the form that its parameter refuses, by parameter id (not applied). */
  #paramProblems = $state.raw<Record<string, ParamProblem>>({});
  #segment = $state('');
  #segmentValue = $state<string | null>(null);
  #segmentValues = $state.raw<string[]>([]);
  #result = $state.raw<AnalysisResult | null>(null);
  #drill = $state.raw<DrillResult | null>(null);
  #problem = $state.raw<AnalysisProblem | null>(null);
  #fitFailure = $state.raw<ClvFailure | null>(null);
  #running = $state(false);
  /** Bumped by every run: a run whose number is no longer the latest drops its result. */
  #runId = 0;
  /** The last model fit that wrote customer_clv (what a restarted engine fits again), if any. */
  #lastFit: ClvRequest | null = null;
  readonly #engine: Engine;

  constructor(engine: Engine) {
    this.#engine = engine;
  }

  /** The mapping of each mapped kind. */
  get mappings(): Partial<Record<SourceKind, Mapping<SourceKind>>> {
    return Object.fromEntries(Object.entries(this.#mapped).map(([k, m]) => [k, m.mapping]));
  }
  get active(): Analysis {
    return analysisById(this.#activeId) ?? ANALYSES[0];
  }
  get values(): ParamValues {
    return this.#values[this.#activeId];
  }
  get paramProblems(): Record<string, ParamProblem> {
    return this.#paramProblems;
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
  get problem(): AnalysisProblem | null {
    return this.#problem;
  }
  /** Why the model behind the analysis could not be fitted (no numbers are shown then). */
  get fitFailure(): ClvFailure | null {
    return this.#fitFailure;
  }
  get running(): boolean {
    return this.#running;
  }

  /** Sources (canonical tables) the active analysis can read, among those mapped. */
  get sources(): SourceKind[] {
    return sourcesOf(this.active).filter((k) => (this.#mapped[k]?.report.rowsKept ?? 0) > 0);
  }

  get source(): SourceKind | null {
    const sources = this.sources;
    return this.#source && sources.includes(this.#source) ? this.#source : (sources[0] ?? null);
  }

  /** Segment columns of the source's mapping. */
  get segments(): string[] {
    const source = this.source;
    return source ? (this.#mapped[source]?.mapping.segments ?? []) : [];
  }

  /** An analysis can run when a source it reads is mapped and kept rows (none kept: the report says why). */
  isAvailable(analysis: Analysis): boolean {
    return sourcesOf(analysis).some((k) => (this.#mapped[k]?.report.rowsKept ?? 0) > 0);
  }

  /** Loads the mappings saved in earlier visits (IndexedDB; older versions kept them in localStorage). */
  async loadRemembered(): Promise<void> {
    let saved = await getItem<Record<string, unknown>>(STORAGE);
    if (!saved) {
      try {
        saved = JSON.parse(localStorage.getItem(STORAGE) ?? '{}') as Record<string, unknown>;
      } catch {
        saved = {};
      }
    }
    const mappings: Record<string, Mapping<SourceKind>> = {};
    for (const [key, value] of Object.entries(saved)) {
      const mapping = storedMapping(value);
      if (mapping) mappings[key] = mapping;
    }
    this.#remembered = { ...mappings, ...this.#remembered };
  }

  /** A mapping saved for a table of this shape earlier (same columns and types), if any. */
  remembered(kind: SourceKind, table: string, columns: ColumnInfo[]): Mapping<SourceKind> | null {
    const mapping = this.#remembered[shapeKey(kind, columns)];
    return mapping ? { ...mapping, table } : null;
  }

  #remember(mapping: Mapping<SourceKind>, columns: ColumnInfo[]): void {
    this.#remembered = { ...this.#remembered, [shapeKey(mapping.kind, columns)]: mapping };
    // stored as a flat mapping with its table, the form older versions stored (not kept where refused)
    const stored = Object.fromEntries(
      Object.entries(this.#remembered).map(([k, m]) => [k, { ...toFlat(m), table: m.table }]),
    );
    void setItem(STORAGE, stored);
  }

  /**
   * Builds the canonical table for a mapping, then runs the active analysis (unless `run` is false: a
   * preset maps all its tables first, then runs its own definition once). The same mapping of the same
   * table again does nothing (a preset and the form may both ask for it). Throws an EngineFailure.
   */
  async applyMapping(
    input: Mapping<SourceKind>,
    columns: ColumnInfo[],
    { run = true }: { run?: boolean } = {},
  ): Promise<void> {
    const mapping = $state.snapshot(input) as Mapping<SourceKind>;
    const current = this.#mapped[mapping.kind];
    if (current && sameMapping(current.mapping, mapping)) return;
    // the model was fitted on the orders this mapping replaces (afterMapping empties its output)
    if (mapping.kind === 'orders') this.#lastFit = null;
    const report = await this.#build(mapping, columns);
    this.#mapped = { ...this.#mapped, [mapping.kind]: { mapping, columns, report } };
    this.#remember(mapping, columns);
    if (!run) return;
    if (!this.isAvailable(this.active)) {
      const first = ANALYSES.find((a) => this.isAvailable(a));
      if (first) this.#activeId = first.id;
    }
    await this.#loadSegmentValues();
    await this.run();
  }

  /**
   * Builds a canonical table (the engine's mapSource: stages, accounting of every row, checks) and runs
   * what the analyses want after a new mapping (emptying a model fitted on the old data).
   */
  async #build(mapping: Mapping<SourceKind>, columns: ColumnInfo[]): Promise<MappingReport> {
    const report = await this.#engine.call(
      'mapSource',
      // what crosses to the worker must be plain data, not state proxies
      { mapping: $state.snapshot(mapping) as Mapping<SourceKind>, columns: $state.snapshot(columns) },
      { key: JSON.stringify([mapping, columns]) },
    );
    for (const analysis of ANALYSES) {
      const sql = analysis.afterMapping[mapping.kind];
      if (sql) await this.#engine.query(sql);
    }
    // a large text file's table has given the analyses what they need: its memory goes back to them (the
    // table becomes a view that reads the file again; see load-ops.ts releaseTable)
    const released = await this.#engine.call('releaseTable', { table: mapping.table });
    if (released.released) this.onReleased?.(mapping.table);
    return report;
  }

  /** Called when a table is released after its mapping (the table list shows it as a view of its file). */
  onReleased: ((table: string) => void) | null = null;

  /** What the last mapping of each kind kept and left out. */
  get reports(): Partial<Record<SourceKind, MappingReport>> {
    return Object.fromEntries(Object.entries(this.#mapped).map(([k, m]) => [k, m.report]));
  }

  /** The columns of the table each mapping was made on (what a preset tells others to expect). */
  mappedColumns(kind: SourceKind): ColumnInfo[] {
    return this.#mapped[kind]?.columns ?? [];
  }

  /**
   * Puts an analysis, its parameters, source and segment on screen (from a preset). Values are checked
   * against the declarations: a ParamError is thrown before anything changes. Runs once its data is mapped.
   */
  async restore(state: {
    analysis: Analysis;
    params: Record<string, unknown>;
    source: SourceKind | null;
    segment: { column: string; value: string | null } | null;
  }): Promise<void> {
    const values = { ...state.analysis.defaults(), ...parseValues(state.analysis.params, state.params) };
    this.#values = { ...this.#values, [state.analysis.id]: values };
    this.#activeId = state.analysis.id;
    this.#source = state.source;
    this.#segment = state.segment?.column ?? '';
    this.#segmentValue = state.segment?.value ?? null;
    this.#paramProblems = {};
    this.#drill = null;
    this.#result = null;
    if (this.source) {
      await this.#loadSegmentValues();
      await this.run();
    }
  }

  async select(analysis: Analysis): Promise<void> {
    this.#activeId = analysis.id;
    this.#drill = null;
    this.#result = null;
    this.#paramProblems = {};
    await this.#loadSegmentValues();
    await this.run();
  }

  async setSource(source: SourceKind): Promise<void> {
    this.#source = source;
    this.#segment = '';
    this.#segmentValue = null;
    await this.#loadSegmentValues();
    await this.run();
  }

  /**
   * Sets a parameter from the form. A value its declaration refuses is kept as a problem shown beside the
   * field, and nothing runs.
   */
  async setParam(id: string, raw: unknown): Promise<void> {
    const spec = this.active.params.find((p) => p.id === id);
    if (!spec) return;
    let value;
    try {
      value = parseParam(spec, raw);
    } catch (error) {
      if (!(error instanceof ParamError)) throw error;
      this.#paramProblems = { ...this.#paramProblems, [id]: error.problem };
      return;
    }
    const { [id]: _solved, ...others } = this.#paramProblems;
    this.#paramProblems = others;
    this.#values = { ...this.#values, [this.#activeId]: { ...this.values, [id]: value } };
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
    const column = quoteUntrustedIdentifier(segmentColumn(this.#segment));
    try {
      const result = await this.#engine.query(
        `SELECT ${column} AS v, count(*) AS n FROM ${source} WHERE ${column} IS NOT NULL GROUP BY ALL ORDER BY n DESC LIMIT 200`,
        { lane: 'segment-values' },
      );
      const vector = result.table.getChild('v');
      this.#segmentValues = Array.from({ length: result.table.numRows }, (_, i) => String(vector?.get(i)));
    } catch (error) {
      if (!isEngineError(error, 'superseded')) this.#segmentValues = [];
    }
  }

  /** The segment the analysis uses: none, or a column the source's mapping has (else a problem). */
  #segmentChoice(): SegmentChoice | { missing: string } {
    if (this.active.segment === 'none' || !this.#segment) return { column: null, value: null };
    if (!this.segments.includes(this.#segment)) return { missing: this.#segment };
    return { column: this.#segment, value: this.active.segment === 'filter' ? this.#segmentValue : null };
  }

  /** Runs the active analysis with the current parameters; a newer run supersedes an older one. */
  async run(): Promise<void> {
    const source = this.source;
    const analysis = this.active;
    if (!source) return;
    const runId = ++this.#runId;
    const values = this.values;
    const segment = this.#segmentChoice();
    if ('missing' in segment) {
      this.#problem = { kind: 'segmentNotMapped', column: segment.missing };
      this.#result = null;
      return;
    }
    this.#running = true;
    this.#problem = null;
    const lane = { lane: 'analysis' };
    try {
      let fit: ClvFit | null = null;
      if (analysis.model) {
        const outcome = await this.#engine.call('fitClv', analysis.model.request(values), lane);
        if (runId !== this.#runId) return;
        if (!outcome.ok) {
          this.#result = null;
          this.#fitFailure = outcome;
          return;
        }
        fit = outcome;
        this.#lastFit = analysis.model.request(values);
      }
      this.#fitFailure = null;
      const bound = analysisQuery(analysis, source, values, segment);
      const result = await this.#engine.query(bound.sql, { params: bound.params, ...lane });
      const views: Record<string, Table> = {};
      for (const view of analysis.views) {
        const b = bindQuery(viewSql(view, source), values, segment);
        views[view.id] = (await this.#engine.query(b.sql, { params: b.params, ...lane })).table;
      }
      if (runId !== this.#runId) return;
      const presented = analysis.present({
        table: result.table,
        views,
        fit,
        params: bound.values,
        source,
        runnable: bound.runnable,
      });
      this.#result = {
        analysis,
        table: result.table,
        presented,
        fit,
        ms: result.ms + (fit?.ms ?? 0),
        sql: bound.sql,
        runnable: bound.runnable,
        source,
        params: bound.values,
      };
      this.#drill = null;
    } catch (error) {
      if (runId !== this.#runId || isEngineError(error, 'superseded')) return;
      if (error instanceof DecodeError) this.#problem = { kind: 'decode', message: error.message };
      else if (isEngineError(error)) this.#problem = { kind: 'engine', error: error.error };
      else throw error;
    } finally {
      if (runId === this.#runId) this.#running = false;
    }
  }

  /** Lists the customers behind a chart mark. */
  async drillInto(chartId: string, index: number): Promise<void> {
    const result = this.#result;
    const chart = result?.presented.charts.find((c) => c.id === chartId);
    const mark = chart?.drill?.(index);
    const segment = this.#segmentChoice();
    if (!result || !mark || 'missing' in segment) return;
    const bound = drillQuery(result.analysis, result.source, result.params, segment, mark);
    if (!bound) return;
    this.#problem = null;
    try {
      const drilled = await this.#engine.query(bound.sql, { params: bound.params, lane: 'drill' });
      this.#drill = { table: drilled.table, runnable: bound.runnable };
    } catch (error) {
      if (isEngineError(error, 'superseded')) return;
      if (isEngineError(error)) this.#problem = { kind: 'engine', error: error.error };
      else throw error;
    }
  }

  closeDrill(): void {
    this.#drill = null;
  }

  /**
   * After an engine restart, once the files are back (recovery.svelte.ts): the canonical tables built again
   * from the mappings (with their accounting), the model fitted again, and the analysis on screen run again
   * with its parameters.
   */
  async rebuild(): Promise<{
    mappings: SourceKind[];
    mappingsLost: SourceKind[];
    fit: boolean;
    analysis: string | null;
  }> {
    this.#result = null;
    this.#drill = null;
    this.#problem = null;
    const mappings: SourceKind[] = [];
    const mappingsLost: SourceKind[] = [];
    for (const { mapping, columns } of Object.values(this.#mapped)) {
      try {
        const report = await this.#build(mapping, columns);
        this.#mapped = { ...this.#mapped, [mapping.kind]: { mapping, columns, report } };
        mappings.push(mapping.kind);
      } catch {
        // the user's table did not come back (its file could not be read again): the mapping goes
        const { [mapping.kind]: _gone, ...rest } = this.#mapped;
        this.#mapped = rest;
        mappingsLost.push(mapping.kind);
      }
    }
    let fit = false;
    if (this.#lastFit && this.#mapped.orders) {
      try {
        fit = (await this.#engine.call('fitClv', this.#lastFit)).ok;
      } catch {
        fit = false;
      }
      if (!fit) this.#lastFit = null;
    }
    if (!this.source) return { mappings, mappingsLost, fit, analysis: null };
    await this.#loadSegmentValues();
    await this.run();
    return { mappings, mappingsLost, fit, analysis: this.#problem ? null : this.active.id };
  }
}

function sameMapping(a: Mapping<SourceKind>, b: Mapping<SourceKind>): boolean {
  return JSON.stringify(toFlat(a)) === JSON.stringify(toFlat(b)) && a.table === b.table;
}

/** A mapping as stored by this or an older version (flat roles), or null when it is not one. */
function storedMapping(value: unknown): Mapping<SourceKind> | null {
  if (typeof value !== 'object' || value === null) return null;
  const flat = value as FlatMapping & { table?: unknown; roles?: unknown };
  if (!isSourceKind(flat.kind) || typeof flat.table !== 'string' || !Array.isArray(flat.segments))
    return null;
  const roles =
    typeof flat.roles === 'object' && flat.roles !== null
      ? rolesOf(flat.kind, flat.roles as Record<string, unknown>)
      : rolesOf(flat.kind, flat);
  const mapping: Mapping<SourceKind> = {
    kind: flat.kind,
    table: flat.table,
    roles,
    segments: flat.segments.filter((s): s is string => typeof s === 'string'),
  };
  if (flat.filter && typeof flat.filter.column === 'string' && Array.isArray(flat.filter.exclude))
    mapping.filter = { column: flat.filter.column, exclude: flat.filter.exclude.map(String) };
  return mapping;
}
