// The mapping form: a table, the kind of data it holds (guessed from its shape), which column plays which
// role and how its values are read (guessed from a profile of the table, each guess with its reason), the
// segments, the status values to leave out (picked from the column's own values with their counts), and
// Apply. A table whose headers are a known export's (Shopify, Stripe, a Taobao report...) gets that
// shape's kind and mapping, said on screen, with a way back to the generic guess. The report of what was
// kept and left out is the analyses state's (AnalysesState.reports).
import type { TableInfo } from '../engine/api';
import { isEngineError, type EngineError } from '../engine/errors';
import { guess, guessKind, isExclusionValue, type MappingGuess } from '../data/guess';
import { recognise, shapeExcludes, shapeGuess, type Recognition, type Shape } from '../data/shapes';
import { mappingProblems, wholeOrdersSql } from '../data/mapping';
import {
  profileSql,
  readProfile,
  repeatedAmountSql,
  valueCountsSql,
  type TableProfile,
} from '../data/profile';
import { guessNumber, guessTemporal, type ReadAs } from '../data/read-as';
import {
  memoryInputs,
  memoryVerdict,
  parseMemorySize,
  tableMemorySql,
  type MemoryVerdict,
} from '../data/memory';
import { sourceDef, type Mapping, type MappingProblem, type SourceKind } from '../data/sources';
import type { Engine } from '../worker/contract';
import type { AnalysesState } from './analyses.svelte';
import type { MapProgress } from '../data/map-ops';

export interface ValueCount {
  value: string;
  n: number;
}

export class MappingForm {
  #table = $state.raw<TableInfo | null>(null);
  #kind = $state<SourceKind>('orders');
  #profile = $state.raw<TableProfile | null>(null);
  #guess = $state.raw<MappingGuess | null>(null);
  /** The known export shape the table's headers have, if any. */
  #recognition = $state.raw<Recognition | null>(null);
  /** Whether the recognised shape's mapping is proposed (false: the user asked for the generic guess). */
  #shapeOn = $state(true);
  /** The shape the proposed mapping comes from (null: a generic guess, or an applied or remembered mapping). */
  #shape = $state.raw<Shape | null>(null);
  #mapping = $state.raw<Mapping<SourceKind> | null>(null);
  #statusValues = $state.raw<ValueCount[]>([]);
  /** Orders: an amount the same on every line of most multi-line orders (an order total). */
  #repeatedAmount = $state.raw<{ multi: number; repeated: number } | null>(null);
  /** The engine's measure of the table's memory and of the other tables' (memory.ts), when it could read. */
  #measured = $state.raw<{
    table_bytes: number;
    other_bytes: number;
    cells: number;
    limit: number | null;
  } | null>(null);
  /** Orders grouped by an order id, some line naming no customer: a sample takes whole orders after grouping. */
  #wholeOrders = $state(true);
  #loading = $state(false);
  #applying = $state(false);
  #failure = $state.raw<EngineError | null>(null);
  readonly #engine: Engine;
  readonly #analyses: AnalysesState;
  readonly #preferMonthFirst: () => boolean;

  constructor(engine: Engine, analyses: AnalysesState, preferMonthFirst: () => boolean = () => false) {
    this.#engine = engine;
    this.#analyses = analyses;
    this.#preferMonthFirst = preferMonthFirst;
  }

  get table(): TableInfo | null {
    return this.#table;
  }
  get kind(): SourceKind {
    return this.#kind;
  }
  get mapping(): Mapping<SourceKind> | null {
    return this.#mapping;
  }
  get guess(): MappingGuess | null {
    return this.#guess;
  }
  /** The known export shape the table's headers have, whether or not its mapping is in use. */
  get recognised(): Shape | null {
    return this.#recognition?.shape ?? null;
  }
  /** The shape the mapping in the form was proposed from (null when it is not a shape's). */
  get shape(): Shape | null {
    return this.#shape;
  }
  get profile(): TableProfile | null {
    return this.#profile;
  }
  get statusValues(): ValueCount[] {
    return this.#statusValues;
  }
  get repeatedAmount() {
    return this.#repeatedAmount;
  }
  get loading(): boolean {
    return this.#loading;
  }
  get applying(): boolean {
    return this.#applying;
  }
  get failure(): EngineError | null {
    return this.#failure;
  }
  /**
   * The memory the mapping is expected to need at its peak against the engine's limit, with its sample
   * (docs/metrics.md, "The expected memory"); null when the engine could not say.
   */
  get memory(): MemoryVerdict | null {
    const mapping = this.#mapping;
    const table = this.#table;
    const limit = this.#measured?.limit ?? parseMemorySize(this.#engine.info?.memoryLimit ?? '');
    // a view made in SQL has no row count: no estimate rather than a wrong one
    if (!mapping || !table || !this.#measured || !limit || !(table.rows > 0)) return null;
    const grouped = mapping.kind === 'orders' && Boolean(mapping.roles.orderId) && this.#wholeOrders;
    const input = memoryInputs(this.#measured, table.rows, table.columns.length, grouped);
    return memoryVerdict(input, mapping.sample ?? 1, limit);
  }

  get problems(): MappingProblem[] {
    return this.#mapping && this.#table ? mappingProblems(this.#mapping, this.#table.columns) : [];
  }

  /**
   * Opens a table: profiles it, recognises a known export by its headers, guesses the kind (unless given:
   * an applied mapping's, the recognised shape's, else from the columns) and the mapping. A mapping applied
   * to this table, or remembered for a table of the same columns, comes back instead of a guess.
   */
  async open(table: TableInfo, kind?: SourceKind): Promise<void> {
    this.#table = table;
    this.#failure = null;
    this.#loading = true;
    this.#recognition = recognise(table.columns);
    this.#shapeOn = true;
    try {
      const result = await this.#engine.query(profileSql(table.name, table.columns), {
        lane: 'mapping-form',
      });
      const row = result.table.get(0)?.toJSON() ?? {};
      this.#profile = readProfile(table.name, table.columns, row);
      await this.#measure(table);
    } catch (error) {
      if (isEngineError(error, 'superseded')) return;
      this.#profile = null;
      this.#failure = isEngineError(error) ? error.error : { kind: 'internal', message: String(error) };
    } finally {
      this.#loading = false;
    }
    const applied = (Object.values(this.#analyses.mappings) as Mapping<SourceKind>[]).find(
      (m) => m.table === table.name,
    );
    await this.setKind(
      kind ??
        applied?.kind ??
        this.#recognition?.shape.kind ??
        guessKind(table.columns, this.#profile ?? undefined).kind,
    );
  }

  /** Another kind for the same table: its applied, remembered or proposed mapping. */
  async setKind(kind: SourceKind): Promise<void> {
    await this.#propose(kind, false);
  }

  /**
   * The recognised shape's mapping (on), or the generic guess from names and values (off), in place of the
   * mapping in the form, whatever was applied or remembered: the user asked for it.
   */
  async useShape(on: boolean): Promise<void> {
    this.#shapeOn = on;
    const shape = this.#recognition?.shape;
    await this.#propose(on && shape ? shape.kind : this.#kind, true);
  }

  /**
   * Proposes a mapping for a kind: the one applied to this table or remembered for its columns (unless
   * `fresh`), else the recognised shape's when it is of this kind and in use, else the generic guess.
   */
  async #propose(kind: SourceKind, fresh: boolean): Promise<void> {
    const table = this.#table;
    if (!table) return;
    // loading until the proposal is whole: Apply waits for the exclusions ticked from the status values
    // (applied before them, a shape's refunds were counted as orders when the engine was busy)
    this.#loading = true;
    try {
      await this.#proposeFor(table, kind, fresh);
    } finally {
      if (this.#table === table) this.#loading = false;
    }
  }

  async #proposeFor(table: TableInfo, kind: SourceKind, fresh: boolean): Promise<void> {
    this.#kind = kind;
    const recognised = this.#recognition?.shape;
    const shape = recognised && this.#shapeOn && recognised.kind === kind ? recognised : null;
    const profile = this.#profile ?? undefined;
    const options = { preferMonthFirst: this.#preferMonthFirst() };
    const g = shape
      ? shapeGuess(shape, table.name, table.columns, profile, options)
      : guess(kind, table.name, table.columns, profile, options);
    this.#guess = g;
    const applied = this.#analyses.mappings[kind];
    const known = fresh
      ? null
      : applied && applied.table === table.name
        ? applied
        : this.#analyses.remembered(kind, table.name, table.columns);
    this.#mapping = known ? structuredClone($state.snapshot(known) as Mapping<SourceKind>) : g.mapping;
    this.#shape = known ? null : shape;
    // a shape's exclusions are ticked among all of the status column's values, not only the sampled ones
    await this.#loadStatusValues(Boolean(this.#shape?.status));
    await this.#checkRepeatedAmount();
    await this.#checkWholeOrders();
  }

  #update(change: Partial<Mapping<SourceKind>>): void {
    if (this.#mapping) this.#mapping = { ...this.#mapping, ...change };
  }

  /** A column for a role (empty: none); its values are read as they look. */
  async setRole(role: string, column: string): Promise<void> {
    const mapping = this.#mapping;
    const table = this.#table;
    if (!mapping || !table) return;
    const { [role]: _old, ...roles } = mapping.roles;
    const { [role]: _oldRead, ...readAs } = mapping.readAs ?? {};
    if (column) {
      roles[role] = column;
      const def = sourceDef(mapping.kind).roles.find((r) => r.id === role);
      const info = table.columns.find((c) => c.name === column);
      const samples = this.#profile?.columns.find((c) => c.name === column)?.samples ?? [];
      if (def && info) {
        const reading =
          def.accepts === 'temporal'
            ? guessTemporal(info.type, samples, this.#preferMonthFirst())
            : def.accepts === 'numeric'
              ? guessNumber(column, info.type, samples)
              : null;
        if (reading && reading.readAs.kind !== 'auto') readAs[role] = reading.readAs;
        if (reading && this.#guess)
          this.#guess = { ...this.#guess, reading: { ...this.#guess.reading, [role]: reading } };
      }
    }
    this.#update({ roles, readAs: Object.keys(readAs).length ? readAs : undefined });
    if (role === 'amount' || role === 'orderId') await this.#checkRepeatedAmount();
    if (role === 'orderId' || role === 'customerId') await this.#checkWholeOrders();
  }

  setReadAs(role: string, readAs: ReadAs | null): void {
    const { [role]: _old, ...rest } = this.#mapping?.readAs ?? {};
    const next = readAs && readAs.kind !== 'auto' ? { ...rest, [role]: readAs } : rest;
    this.#update({ readAs: Object.keys(next).length ? next : undefined });
  }

  toggleSegment(column: string, on: boolean): void {
    const segments = this.#mapping?.segments ?? [];
    this.#update({
      segments: on ? [...segments.filter((s) => s !== column), column] : segments.filter((s) => s !== column),
    });
  }

  /** The column whose values say which rows to leave out; its refund, cancel, void, failed and test values pre-ticked. */
  async setFilterColumn(column: string): Promise<void> {
    this.#update({ filter: column ? { column, exclude: [] } : undefined });
    await this.#loadStatusValues(true);
  }

  setExcluded(value: string, excluded: boolean): void {
    const filter = this.#mapping?.filter;
    if (!filter) return;
    const exclude = excluded
      ? [...filter.exclude.filter((v) => v !== value), value]
      : filter.exclude.filter((v) => v !== value);
    this.#update({ filter: { ...filter, exclude } });
  }

  setDropDuplicates(drop: boolean): void {
    this.#update({ dropDuplicates: drop || undefined });
  }

  /** The share of customers kept (1: all of them, no sample). */
  setSample(share: number): void {
    this.#update({ sample: share > 0 && share < 1 ? share : undefined });
  }

  /** Whether a sample of these orders is taken after grouping (unknown: as if it were, the larger estimate). */
  async #checkWholeOrders(): Promise<void> {
    const mapping = this.#mapping;
    const sql = mapping && this.#table ? wholeOrdersSql(mapping, this.#table.columns) : null;
    this.#wholeOrders = true;
    if (!mapping || !sql) return;
    try {
      const result = await this.#engine.query(sql, { lane: 'mapping-whole-orders' });
      if (this.#mapping?.roles.orderId === mapping.roles.orderId)
        this.#wholeOrders = Boolean(result.table.get(0)?.whole ?? true);
    } catch {
      this.#wholeOrders = true;
    }
  }

  /** The engine's measure of the table's memory (a failure leaves the form without an estimate). */
  async #measure(table: TableInfo): Promise<void> {
    this.#measured = null;
    try {
      const result = await this.#engine.query(tableMemorySql(table.name), { lane: 'mapping-memory' });
      const row = result.table.get(0);
      if (row && this.#table === table)
        this.#measured = {
          table_bytes: Number(row.table_bytes ?? 0),
          other_bytes: Number(row.other_bytes ?? 0),
          cells: Number(row.cells ?? 0),
          limit: parseMemorySize(String(row.memory_limit ?? '')),
        };
    } catch {
      this.#measured = null;
    }
  }

  setAmountPerOrder(perOrder: boolean): void {
    this.#update({ amountPerOrder: perOrder || undefined });
  }

  async #loadStatusValues(pretick = false): Promise<void> {
    const filter = this.#mapping?.filter;
    const table = this.#table;
    if (!filter || !table) {
      this.#statusValues = [];
      return;
    }
    try {
      const result = await this.#engine.query(valueCountsSql(table.name, filter.column), {
        lane: 'mapping-values',
      });
      this.#statusValues = result.table.toArray().map((r) => ({ value: String(r.value), n: Number(r.n) }));
      // the shape's own rule for its status column (Shopify's partially_refunded stays); elsewhere refunds,
      // cancellations, voids, failures and tests
      const shape = this.#shape;
      const excludes =
        shape && filter.column === this.#guess?.mapping.filter?.column
          ? (value: string) => shapeExcludes(shape, value)
          : (value: string) => isExclusionValue(value, this.#kind);
      if (pretick)
        this.#update({
          filter: { ...filter, exclude: this.#statusValues.map((v) => v.value).filter(excludes) },
        });
    } catch (error) {
      if (!isEngineError(error, 'superseded')) this.#statusValues = [];
    }
  }

  async #checkRepeatedAmount(): Promise<void> {
    const mapping = this.#mapping;
    const table = this.#table;
    this.#repeatedAmount = null;
    if (!mapping || !table || mapping.kind !== 'orders' || !mapping.roles.amount || !mapping.roles.orderId)
      return;
    try {
      const result = await this.#engine.query(
        repeatedAmountSql(table.name, mapping.roles.orderId, mapping.roles.amount),
        { lane: 'mapping-repeat' },
      );
      const row = result.table.get(0);
      const counts = { multi: Number(row?.multi ?? 0), repeated: Number(row?.repeated ?? 0) };
      this.#repeatedAmount = counts;
      // most orders of several lines carry one amount on every line: an order total, counted once
      const repeated = counts.multi >= 3 && counts.repeated / counts.multi >= 0.9;
      if (repeated && this.#mapping === mapping && mapping.amountPerOrder === undefined)
        this.#update({ amountPerOrder: true });
    } catch (error) {
      if (!isEngineError(error, 'superseded')) this.#repeatedAmount = null;
    }
  }

  /** Where the mapping being applied is (null when none is). */
  get progress(): MapProgress | null {
    return this.#analyses.mappingProgress;
  }

  /** Stops the mapping being applied; the tables stay as they were. */
  cancel(): void {
    this.#analyses.cancelMapping();
  }

  /** Builds the canonical table; the report is the analyses state's. */
  async apply(): Promise<boolean> {
    const mapping = this.#mapping;
    const table = this.#table;
    if (!mapping || !table || this.problems.length > 0) return false;
    this.#applying = true;
    this.#failure = null;
    try {
      await this.#analyses.applyMapping(mapping, table.columns);
      return true;
    } catch (error) {
      this.#failure = isEngineError(error) ? error.error : { kind: 'internal', message: String(error) };
      return false;
    } finally {
      this.#applying = false;
    }
  }
}
