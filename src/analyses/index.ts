// The analyses, listed once, in the order the app shows them. Adding an analysis is its folder (a
// declaration in index.ts and its SQL), this line, its catalogue texts and its docs/metrics.md entry.
import { cohorts } from './cohorts';
import { period } from './period';
import { churn } from './churn';
import { survival } from './survival';
import { repeat } from './repeat';
import { gaps } from './gaps';
import { clvFormula } from './formula-clv';
import { clv } from './predictive-clv';
import { rfm } from './rfm';
import type { Analysis } from './define';
import type { SourceKind } from '../data/sources';

export const ANALYSES: readonly Analysis[] = [
  cohorts,
  period,
  churn,
  survival,
  repeat,
  gaps,
  clvFormula,
  clv,
  rfm,
];

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
