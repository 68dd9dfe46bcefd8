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
  type Preset,
  type PresetMapping,
} from '../presets/preset';
import { getItem, setItem } from './store';

export interface SavedPreset {
  id: string;
  savedAt: number;
  preset: Preset;
}

export interface PresetProblem {
  code: PresetError['code'] | 'mapping';
  detail: string;
}

const SAVED = 'presets';

export class PresetState {
  /** The preset being reproduced: shown until its data are mapped, then kept as the definition in use. */
  #open = $state.raw<Preset | null>(null);
  /** Kinds of the open preset already mapped onto a loaded table. */
  #mapped = $state<string[]>([]);
  #problem = $state.raw<PresetProblem | null>(null);
  #saved = $state.raw<SavedPreset[]>([]);
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
    try {
      await this.openPreset(await decodePreset(hash), tables);
    } catch (error) {
      this.#fail(error);
    }
  }

  /** Opens a preset JSON file. */
  async openFile(file: File, tables: TableView[]): Promise<void> {
    try {
      if (file.size > 1024 * 1024) throw new PresetError('tooLarge', `${file.size} bytes`);
      await this.openPreset(parsePreset(await file.text()), tables);
    } catch (error) {
      this.#fail(error);
    }
  }

  async openPreset(preset: Preset, tables: TableView[]): Promise<void> {
    this.#problem = null;
    this.#open = preset;
    this.#mapped = [];
    if (preset.analysis === 'sql') {
      // shown in the editor; it runs only when the user runs it
      this.#sql.text = preset.sql ?? '';
      this.#show('sql');
    } else {
      this.#show('analyses');
      await this.#analyses.restore(preset);
    }
    await this.tablesChanged(tables);
  }

  /** Maps each waiting mapping of the open preset onto the first loaded table that has its columns. */
  async tablesChanged(tables: TableView[]): Promise<void> {
    const preset = this.#open;
    if (!preset) return;
    for (const m of this.waiting) {
      const table = tables.find((t) => missingColumns(m, t.columns).length === 0);
      if (!table) continue;
      try {
        await this.#analyses.applyMapping(mappingFor(preset, m.kind, table.name)!, table.columns);
        this.#mapped = [...this.#mapped, m.kind];
      } catch (error) {
        this.#problem = { code: 'mapping', detail: error instanceof Error ? error.message : String(error) };
        return;
      }
    }
    if (this.waiting.length === 0 && preset.analysis !== 'sql') await this.#analyses.restore(preset);
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
    this.#problem =
      error instanceof PresetError
        ? { code: error.code, detail: error.detail }
        : { code: 'invalid', detail: error instanceof Error ? error.message : String(error) };
  }

  /** The analysis on screen as a preset. */
  fromAnalysis(title?: string): Preset {
    const preset = this.#analyses.toPreset();
    if (title) preset.title = title;
    return preset;
  }

  /** A SQL workspace query as a preset, with the mappings it may read. */
  fromSql(text: string, title?: string): Preset {
    const preset: Preset = { v: PRESET_VERSION, analysis: 'sql', sql: text };
    if (title) preset.title = title;
    const mappings = this.#analyses.presetMappings();
    if (mappings.length) preset.mappings = mappings;
    return preset;
  }

  link(preset: Preset): Promise<string> {
    return presetUrl(preset, location.href.split('#')[0]);
  }

  async loadSaved(): Promise<void> {
    this.#saved = (await getItem<SavedPreset[]>(SAVED)) ?? [];
  }

  async save(preset: Preset): Promise<boolean> {
    const entry: SavedPreset = { id: crypto.randomUUID(), savedAt: Date.now(), preset };
    const next = [entry, ...this.#saved];
    this.#saved = next;
    return setItem(SAVED, $state.snapshot(next));
  }

  async remove(id: string): Promise<void> {
    this.#saved = this.#saved.filter((s) => s.id !== id);
    await setItem(SAVED, $state.snapshot(this.#saved));
  }
}
