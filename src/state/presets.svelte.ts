// Presets in the app: opening one from a link or a JSON file (the analysis shows at once, its data is
// mapped as soon as a matching file is loaded), making links and files from what is on screen, and the
// list of saved presets kept in IndexedDB.
import type { AnalysesState } from './analyses.svelte';
import type { SqlWorkspace } from './sql.svelte';
import type { Tab } from './context';
import type { TableView } from './workspace.svelte';
import { decodePreset, presetUrl } from '../presets/link';
import {
  mappingFor,
  missingColumns,
  parsePreset,
  PresetError,
  PRESET_VERSION,
  presetJson,
  toPresetMapping,
  type Preset,
  type PresetMapping,
  type PresetWhy,
} from '../presets/preset';
import { isEngineError, type EngineError } from '../engine/errors';
import { analysisById } from '../analyses';
import { ParamError } from '../analyses/params';
import { getItem, setItem } from './store';

export interface SavedPreset {
  id: string;
  savedAt: number;
  preset: Preset;
}

/** What went wrong with a preset: the link or file itself, or mapping its data on the engine. */
export type PresetProblem =
  | { code: PresetError['code']; detail: string; why: PresetWhy | null }
  | { code: 'mapping'; kind: string; error: EngineError };

const SAVED = 'presets';

export class PresetState {
  /** The preset being reproduced: shown until its data are mapped, then kept as the definition in use. */
  #open = $state.raw<Preset | null>(null);
  /** Kinds of the open preset already mapped onto a loaded table. */
  #mapped = $state.raw<string[]>([]);
  #problem = $state.raw<PresetProblem | null>(null);
  #saved = $state.raw<SavedPreset[]>([]);
  /** The mapping pass in progress, and whether another was asked for meanwhile (one pass at a time). */
  #pass: Promise<void> | null = null;
  #again: TableView[] | null = null;
  readonly #analyses: AnalysesState;
  readonly #sql: SqlWorkspace;
  readonly #show: (tab: Tab) => void;

  constructor(analyses: AnalysesState, sql: SqlWorkspace, show: (tab: Tab) => void) {
    this.#analyses = analyses;
    this.#sql = sql;
    this.#show = show;
  }

  get open(): Preset | null {
    return this.#open;
  }
  get problem(): PresetProblem | null {
    return this.#problem;
  }
  get saved(): SavedPreset[] {
    return this.#saved;
  }
  /** Mappings of the open preset still waiting for their file. */
  get waiting(): PresetMapping[] {
    return (this.#open?.mappings ?? []).filter((m) => !this.#mapped.includes(m.kind));
  }

  /** Opens the preset in a location hash; a bad link becomes a problem to show, never a blank page. */
  async openHash(hash: string, tables: TableView[]): Promise<void> {
    let preset: Preset;
    try {
      preset = await decodePreset(hash);
    } catch (error) {
      this.#fail(error);
      return;
    }
    await this.openPreset(preset, tables);
  }

  /** Opens a preset JSON file. */
  async openFile(file: File, tables: TableView[]): Promise<void> {
    let preset: Preset;
    try {
      if (file.size > 1024 * 1024) throw new PresetError('tooLarge', `${file.size} bytes`);
      preset = parsePreset(await file.text());
    } catch (error) {
      this.#fail(error);
      return;
    }
    await this.openPreset(preset, tables);
  }

  async openPreset(preset: Preset, tables: TableView[]): Promise<void> {
    this.#problem = null;
    this.#open = preset;
    this.#mapped = [];
    const analysis = analysisById(preset.analysis);
    if (!analysis) {
      // shown in the editor; it runs only when the user runs it
      this.#sql.text = preset.sql ?? '';
      this.#show('sql');
    } else {
      this.#show('analyses');
      try {
        await this.#restore(preset);
      } catch (error) {
        this.#fail(error);
        return;
      }
    }
    await this.tablesChanged(tables);
  }

  async #restore(preset: Preset): Promise<void> {
    const analysis = analysisById(preset.analysis);
    if (!analysis) return;
    await this.#analyses.restore({
      analysis,
      params: preset.params ?? {},
      source: preset.source ?? null,
      segment: preset.segment ?? null,
    });
  }

  /**
   * Maps each waiting mapping of the open preset onto the first loaded table that has its columns. One
   * pass runs at a time; a call during a pass asks for one more pass with the newest tables.
   */
  tablesChanged(tables: TableView[]): Promise<void> {
    if (this.#pass) {
      this.#again = tables;
      return this.#pass;
    }
    this.#pass = (async () => {
      let next: TableView[] | null = tables;
      while (next) {
        this.#again = null;
        await this.#mapWaiting(next);
        next = this.#again;
      }
    })().finally(() => (this.#pass = null));
    return this.#pass;
  }

  async #mapWaiting(tables: TableView[]): Promise<void> {
    const preset = this.#open;
    if (!preset) return;
    const waitingBefore = this.waiting.length;
    for (const m of this.waiting) {
      const table = tables.find((t) => missingColumns(m, t.columns).length === 0);
      if (!table) continue;
      try {
        await this.#analyses.applyMapping(mappingFor(preset, m.kind, table.name)!, table.columns, {
          run: false,
        });
        this.#mapped = [...this.#mapped, m.kind];
      } catch (error) {
        if (isEngineError(error, 'superseded')) continue;
        this.#problem = {
          code: 'mapping',
          kind: m.kind,
          error: isEngineError(error) ? error.error : { kind: 'internal', message: String(error) },
        };
        return;
      }
    }
    // the last waiting mapping was just applied: the preset's own definition runs on it
    if (waitingBefore > 0 && this.waiting.length === 0 && analysisById(preset.analysis))
      await this.#restore(preset);
  }

  close(): void {
    this.#open = null;
    this.#mapped = [];
    this.#problem = null;
  }

  dismissProblem(): void {
    this.#problem = null;
  }

  #fail(error: unknown): void {
    if (error instanceof PresetError) {
      this.#problem = { code: error.code, detail: error.detail, why: error.why };
    } else if (error instanceof ParamError) {
      const { param, code, values } = error.problem;
      this.#problem = {
        code: 'invalid',
        detail: `params.${param}`,
        why: { key: `params.errors.${code}`, values },
      };
    } else {
      this.#problem = {
        code: 'invalid',
        detail: error instanceof Error ? error.message : String(error),
        why: null,
      };
    }
  }

  /** The analysis on screen as a preset: analysis, source, parameters, segment and mappings. */
  fromAnalysis(title?: string): Preset {
    const analyses = this.#analyses;
    const preset: Preset = {
      v: PRESET_VERSION,
      analysis: analyses.active.id,
      params: $state.snapshot(analyses.values),
    };
    if (title) preset.title = title;
    if (analyses.source) preset.source = analyses.source;
    if (analyses.segment && analyses.active.segment !== 'none')
      preset.segment = {
        column: analyses.segment,
        value: analyses.active.segment === 'filter' ? analyses.segmentValue : null,
      };
    const mappings = this.#presetMappings();
    if (mappings.length) preset.mappings = mappings;
    return preset;
  }

  /** A SQL workspace query as a preset, with the mappings it may read. */
  fromSql(text: string, title?: string): Preset {
    const preset: Preset = { v: PRESET_VERSION, analysis: 'sql', sql: text };
    if (title) preset.title = title;
    const mappings = this.#presetMappings();
    if (mappings.length) preset.mappings = mappings;
    return preset;
  }

  #presetMappings(): PresetMapping[] {
    const mappings = this.#analyses.mappings;
    return Object.values(mappings).map((m) => toPresetMapping(m, this.#analyses.mappedColumns(m.kind)));
  }

  link(preset: Preset): Promise<string> {
    return presetUrl(preset, location.href.split('#')[0]);
  }

  /** A preset as the text of a `.tenure.json` file. */
  fileText(preset: Preset): string {
    return `${JSON.stringify(presetJson(preset), null, 2)}\n`;
  }

  async loadSaved(): Promise<void> {
    const stored = (await getItem<{ id: string; savedAt: number; preset: unknown }[]>(SAVED)) ?? [];
    // saved by this or an older version: each is checked as a link would be, and kept only if valid
    const saved: SavedPreset[] = [];
    for (const entry of stored) {
      try {
        saved.push({
          id: entry.id,
          savedAt: entry.savedAt,
          preset: parsePreset(JSON.stringify(entry.preset)),
        });
      } catch {
        // a preset this version cannot read is left out
      }
    }
    this.#saved = saved;
  }

  async save(preset: Preset): Promise<boolean> {
    const entry: SavedPreset = { id: crypto.randomUUID(), savedAt: Date.now(), preset };
    const next = [entry, ...this.#saved];
    this.#saved = next;
    return setItem(SAVED, this.#stored(next));
  }

  async remove(id: string): Promise<void> {
    this.#saved = this.#saved.filter((s) => s.id !== id);
    await setItem(SAVED, this.#stored(this.#saved));
  }

  #stored(list: SavedPreset[]) {
    return list.map((s) => ({
      id: s.id,
      savedAt: s.savedAt,
      preset: presetJson($state.snapshot(s.preset) as Preset),
    }));
  }
}
