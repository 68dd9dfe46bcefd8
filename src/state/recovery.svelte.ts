// Recovery after the engine was stopped or crashed (issue #11, finding 5): the whole session comes back, in
// the order it was built (the files' tables, then the mappings' canonical tables, the model fit and the
// analysis on screen with its parameters), and one notice says exactly what came back and what did not.
// Tables made in SQL cannot come back (their SQL is not kept): they are named as lost.
import type { RestartReason } from '../engine/client';
import type { SourceKind } from '../data/sources';
import type { Engine } from '../worker/contract';
import type { AnalysesState } from './analyses.svelte';
import type { Workspace } from './workspace.svelte';

export interface RecoveryReport {
  /** Tables loaded again from their files. */
  files: string[];
  /** Files that could not be read again (their names). */
  filesLost: string[];
  /** Canonical tables built again from their mappings. */
  mappings: SourceKind[];
  /** Mappings whose table did not come back. */
  mappingsLost: SourceKind[];
  /** The CLV model was fitted again. */
  fit: boolean;
  /** The analysis run again with its parameters (its id), if one was on screen. */
  analysis: string | null;
  /** Tables made in SQL, gone with the engine. */
  sqlTables: string[];
}

export class Recovery {
  constructor(engine: Engine, workspace: Workspace, analyses: AnalysesState) {
    engine.onRestart((why) => recover(why, workspace, analyses));
  }
}

async function recover(why: RestartReason, workspace: Workspace, analyses: AnalysesState): Promise<void> {
  const sqlTables = workspace.tables.filter((t) => t.origin === 'user').map((t) => t.name);
  const files = await workspace.restoreFiles();
  const rebuilt = await analyses.rebuild();
  const report: RecoveryReport = {
    files: files.tables,
    filesLost: files.lost,
    ...rebuilt,
    sqlTables,
  };
  await workspace.restored(why, report);
}
