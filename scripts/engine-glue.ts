// DuckDB-WASM's Emscripten glue, trimmed of work Tenure never needs (issue #13, the warm start).
//
// The engine is built as an Emscripten MAIN_MODULE, so that it could load extensions as side modules. When
// its instance arrives, the glue's `updateGOT` walks all ~49,000 exports and, for each one, creates a
// WebAssembly.Global in the global offset table and adds the function to the function table (one
// `table.grow(1)` each): what a side module would link against. Tenure never loads a side module (the
// engine is locked before anything runs: no extension can be loaded, docs/engine.md), so only the entries
// the main module itself imports (created while it was instantiated) need their values. The trimmed glue
// fills those and creates no others: 0.2 s less from the engine's start in Chromium and in Node (measured on
// the 2-core machine, bench/RESULTS.md). Symbols looked up later (dlsym) are still resolved, from the
// exports the glue keeps in its import table.
//
// The replacement is exact text: a DuckDB-WASM whose glue differs makes the build fail here (and
// test/scripts/engine-glue.test.ts), rather than ship an engine started another way.
import type { Plugin } from 'vite';

/** updateGOT, as the glue of DuckDB-WASM 1.32.0 (Emscripten 3.1) writes it, minified. */
export const GOT_FOR_EVERY_EXPORT =
  'GOT[t]||(GOT[t]=new WebAssembly.Global({value:"i32",mutable:!0})),(r||GOT[t].value==0)&&';
/** The same, for the entries that exist (those the module imported). */
export const GOT_FOR_IMPORTS = 'GOT[t]&&(r||GOT[t].value==0)&&';

/** The browser build holds two engines (with WebAssembly exceptions, and without): one glue each. */
export const GLUES_PER_BUILD = 2;

/** `code` with every updateGOT trimmed, and how many there were. */
export function trimGlue(code: string): { code: string; count: number } {
  const parts = code.split(GOT_FOR_EVERY_EXPORT);
  return { code: parts.join(GOT_FOR_IMPORTS), count: parts.length - 1 };
}

/** Vite plugin for the engine worker's bundle: trims the glue of the blocking browser build. */
export function engineGlue(): Plugin {
  return {
    name: 'tenure-engine-glue',
    enforce: 'pre',
    transform(code, id) {
      if (!/[\\/]duckdb-browser-blocking\.mjs$/.test(id)) return null;
      const trimmed = trimGlue(code);
      if (trimmed.count !== GLUES_PER_BUILD)
        this.error(
          `scripts/engine-glue.ts: expected ${GLUES_PER_BUILD} updateGOT in ${id}, found ${trimmed.count}; ` +
            'DuckDB-WASM changed: check what its glue does now and update or remove this step',
        );
      return { code: trimmed.code, map: null };
    },
  };
}
