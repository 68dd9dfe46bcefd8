// docs/presets.md says what links may carry: every analysis id, every parameter with its type, choices or
// range and default, and every source kind with its roles, written from the declarations themselves (the
// table below is rendered here and must appear in the document as it is).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ANALYSES } from '../../src/analyses';
import type { ParamSpec } from '../../src/analyses/params';
import { SOURCES } from '../../src/data/sources';

const doc = readFileSync(new URL('../../docs/presets.md', import.meta.url), 'utf8');

function accepts(p: ParamSpec): string {
  switch (p.kind) {
    case 'choice':
      return p.choices.map((c) => `\`${c}\``).join(', ');
    case 'integer':
      return `whole number ${p.min}–${p.max}`;
    case 'number':
      return `number ${p.min}–${p.max}`;
    case 'date':
      return '`YYYY-MM-DD` or `null`';
    case 'rules':
      return p.docs;
  }
}

export function paramsTable(): string {
  const lines = ['| analysis | parameter | accepts | default | sources |', '| --- | --- | --- | --- | --- |'];
  for (const analysis of ANALYSES) {
    for (const p of analysis.params) {
      const fallback =
        p.kind === 'rules'
          ? p.default === ''
            ? 'empty'
            : p.editor === 'line'
              ? `\`${p.default}\``
              : 'the built-in rules'
          : p.default === null
            ? '`null`'
            : `\`${p.default}\``;
      const sources = (p.sources ?? Object.keys(analysis.sources)).join(', ');
      lines.push(`| \`${analysis.id}\` | \`${p.id}\` | ${accepts(p)} | ${fallback} | ${sources} |`);
    }
  }
  return lines.join('\n');
}

export function rolesTable(): string {
  const lines = ['| kind | roles (required in bold) |', '| --- | --- |'];
  for (const source of SOURCES) {
    const roles = source.roles.map((r) => (r.required ? `**\`${r.id}\`**` : `\`${r.id}\``)).join(', ');
    lines.push(`| \`${source.kind}\` | ${roles} |`);
  }
  return lines.join('\n');
}

/** Markdown tables compared without the padding Prettier adds. */
const squeeze = (text: string) => text.replace(/ *\| */g, '|').replace(/-{3,}/g, '---');

describe('docs/presets.md', () => {
  it('lists every analysis id a link may name', () => {
    for (const analysis of ANALYSES) expect(doc, analysis.id).toContain(`\`${analysis.id}\``);
  });

  it('lists every parameter as its declaration checks it', () => {
    expect(squeeze(doc)).toContain(squeeze(paramsTable()));
  });

  it('lists every source kind with its roles', () => {
    expect(squeeze(doc)).toContain(squeeze(rolesTable()));
  });
});
