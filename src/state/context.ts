// Shared app state, handed to components through Svelte context.
import { getContext, setContext } from 'svelte';
import type { Workspace } from './workspace.svelte';
import type { SqlWorkspace } from './sql.svelte';
import type { AnalysesState } from './analyses.svelte';
import type { PresetState } from './presets.svelte';
import type { PickedFile, RecentFiles } from './recent.svelte';

export type Tab = 'data' | 'analyses' | 'sql';

export interface AppState {
  workspace: Workspace;
  sql: SqlWorkspace;
  analyses: AnalysesState;
  presets: PresetState;
  recent: RecentFiles;
  /** Switches the main view. */
  show(tab: Tab): void;
  /** Files from a drop or the picker: data files are loaded, preset files (.json) opened. */
  addFiles(files: (File | PickedFile)[], options?: { remember?: boolean }): Promise<void>;
}

const KEY = Symbol('tenure');

export function setAppState(state: AppState): AppState {
  return setContext(KEY, state);
}

export function appState(): AppState {
  return getContext<AppState>(KEY);
}
