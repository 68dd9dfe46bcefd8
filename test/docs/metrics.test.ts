// docs/metrics.md: every analysis links to an entry that exists, every SQL file it names exists, and the
// page the site serves has the anchors the app links to.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ANALYSES } from '../../src/analyses';
import { renderDoc, slug } from '../../scripts/docs-plugin';

const markdown = readFileSync(new URL('../../docs/metrics.md', import.meta.url), 'utf8');
const html = renderDoc(markdown);

describe('docs/metrics.md', () => {
  it('has the entry each analysis links to', () => {
    for (const analysis of ANALYSES) expect(html, analysis.id).toContain(`id="${analysis.docs}"`);
  });

  it('names every analysis SQL file, and only files that exist', () => {
    const dir = new URL('../../src/analyses/', import.meta.url);
    const named = [...markdown.matchAll(/`([\w/-]+\.sql)`/g)].map((m) => m[1]);
    for (const file of named) expect(existsSync(new URL(file, dir)), file).toBe(true);
    const root = fileURLToPath(dir);
    const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.sql'));
    expect(files.length).toBeGreaterThan(20);
    for (const file of files) expect(named, file).toContain(relative(root, `${root}/${file}`));
  });

  it('makes GitHub-style anchors and keeps repository links out of the site', () => {
    expect(slug('Cohort retention')).toBe('cohort-retention');
    expect(slug('Churn & survival: (orders)')).toBe('churn--survival-orders');
    expect(html).not.toContain('href="../src');
    expect(renderDoc('[x](other.md#a)')).toContain('href="other.html#a"');
  });
});
