// The mapping form: a table, the kind of data it holds (guessed from its shape), which column plays which
// role and how its values are read (guessed from a profile of the table, each guess with its reason), the
// segments, the status values to leave out (picked from the column's own values with their counts), and
// Apply. The report of what was kept and left out is the analyses state's (AnalysesState.reports).
import type { TableInfo } from '../engine/api';
import { isEngineError, type EngineError } from '../engine/errors';
import { guess, guessKind, isExclusionValue, type MappingGuess } from '../data/guess';
import { mappingProblems } from '../data/mapping';
import {
  profileSql,
  readProfile,
  repeatedAmountSql,
  valueCountsSql,
  type TableProfile,
} from '../data/profile';
import { guessNumber, guessTemporal, type ReadAs } from '../data/read-as';
import { sourceDef, type Mapping, type MappingProblem, type SourceKind } from '../data/sources';
import type { Engine } from '../worker/contract';
import type { AnalysesState } from './analyses.svelte';

export interface ValueCount {
  value: string;
  n: number;
}

export class MappingForm {
  #table = $state.raw<TableInfo | null>(null);
  #kind = $state<SourceKind>('orders');
  #profile = $state.raw<TableProfile | null>(null);
  #guess = $state.raw<MappingGuess | null>(null);
  #mapping = $state.raw<Mapping<SourceKind> | null>(null);
  #statusValues = $state.raw<ValueCount[]>([]);
  /** Orders: an amount the same on every line of most multi-line orders (an order total). */
  #repeatedAmount = $state.raw<{ multi: number; repeated: number } | null>(null);
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
  get problems(): MappingProblem[] {
    return this.#mapping && this.#table ? mappingProblems(this.#mapping, this.#table.columns) : [];
  }

  /**
   * Opens a table: profiles it, guesses the kind (unless given) and the mapping. A mapping applied to this
   * table, or remembered for a table of the same shape, comes back instead of a guess.
   */
  async open(table: TableInfo, kind?: SourceKind): Promise<void> {
    this.#table = table;
    this.#failure = null;
    this.#loading = true;
    try {
      const result = await this.#engine.query(profileSql(table.name, table.columns), {
        lane: 'mapping-form',
      });
      const row = result.table.get(0)?.toJSON() ?? {};
      this.#profile = readProfile(table.name, table.columns, row);
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
    await this.setKind(kind ?? applied?.kind ?? guessKind(table.columns, this.#profile ?? undefined).kind);
  }

  /** Another kind for the same table: its applied, remembered or guessed mapping. */
  async setKind(kind: SourceKind): Promise<void> {
    const table = this.#table;
    if (!table) return;
    this.#kind = kind;
    const g = guess(kind, table.name, table.columns, this.#profile ?? undefined, {
      preferMonthFirst: this.#preferMonthFirst(),
    });
    this.#guess = g;
    const applied = this.#analyses.mappings[kind];
    const known =
      applied && applied.table === table.name
        ? applied
        : this.#analyses.remembered(kind, table.name, table.columns);
    this.#mapping = known ? structuredClone($state.snapshot(known) as Mapping<SourceKind>) : g.mapping;
    await this.#loadStatusValues();
    await this.#checkRepeatedAmount();
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
      if (pretick)
        this.#update({
          filter: { ...filter, exclude: this.#statusValues.map((v) => v.value).filter(isExclusionValue) },
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
