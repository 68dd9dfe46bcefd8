// Shared app state, handed to components through Svelte context.
import { getContext, setContext } from 'svelte';
import type { Workspace } from './workspace.svelte';
import type { SqlWorkspace } from './sql.svelte';

export interface AppState {
  workspace: Workspace;
  sql: SqlWorkspace;
  /** Switches the main view ('data' | 'sql'). */
  show(tab: 'data' | 'sql'): void;
}

const KEY = Symbol('tenure');

export function setAppState(state: AppState): AppState {
  return setContext(KEY, state);
}

export function appState(): AppState {
  return getContext<AppState>(KEY);
}
