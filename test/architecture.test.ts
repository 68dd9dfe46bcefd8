// The shape of the code, checked: folders depend one way (engine and models on nothing of ours, the
// composition root and the page above the rest), no import cycle between folders, no casts through
// `unknown` in the components, and no error recognised by its text on the page side.
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../src/', import.meta.url));
const files = readdirSync(SRC, { recursive: true, encoding: 'utf8' })
  .filter((f) => /\.(ts|svelte)$/.test(f))
  .map((f) => join(SRC, f));
const folderOf = (path: string) =>
  relative(SRC, path)
    .split('/')[0]
    .replace(/\.(ts|svelte)$/, '');

/** Folder -> the folders of src it imports from (static and dynamic imports, types included). */
function folderGraph(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const file of files) {
    const from = folderOf(file);
    const text = readFileSync(file, 'utf8');
    const specifiers = [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.[^']+)'/g)].map((m) => m[1]);
    for (const specifier of specifiers) {
      const target = resolve(dirname(file), specifier);
      if (!target.startsWith(SRC)) continue; // sample data, package files
      const to = folderOf(target);
      if (to === from) continue;
      if (!graph.has(from)) graph.set(from, new Set());
      graph.get(from)!.add(to);
    }
  }
  return graph;
}

describe('architecture', () => {
  const graph = folderGraph();

  it('keeps the engine, the models and the charts free of the rest of the app', () => {
    expect([...(graph.get('engine') ?? [])]).toEqual([]);
    expect([...(graph.get('models') ?? [])]).toEqual([]);
    expect([...(graph.get('charts') ?? [])]).toEqual([]);
    expect([...(graph.get('data') ?? [])].sort()).toEqual(['engine']);
  });

  it('has no import cycle between folders', () => {
    const cycles: string[] = [];
    const visit = (node: string, path: string[]) => {
      for (const next of graph.get(node) ?? []) {
        if (path.includes(next)) cycles.push([...path.slice(path.indexOf(next)), next].join(' -> '));
        else visit(next, [...path, next]);
      }
    };
    for (const node of graph.keys()) visit(node, [node]);
    expect(cycles).toEqual([]);
  });

  it('casts nothing through unknown in the components', () => {
    const casts = files
      .filter((f) => folderOf(f) === 'ui')
      .filter((f) => readFileSync(f, 'utf8').includes('as unknown as'))
      .map((f) => relative(SRC, f));
    expect(casts).toEqual([]);
  });

  it('never decides what an error was from its text outside the engine', () => {
    // a regular expression tested against an error's message, or a message searched for words
    const offenders = files
      .filter((f) => folderOf(f) !== 'engine')
      .filter((f) =>
        /\/[^/\n]+\/[a-z]*\.test\((?:error|e|err|message|reason)\b|message\.(?:includes|match)\(/.test(
          readFileSync(f, 'utf8'),
        ),
      )
      .map((f) => relative(SRC, f));
    expect(offenders).toEqual([]);
  });
});
