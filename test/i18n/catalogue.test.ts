// Both catalogues must say the same things: same keys, same placeholders, nothing left in English.
import { describe, expect, it } from 'vitest';
import en from '../../src/i18n/en.json';
import zh from '../../src/i18n/zh-CN.json';
import { matchLocale } from '../../src/i18n';

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

/** Top-level `{...}` groups of a message (ICU: nested braces are branch bodies of plural/select). */
function groups(text: string): string[] {
  const found: string[] = [];
  let depth = 0;
  let start = -1;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '{' && depth++ === 0) start = i;
    else if (text[i] === '}' && --depth === 0) found.push(text.slice(start + 1, i));
  }
  return found;
}

/** The arguments a message uses: `{name}`, and `{name, plural|select, ...}` with its branches' own. */
function placeholders(text: string): string[] {
  const names: string[] = [];
  for (const group of groups(text)) {
    const match = /^\s*(\w+)\s*(?:,\s*\w+\s*(?:,([\s\S]*))?)?$/.exec(group);
    if (!match) continue;
    names.push(match[1]);
    // branch bodies are literal text except for their own arguments
    if (match[2]) for (const body of groups(match[2])) names.push(...placeholders(body));
  }
  return names.sort();
}

describe('message catalogues', () => {
  const english = flatten(en as Tree);
  const chinese = flatten(zh as Tree);

  it('have the same keys', () => {
    expect([...chinese.keys()].sort()).toEqual([...english.keys()].sort());
  });

  it('use the same placeholders in every message', () => {
    for (const [key, text] of english)
      expect(new Set(placeholders(chinese.get(key)!)), key).toEqual(new Set(placeholders(text)));
  });

  it('use Chinese punctuation inside Chinese text', () => {
    // an ASCII comma, colon, semicolon or bracket next to a Chinese character (placeholders and code aside)
    const cjk = '[\\u4e00-\\u9fff]';
    const ascii = new RegExp(`${cjk}[,:;()!?]|[,:;(!?]${cjk}|\\)${cjk}`);
    const bad = [...chinese].filter(([, text]) => ascii.test(text.replace(/\{[^{}]*\}|`[^`]*`/g, '')));
    expect(bad.map(([key]) => key)).toEqual([]);
  });

  it('use one Chinese term per concept', () => {
    // segment: 分群 (not 细分 or 分层); cohort: 同期群 (not 群组 or 队列); holdout: 保留期 (not 留出期);
    // retention rate: 留存率 (not 保留率)
    const other = /细分|分层|群组|队列|留出期|保留率/;
    expect([...chinese].filter(([, text]) => other.test(text)).map(([key]) => key)).toEqual([]);
  });

  it('translate every message that has words in it', () => {
    const untranslated = [...english].filter(
      // words, not placeholders nor names in capitals (UTF-16 BE, CSV)
      ([key, text]) =>
        /[a-z]{3,}/i.test(text.replace(/\{[^}]*\}/g, '').replace(/\b[A-Z0-9]+\b/g, '')) &&
        chinese.get(key) === text,
    );
    expect(untranslated).toEqual([]);
  });

  it.each([
    ['zh', 'zh-CN'],
    ['zh-CN', 'zh-CN'],
    ['zh-Hans-CN', 'zh-CN'],
    ['zh-SG', 'zh-CN'],
    ['en-US', 'en'],
    ['de', 'en'],
    [null, 'en'],
  ])('maps the browser language %s to %s', (tag, expected) => {
    expect(matchLocale(tag)).toBe(expected);
  });
});
