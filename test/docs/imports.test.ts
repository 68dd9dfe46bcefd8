// docs/imports.md lists every known export shape: its name as the app says it, and the public page its
// layout follows, so that adding a shape without documenting it fails here.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import en from '../../src/i18n/en.json';
import { SHAPES } from '../../src/data/shapes';

const doc = readFileSync(new URL('../../docs/imports.md', import.meta.url), 'utf8');
const names: Record<string, string> = en.mapping.shapes;

describe('docs/imports.md', () => {
  it.each(SHAPES.map((s) => [s.id, s] as const))('documents %s with its public layout', (id, shape) => {
    const row = doc.split('\n').find((line) => line.split('|')[1]?.trim() === names[id]);
    expect(row, names[id]).toBeDefined();
    expect(row).toContain(shape.docs);
  });
});
