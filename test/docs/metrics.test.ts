// docs/metrics.md: every analysis links to an entry that exists, every SQL file it names exists, and the
// page the site serves has the anchors the app links to.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ANALYSES } from '../../src/analyses/registry';
import { renderDoc, slug } from '../../scripts/docs-plugin';

const markdown = readFileSync(new URL('../../docs/metrics.md', import.meta.url), 'utf8');
const html = renderDoc(markdown);

describe('docs/metrics.md', () => {
  it('has the entry each analysis links to', () => {
    for (const analysis of ANALYSES) expect(html, analysis.id).toContain(`id="${analysis.docs}"`);
  });

  it('names every analysis SQL file, and only files that exist', () => {
    const sqlDir = new URL('../../src/analyses/sql/', import.meta.url);
    const named = [...markdown.matchAll(/`([\w-]+\.sql)`/g)].map((m) => m[1]);
    for (const file of named) expect(existsSync(new URL(file, sqlDir)), file).toBe(true);
    for (const file of readdirSync(sqlDir)) expect(named, file).toContain(file);
  });

  it('makes GitHub-style anchors and keeps repository links out of the site', () => {
    expect(slug('Cohort retention')).toBe('cohort-retention');
    expect(slug('Churn & survival: (orders)')).toBe('churn--survival-orders');
    expect(html).not.toContain('href="../src');
    expect(renderDoc('[x](other.md#a)')).toContain('href="other.html#a"');
  });
});
