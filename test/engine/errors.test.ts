import { describe, expect, it } from 'vitest';
import { cleanEngineMessage, errorHeadline, errorPosition } from '../../src/engine/errors';
import { startEngine } from '../helpers/engine';

describe('engine error messages', () => {
  it('unwraps the JSON form of parser errors', () => {
    const raw =
      '{"exception_type":"Parser","exception_message":"syntax error at or near \\"selec\\"\\n\\nLINE 1: selec 1\\n        ^","error_subtype":"SYNTAX_ERROR","position":"0"}';
    const clean = cleanEngineMessage(raw);
    expect(clean).toBe('Parser Error: syntax error at or near "selec"\n\nLINE 1: selec 1\n        ^');
    expect(errorPosition(clean)).toEqual({ line: 1, column: 1 });
    expect(errorHeadline(clean)).toBe('Parser Error: syntax error at or near "selec"');
  });

  it('finds the column of a binder error reported by the real engine', async () => {
    const engine = await startEngine();
    const sql = 'SELECT 1 AS a,\n  nope FROM range(3)';
    const error = await engine.run(sql).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    const message = (error as Error).message;
    expect(message).toMatch(/^Binder Error: Referenced column "nope" not found/);
    // DuckDB reports positions in the statement; "nope" starts at line 2, column 3.
    const at = errorPosition(message);
    expect(at).not.toBeNull();
    const lines = sql.split('\n');
    const offset = lines.slice(0, at!.line - 1).join('\n').length + (at!.line > 1 ? 1 : 0) + at!.column - 1;
    expect(sql.slice(offset, offset + 4)).toBe('nope');
  });
});
