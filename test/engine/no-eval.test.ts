// The worker's Function constructor without eval (src/engine/no-eval.ts): embind's method callers, built
// from the source embind writes, behave as the real constructor's; anything else still goes to the real
// constructor (which the page's policy refuses in the browser).
import { describe, expect, it } from 'vitest';
import { installNoEvalFunction, methodCallerSource, parseMethodCaller } from '../../src/engine/no-eval';

/** An argument type reading a number at a pointer (memory is a plain array here). */
type Caller = (obj: unknown, func: unknown, destructorsRef: number, args: number) => unknown;
const memory = [0, 0, 0, 0, 0, 0, 0, 0, 10, 0, 0, 0, 0, 0, 0, 0, 32];
const argType = { readValueFromPointer: (p: number) => memory[p] };
const retType = { toWireType: (_: unknown[], v: unknown) => `wire:${String(v)}` };
const returnValue = (type: typeof retType, _ref: number, value: unknown) => type.toWireType([], value);

const cases = [
  { offsets: [0, 8, 16], construct: false, withObj: true, returns: true },
  { offsets: [0], construct: false, withObj: false, returns: false },
  { offsets: [], construct: true, withObj: false, returns: true },
  { offsets: [0, 8], construct: true, withObj: false, returns: true },
];

function sum(this: { base: number } | undefined, ...xs: number[]) {
  return (this?.base ?? 0) + xs.reduce((a, b) => a + b, 0);
}
class Made {
  args: unknown[];
  constructor(...args: unknown[]) {
    this.args = args;
  }
}

describe('Function without eval', () => {
  it.each(cases)('builds the caller embind writes, as the real constructor does: %j', (parts) => {
    const source = methodCallerSource(parts);
    const params = ['retType', ...parts.offsets.map((_, i) => `argType${i}`)];
    if (parts.returns) params.push('emval_returnValue');
    expect(parseMethodCaller(params, source)).toEqual(parts);
    const values = [retType, ...parts.offsets.map(() => argType), ...(parts.returns ? [returnValue] : [])];
    const scope = { Function } as { Function: FunctionConstructor };
    installNoEvalFunction(scope);
    const ours = (scope.Function(...params, source) as (...v: unknown[]) => Caller)(...values);
    const real = (Function(...params, source) as (...v: unknown[]) => Caller)(...values);
    const func = parts.construct ? Made : sum;
    const obj = { base: 100 };
    expect(ours(obj, func, 0, 0)).toEqual(real(obj, func, 0, 0));
  });

  it('refuses anything else to itself: a changed line goes to the real constructor', () => {
    const parts = cases[0];
    const source = methodCallerSource(parts).replace('var rv =', 'fetch("x"); var rv =');
    expect(
      parseMethodCaller(['retType', 'argType0', 'argType1', 'argType2', 'emval_returnValue'], source),
    ).toBeNull();
    const seen: unknown[][] = [];
    const scope = {
      Function: new Proxy(Function, { construct: (_t, args) => (seen.push(args), () => 'real') }),
    } as { Function: FunctionConstructor };
    installNoEvalFunction(scope);
    scope.Function('a', 'return a');
    expect(seen).toEqual([['a', 'return a']]);
  });
});
