// SQL from a link as the review shows it (src/ui/sql-review.ts): runs of blank lines become one counted
// marker, invisible and direction-changing characters their code point, the rest as it is.
import { describe, expect, it } from 'vitest';
import { reviewParts } from '../../src/ui/sql-review';

describe('reviewParts', () => {
  it('counts a run of blank lines and shows the statement after it', () => {
    const text = `SELECT 1;${'\n'.repeat(81)}CREATE MACRO x() AS 0`;
    expect(reviewParts(text)).toEqual([
      { kind: 'text', text: 'SELECT 1;\n' },
      { kind: 'blank', lines: 80 },
      { kind: 'text', text: '\nCREATE MACRO x() AS 0' },
    ]);
  });

  it('keeps two blank lines as they are', () => {
    expect(reviewParts('a\n\n\nb')).toEqual([{ kind: 'text', text: 'a\n\n\nb' }]);
  });

  it('shows zero-width and bidirectional characters by their code point', () => {
    expect(reviewParts("SELECT 'ok'\u202e; DROP\u200b")).toEqual([
      { kind: 'text', text: "SELECT 'ok'" },
      { kind: 'invisible', code: 'U+202E' },
      { kind: 'text', text: '; DROP' },
      { kind: 'invisible', code: 'U+200B' },
    ]);
  });
});
