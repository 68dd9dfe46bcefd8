// SQL the analyses need in the engine before any of them runs: the shared macros (macros.sql). The worker's
// composition root runs it at start-up, the Node tests' engine too, and the benchmark's native DuckDB.
import macros from './macros.sql?raw';

/** The statements of macros.sql, one by one (comments kept with the statement they precede). */
export const ANALYSIS_SETUP: readonly string[] = macros
  .split(/;\s*$/m)
  .map((s) => s.trim())
  .filter((s) => s.replace(/^--.*$/gm, '').trim() !== '');
