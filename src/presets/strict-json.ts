// JSON.parse, refusing an object that names a key twice. JSON.parse keeps the last of two equal keys
// without a word, so `{"horizon": 12, "horizon": 1e9}` would show one value to a reader and run another.

export class DuplicateKeyError extends Error {
  override name = 'DuplicateKeyError';
  /** Where the key repeats, e.g. `params.horizon`. */
  constructor(readonly path: string) {
    super(`duplicate key ${path}`);
  }
}

/** Parses JSON text (throws SyntaxError when it is not JSON, DuplicateKeyError on a repeated key). */
export function parseStrictJson(text: string): unknown {
  const value: unknown = JSON.parse(text);
  // the text is valid JSON: walk its tokens, keeping the keys seen in each open object
  const stack: { keys: Set<string> | null; path: string; key: string | null }[] = [];
  const pathOf = (key: string) => {
    const top = stack[stack.length - 1];
    return top?.path ? `${top.path}.${key}` : key;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      const token = text.slice(i, j + 1);
      let k = j + 1;
      while (/\s/.test(text[k] ?? '')) k++;
      const top = stack[stack.length - 1];
      if (text[k] === ':' && top?.keys) {
        const key = JSON.parse(token) as string;
        if (top.keys.has(key)) throw new DuplicateKeyError(pathOf(key));
        top.keys.add(key);
        top.key = key;
      }
      i = j;
    } else if (c === '{' || c === '[') {
      const top = stack[stack.length - 1];
      const path = top ? (top.key !== null ? pathOf(top.key) : top.path) : '';
      stack.push({ keys: c === '{' ? new Set() : null, path, key: null });
    } else if (c === '}' || c === ']') {
      stack.pop();
    }
  }
  return value;
}
