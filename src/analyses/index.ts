// The analyses, in the order the app shows them: every folder with an index.ts that declares one (its
// default export), ordered by its declared position. Adding an analysis is its folder, its catalogue texts
// and its docs/metrics.md entry; nothing is listed here.
import type { Analysis } from './define';
import type { SourceKind } from '../data/sources';

const folders = import.meta.glob<{ default: Analysis }>('./*/index.ts', { eager: true });

export const ANALYSES: readonly Analysis[] = Object.values(folders)
  .map((module) => module.default)
  .sort((a, b) => a.position - b.position);

export const ANALYSIS_IDS: readonly string[] = ANALYSES.map((a) => a.id);

/** Tables the analyses create in the engine: no loaded file may take these names. */
export const ANALYSIS_TABLES: readonly string[] = ANALYSES.flatMap((a) => a.tables);

export function analysisById(id: string): Analysis | undefined {
  return ANALYSES.find((a) => a.id === id);
}

/** The sources an analysis reads, in its declared order. */
export function sourcesOf(analysis: Analysis): SourceKind[] {
  return Object.keys(analysis.sources) as SourceKind[];
}

export type { Analysis } from './define';
