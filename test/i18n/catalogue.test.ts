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

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)/g)].map((m) => m[1]).sort();

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

  it('translate every message that has words in it', () => {
    const untranslated = [...english].filter(
      ([key, text]) => /[a-z]{3,}/i.test(text.replace(/\{[^}]*\}/g, '')) && chinese.get(key) === text,
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
