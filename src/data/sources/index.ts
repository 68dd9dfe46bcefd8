// The source kinds, listed once: every other list of kinds, roles or canonical table names derives from
// this one. Adding a kind is a declaration file, its .sql template, and this line.
import { orders } from './orders';
import { subscriptions } from './subscriptions';
import { customers } from './customers';
import { survey } from './survey';
import { cancellations } from './cancellations';
import type { SourceDef } from './source';

export const SOURCES = [orders, subscriptions, customers, survey, cancellations] as const;

export type SourceKind = (typeof SOURCES)[number]['kind'];

export const SOURCE_KINDS: readonly SourceKind[] = SOURCES.map((s) => s.kind);

export function isSourceKind(value: unknown): value is SourceKind {
  return typeof value === 'string' && (SOURCE_KINDS as readonly string[]).includes(value);
}

export function sourceDef(kind: SourceKind): SourceDef<SourceKind> {
  return SOURCES.find((s) => s.kind === kind)! as SourceDef<SourceKind>;
}

export type { DropReason, Mapping, MappingProblem, RoleDef, RowFilter, SourceDef, Stages } from './source';
