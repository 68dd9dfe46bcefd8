// Mappings to canonical tables, the analysis on screen, its parameters, its result and its drill-down.
// Every query goes through the engine's lanes: a newer run supersedes an older one (its late result is
// never shown), and the same mapping asked for twice in a row runs once.
// Results are kept by what they ran with until the data changes (a mapping, a model fit, an engine restart:
// the only ways the app's tables change; SQL a person runs cannot write them, engine/user-sql.ts), so that
// going back to parameters seen before redraws without the engine; after a result, the values an analysis
// declares as likely next (`prefetch`) are computed in the background while the engine is idle.
import type { Table } from 'apache-arrow';
import { segmentColumn, shapeKey, rolesOf, toFlat, type FlatMapping } from '../data/mapping';
import type { MappingReport, MapProgress } from '../data/map-ops';
import { isSourceKind, type Mapping, type SourceKind } from '../data/sources';
import type { ColumnInfo } from '../engine/api';
import { isEngineError, type EngineError } from '../engine/errors';
import { quoteUntrustedIdentifier } from '../engine/sql';
import { ANALYSES, analysisById, sourcesOf, type Analysis } from '../analyses';
import type { Presented } from '../analyses/define';
import { ParamError, parseParam, parseValues, type ParamProblem, type ParamValues } from '../analyses/params';
import { analysisQuery, bindQuery, drillQuery, viewSql, type SegmentChoice } from '../analyses/query';
import { relatedSummaries, type SummaryStep } from '../analyses/summaries/summaries';
import { buildSummaries, type SummaryProgress } from '../analyses/summaries/build';
import { DecodeError } from '../analyses/rows';
import type { ClvFailure, ClvFit, ClvProgress, ClvRequest } from '../analyses/predictive-clv/fit';
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
  /** Shown again from the results kept for this data (`ms` is then the time it took when computed). */
  kept?: boolean;
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
  /** The stage of the model fit under way for the analysis on screen (null when no fit runs). */
  #fitProgress = $state.raw<ClvProgress | null>(null);
  /** The run on screen was cancelled (what was shown before stays; the next run clears it). */
  #cancelled = $state(false);
  /** Stops the run on screen: its fit and queries (its summaries have their own, in #summaryAborts). */
  #runAbort: AbortController | null = null;
  #mappingAbort: AbortController | null = null;
  #mappingProgress = $state.raw<MapProgress | null>(null);
  /** Bumped by every run: a run whose number is no longer the latest drops its result. */
  #runId = 0;
  /** The last model fit that wrote customer_clv (what a restarted engine fits again), if any. */
  #lastFit: ClvRequest | null = null;
  /**
   * Summaries known to exist for the canonical tables as they are now (summaries/build.ts checks the
   * engine's own record when one is missing here); emptied when a mapping is applied or the engine restarts.
   */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping, not shown: no reactivity wanted
  #summariesReady = new Set<string>();
  /** Bumped with every mapping: a build that began before it does not mark its summaries ready. */
  #summaryGeneration = 0;
  /** Builds run one after the other (a run's and the background's). */
  #summaryQueue: Promise<unknown> = Promise.resolve();
  #summaryProgress = $state.raw<SummaryProgress | null>(null);
  /** Cancel the summaries the analysis on screen waits for. */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping, not shown: no reactivity wanted
  #summaryAborts = new Set<AbortController>();
  /** Summaries built in the background after a result (the other grains of a cohort table), and the one now. */
  #prefetch: Prefetch | null = null;
  /** Results on the data as it is now, by what they ran with, most recently used last (at most KEPT_RESULTS). */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping, not shown: no reactivity wanted
  #kept = new Map<string, AnalysisResult>();
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
  /** The summaries being made for the analysis on screen (null when none is), e.g. after a new mapping. */
  get summaryProgress(): SummaryProgress | null {
    return this.#summaryProgress;
  }
  /** The stage of the predictive CLV fit under way (null when none is). */
  get fitProgress(): ClvProgress | null {
    return this.#fitProgress;
  }
  /** The last run was cancelled (by `cancel()`); cleared when the next run starts. */
  get cancelled(): boolean {
    return this.#cancelled;
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
    this.#forgetSummaries();
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
    const abort = new AbortController();
    this.#mappingAbort = abort;
    let report: MappingReport;
    try {
      report = await this.#engine.call(
        'mapSource',
        // what crosses to the worker must be plain data, not state proxies
        { mapping: $state.snapshot(mapping) as Mapping<SourceKind>, columns: $state.snapshot(columns) },
        {
          key: JSON.stringify([mapping, columns]),
          signal: abort.signal,
          onProgress: (progress) => {
            if (this.#mappingAbort === abort) this.#mappingProgress = progress;
          },
        },
      );
    } finally {
      if (this.#mappingAbort === abort) {
        this.#mappingAbort = null;
        this.#mappingProgress = null;
      }
    }
    for (const analysis of ANALYSES) {
      const sql = analysis.afterMapping[mapping.kind];
      if (sql) await this.#engine.query(sql);
    }
    return report;
  }

  /** Where the mapping being applied is (null when none is). */
  get mappingProgress(): MapProgress | null {
    return this.#mappingProgress;
  }

  /**
   * Stops the mapping being applied: the canonical table stays as it was (map-ops.ts builds it last, in
   * one statement), and applyMapping rejects with the engine's `cancelled`.
   */
  cancelMapping(): void {
    this.#mappingAbort?.abort();
  }

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
    this.#problem = null;
    this.#cancelled = false;
    const key = analysis.model ? null : resultKey(analysis, source, values, segment);
    const kept = key ? this.#kept.get(key) : undefined;
    if (key && kept) {
      // seen before on the same data: no engine work (a run still under way is stopped)
      this.#runAbort?.abort();
      this.#runAbort = null;
      this.#running = false;
      this.#keep(key, kept);
      this.#result = { ...kept, kept: true };
      this.#drill = null;
      this.#background(analysis, source, values, segment, []);
      return;
    }
    this.#running = true;
    // a newer run supersedes the older one's calls (their lane) but lets a summary both need finish;
    // a cancel stops this one
    const abort = new AbortController();
    this.#runAbort = abort;
    const lane = { lane: 'analysis', signal: abort.signal };
    const queries = boundQueries(analysis, source, values, segment);
    const summaries = queries.summaries;
    // the background gives the engine back, unless it is computing this very result (then it is this
    // run's) or making what this run reads
    const adopted = key ? this.#adopt(key, abort.signal) : null;
    if (!adopted) this.#stopPrefetch(summaries);
    try {
      let fit: ClvFit | null = null;
      if (analysis.model) {
        const outcome = await this.#engine.call('fitClv', analysis.model.request(values), {
          ...lane,
          onProgress: (progress) => {
            if (runId === this.#runId) this.#fitProgress = progress;
          },
        });
        // the fit rewrote customer_clv, which other analyses read (RFM): what was kept may be out of date
        this.#kept.clear();
        if (runId === this.#runId) this.#fitProgress = null;
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
      let result = adopted ? await adopted.catch(() => null) : null;
      if (runId !== this.#runId) return;
      if (!result) {
        await this.#ensureSummaries(summaries, abort.signal);
        if (runId !== this.#runId) return;
        result = await this.#compute(analysis, source, queries, fit, lane);
      }
      if (runId !== this.#runId) return;
      this.#result = result;
      this.#drill = null;
      if (key) this.#keep(key, result);
      this.#background(analysis, source, values, segment, summaries);
    } catch (error) {
      if (runId !== this.#runId || isEngineError(error, 'superseded')) return;
      // cancelled: said as such, not as an error; the result shown before (if any) stays
      if (isEngineError(error, 'cancelled')) this.#cancelled = true;
      else if (error instanceof DecodeError) this.#problem = { kind: 'decode', message: error.message };
      else if (isEngineError(error)) this.#problem = { kind: 'engine', error: error.error };
      else throw error;
    } finally {
      if (runId === this.#runId) {
        this.#running = false;
        this.#fitProgress = null;
        if (this.#runAbort === abort) this.#runAbort = null;
      }
    }
  }

  /** Stops making the summaries the analysis on screen waits for (the run ends without a result). */
  cancelSummaries(): void {
    for (const abort of this.#summaryAborts) abort.abort();
  }

  /**
   * Stops the run on screen, whatever it is doing: the summaries it waits for, the model fit (the engine
   * stops it at its next check, within about 50 ms; predictive-clv/fit.ts), its queries; a call still
   * queued behind other engine work is dropped. What was loaded and mapped stays, and so does the result
   * shown before; `cancelled` says so until the next run.
   */
  cancel(): void {
    if (!this.#running) return;
    this.#runAbort?.abort();
    this.#runAbort = null;
    this.cancelSummaries();
    // said at once, even while the engine still finishes other work first: the run's late answers are
    // dropped (it is no longer the latest run), and the engine drops or stops its calls
    this.#runId++;
    this.#running = false;
    this.#cancelled = true;
    this.#fitProgress = null;
    this.#summaryProgress = null;
  }

  /** The app's tables changed (a mapping, a new engine): their summaries and the results kept are gone. */
  #forgetSummaries(): void {
    this.#summaryGeneration++;
    this.#kept.clear();
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping, not shown: no reactivity wanted
    this.#summariesReady = new Set();
    this.#prefetch?.abort.abort();
  }

  /** How the summary builder runs SQL: on the app's connection, never joined with another call. */
  #summarySql = async (sql: string, signal?: AbortSignal): Promise<Record<string, unknown>[]> => {
    const { table } = await this.#engine.query(sql, { key: null, signal });
    return table.toArray().map((row) => row.toJSON() as Record<string, unknown>);
  };

  /** Builds what `steps` need that is not made yet (after the builds queued before), with progress. */
  async #ensureSummaries(steps: readonly SummaryStep[], signal?: AbortSignal): Promise<void> {
    if (steps.every((s) => this.#summariesReady.has(s.name))) return;
    const abort = new AbortController();
    // the run's own cancel stops its summaries too
    if (signal?.aborted) abort.abort();
    signal?.addEventListener('abort', () => abort.abort(), { once: true });
    this.#summaryAborts.add(abort);
    const generation = this.#summaryGeneration;
    const job = this.#summaryQueue.then(async () => {
      if (steps.every((s) => this.#summariesReady.has(s.name))) return;
      await buildSummaries(this.#summarySql, steps, {
        signal: abort.signal,
        onProgress: (progress) => (this.#summaryProgress = progress),
      });
      if (generation === this.#summaryGeneration) for (const s of steps) this.#summariesReady.add(s.name);
    });
    this.#summaryQueue = job.catch(() => undefined);
    try {
      await job;
    } finally {
      this.#summaryAborts.delete(abort);
      if (!this.#summaryAborts.size) this.#summaryProgress = null;
    }
  }

  /**
   * The result the background is computing for `key`, if it is: the background then stops after it (a run
   * asked for it), and the run takes the result; the run's `signal` (its cancel) stops that query.
   */
  #adopt(key: string, signal: AbortSignal): Promise<AnalysisResult> | null {
    const prefetch = this.#prefetch;
    if (prefetch?.computing?.key !== key) return null;
    this.#prefetch = null;
    signal.addEventListener('abort', () => prefetch.abort.abort(), { once: true });
    return prefetch.computing.result;
  }

  /** Ends the background builds, unless the one under way is among `needed` (then it is awaited instead). */
  #stopPrefetch(needed: readonly SummaryStep[]): void {
    const prefetch = this.#prefetch;
    if (!prefetch) return;
    if (prefetch.building && needed.some((s) => s.name === prefetch.building)) {
      // let it finish, but start nothing after it
      prefetch.building = null;
      this.#prefetch = null;
      return;
    }
    prefetch.abort.abort();
    this.#prefetch = null;
  }

  /** The main query and the views of a run, decoded and presented. */
  async #compute(
    analysis: Analysis,
    source: SourceKind,
    queries: ReturnType<typeof boundQueries>,
    fit: ClvFit | null,
    options: { lane: string; signal: AbortSignal },
  ): Promise<AnalysisResult> {
    const { bound, views } = queries;
    const result = await this.#engine.query(bound.sql, { params: bound.params, ...options });
    const viewTables: Record<string, Table> = {};
    for (const view of views) {
      const b = view.bound;
      viewTables[view.id] = (await this.#engine.query(b.sql, { params: b.params, ...options })).table;
    }
    const presented = analysis.present({
      table: result.table,
      views: viewTables,
      fit,
      params: bound.values,
      source,
      runnable: bound.runnable,
    });
    return {
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
  }

  /** Keeps a result (the least recently used goes beyond KEPT_RESULTS; large results are not kept). */
  #keep(key: string, result: AnalysisResult): void {
    if (result.table.numRows > KEPT_ROWS) return;
    this.#kept.delete(key);
    this.#kept.set(key, result);
    while (this.#kept.size > KEPT_RESULTS) this.#kept.delete(this.#kept.keys().next().value!);
  }

  /**
   * After a result, while nothing else runs: the results of the values the analysis declares as likely next
   * (with the summaries each reads), then the summaries the next parameter changes are likely to read.
   * One step at a time; a run, a cancel or a new mapping ends it.
   */
  #background(
    analysis: Analysis,
    source: SourceKind,
    values: ParamValues,
    segment: SegmentChoice,
    summaries: readonly SummaryStep[],
  ): void {
    this.#stopPrefetch([]);
    const spec = analysis.prefetch;
    const next = (spec?.values ?? [])
      .filter((value) => value !== values[spec!.param])
      .map((value) => ({ ...values, [spec!.param]: value }))
      .filter((v) => !this.#kept.has(resultKey(analysis, source, v, segment)));
    const related = relatedSummaries(summaries);
    if (!next.length && related.every((s) => this.#summariesReady.has(s.name))) return;
    const prefetch: Prefetch = {
      abort: new AbortController(),
      building: null,
      computing: null,
      done: Promise.resolve(),
    };
    this.#prefetch = prefetch;
    const generation = this.#summaryGeneration;
    const live = () =>
      !prefetch.abort.signal.aborted && this.#prefetch === prefetch && generation === this.#summaryGeneration;
    prefetch.done = (async () => {
      try {
        for (const v of next) {
          if (!live()) return;
          const queries = boundQueries(analysis, source, v, segment);
          for (const step of queries.summaries) await this.#prefetchSummary(prefetch, step, generation);
          if (!live()) return;
          const key = resultKey(analysis, source, v, segment);
          const result = this.#compute(analysis, source, queries, null, {
            lane: 'prefetch',
            signal: prefetch.abort.signal,
          });
          prefetch.computing = { key, result };
          try {
            const computed = await result;
            if (live()) this.#keep(key, computed);
          } finally {
            prefetch.computing = null;
          }
        }
        for (const step of related) {
          if (!live()) return;
          await this.#prefetchSummary(prefetch, step, generation);
        }
      } catch {
        // stopped (a run took the engine back) or failed: the run that needs it will say why
      } finally {
        if (this.#prefetch === prefetch) this.#prefetch = null;
      }
    })();
  }

  /** Resolves when the background work after the last result has ended (or stopped). */
  async settled(): Promise<void> {
    while (this.#prefetch) await this.#prefetch.done;
  }

  /** Makes one summary in the background (queued after the builds before it), unless it is made. */
  async #prefetchSummary(prefetch: Prefetch, step: SummaryStep, generation: number): Promise<void> {
    if (this.#summariesReady.has(step.name)) return;
    const job = this.#summaryQueue.then(async () => {
      if (prefetch.abort.signal.aborted || this.#summariesReady.has(step.name)) return;
      prefetch.building = step.name;
      await buildSummaries(this.#summarySql, [step], { signal: prefetch.abort.signal });
      if (generation === this.#summaryGeneration) this.#summariesReady.add(step.name);
    });
    this.#summaryQueue = job.catch(() => undefined);
    try {
      await job;
    } finally {
      prefetch.building = null;
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
      await this.#ensureSummaries(bound.summaries);
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
    // a new engine: no summary is left
    this.#forgetSummaries();
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

/** The work after a result (AnalysesState.#background): what it builds or computes now, and its end. */
interface Prefetch {
  abort: AbortController;
  /** The summary being made. */
  building: string | null;
  /** The result being computed, by its key (resultKey). */
  computing: { key: string; result: Promise<AnalysisResult> } | null;
  done: Promise<void>;
}

/** Results kept for going back to earlier parameters. */
const KEPT_RESULTS = 24;
/** Results with more rows than this are not kept (one row per customer: the engine reads them again). */
const KEPT_ROWS = 50_000;

/** What a result depends on besides the data: the analysis, its source, its values and its segment. */
function resultKey(analysis: Analysis, source: SourceKind, values: ParamValues, segment: SegmentChoice) {
  return JSON.stringify([analysis.id, source, values, segment.column, segment.value]);
}

/** An analysis's main query and views, bound to its values, and the summaries they read. */
function boundQueries(analysis: Analysis, source: SourceKind, values: ParamValues, segment: SegmentChoice) {
  const bound = analysisQuery(analysis, source, values, segment);
  const views = analysis.views.map((view) => ({
    id: view.id,
    bound: bindQuery(viewSql(view, source), values, segment),
  }));
  return { bound, views, summaries: [bound, ...views.map((v) => v.bound)].flatMap((b) => b.summaries) };
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
