// The engine worker runs under the page's Content-Security-Policy (src/worker/connect.ts), which does not
// allow evaluating strings as code. DuckDB-WASM's Emscripten glue does so in one place it reaches: when the
// engine calls a JavaScript method through `emscripten::val` (its progress bar does, during any query that
// runs longer than progress_bar_time), embind's `__emval_get_method_caller` writes the source of a small
// caller function and builds it with the `Function` constructor. Under the policy that throws an EvalError
// and the query fails.
//
// Rather than allow 'unsafe-eval' for the whole page, the worker's `Function` constructor recognises that
// one generated source, exactly, and returns a closure that does what it says. Any other source goes to the
// real constructor, which the policy refuses as before. Written against the glue of @duckdb/duckdb-wasm
// 1.32.0 (pinned); test/engine/no-eval.test.ts checks it against the real constructor, and the browser tests
// run long queries and loads in the worker under the policy.

type Caller = (obj: unknown, func: Callable, destructorsRef: number, args: number) => unknown;
type Callable = ((...args: unknown[]) => unknown) & (new (...args: unknown[]) => unknown);
interface ArgType {
  readValueFromPointer(pointer: number): unknown;
}
type ReturnValue = (retType: unknown, destructorsRef: number, value: unknown) => unknown;

const HEAD = 'return function (obj, func, destructorsRef, args) {\n';

/** The parts of a method caller's source; null when `params` and `body` are not one. */
export function parseMethodCaller(
  params: string[],
  body: string,
): { offsets: number[]; construct: boolean; withObj: boolean; returns: boolean } | null {
  const returns = params.at(-1) === 'emval_returnValue';
  const argNames = params.slice(1, returns ? -1 : undefined);
  if (params[0] !== 'retType' || argNames.some((n, i) => n !== `argType${i}`)) return null;
  const lines = body.split('\n');
  const offsets: number[] = [];
  for (let i = 0; i < argNames.length; i++) {
    const match = /^ {2}var arg(\d+) = argType\1\.readValueFromPointer\(args(?:\+(\d+))?\);$/.exec(
      lines[1 + i] ?? '',
    );
    if (!match || Number(match[1]) !== i) return null;
    offsets.push(match[2] ? Number(match[2]) : 0);
  }
  const call = /^ {2}var rv = (new func|func\.call)\((.*)\);$/.exec(lines[1 + argNames.length] ?? '');
  if (!call) return null;
  const parsed = {
    offsets,
    construct: call[1] === 'new func',
    withObj: call[2].startsWith('obj'),
    returns,
  };
  // accepted only if the source is exactly the one these parts make
  return methodCallerSource(parsed) === body ? parsed : null;
}

/** The source embind writes for these parts (its template, line for line). */
export function methodCallerSource(parts: {
  offsets: number[];
  construct: boolean;
  withObj: boolean;
  returns: boolean;
}): string {
  let source = HEAD;
  const list = parts.withObj ? ['obj'] : [];
  parts.offsets.forEach((offset, i) => {
    list.push(`arg${i}`);
    source += `  var arg${i} = argType${i}.readValueFromPointer(args${offset ? `+${offset}` : ''});\n`;
  });
  source += `  var rv = ${parts.construct ? 'new func' : 'func.call'}(${list.join(', ')});\n`;
  if (parts.returns) source += '  return emval_returnValue(retType, destructorsRef, rv);\n';
  return `${source}};\n`;
}

/** What the generated source evaluates to: a function of (retType, argType0..., emval_returnValue?). */
function methodCallerFactory(parts: NonNullable<ReturnType<typeof parseMethodCaller>>) {
  return (retType: unknown, ...rest: unknown[]): Caller => {
    const argTypes = rest.slice(0, parts.offsets.length) as ArgType[];
    const returnValue = rest[parts.offsets.length] as ReturnValue | undefined;
    return (obj, func, destructorsRef, args) => {
      const values = argTypes.map((type, i) => type.readValueFromPointer(args + parts.offsets[i]));
      const list = parts.withObj ? [obj, ...values] : values;
      // `func.call(a, b, c)`: the first of the list is `this`, as in the generated source
      const rv = parts.construct ? new func(...list) : func.call(...(list as [unknown, ...unknown[]]));
      return parts.returns ? returnValue!(retType, destructorsRef, rv) : undefined;
    };
  };
}

/** Replaces the worker's `Function` constructor by one that builds embind's method callers without eval. */
export function installNoEvalFunction(scope: { Function: FunctionConstructor } = globalThis): void {
  const original = scope.Function;
  if ((original as { tenureNoEval?: true }).tenureNoEval) return;
  function NoEvalFunction(...params: string[]) {
    const parts = parseMethodCaller(params.slice(0, -1), params.at(-1) ?? '');
    if (parts) return methodCallerFactory(parts);
    return Reflect.construct(original, params);
  }
  NoEvalFunction.prototype = original.prototype;
  Object.defineProperty(NoEvalFunction, 'tenureNoEval', { value: true });
  scope.Function = NoEvalFunction as unknown as FunctionConstructor;
}
