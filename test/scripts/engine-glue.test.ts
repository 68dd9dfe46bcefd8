// The build trims DuckDB-WASM's glue by exact text (scripts/engine-glue.ts): the text must be found exactly
// once per engine of the browser build, or the build fails rather than ship an engine started another way.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GLUES_PER_BUILD, GOT_FOR_EVERY_EXPORT, GOT_FOR_IMPORTS, trimGlue } from '../../scripts/engine-glue';

const blocking = readFileSync(
  new URL('../../node_modules/@duckdb/duckdb-wasm/dist/duckdb-browser-blocking.mjs', import.meta.url),
  'utf8',
);

describe('engine glue', () => {
  it('finds updateGOT once per engine of the pinned DuckDB-WASM, and trims every one', () => {
    const { code, count } = trimGlue(blocking);
    expect(count).toBe(GLUES_PER_BUILD);
    expect(code.includes(GOT_FOR_EVERY_EXPORT)).toBe(false);
    expect(code.split(GOT_FOR_IMPORTS).length - 1).toBe(GLUES_PER_BUILD);
  });

  it('leaves a glue it does not know unchanged, and says so by its count', () => {
    expect(trimGlue('export const x = 1;')).toEqual({ code: 'export const x = 1;', count: 0 });
  });
});
