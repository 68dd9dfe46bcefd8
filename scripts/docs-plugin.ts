// Serves the docs (docs/*.md) as HTML pages beside the app: built into dist/docs/<name>.html, and served at
// the same path by the dev server. The app links an analysis to its entry, e.g. docs/metrics.html#survival.
// Links into the source tree (../src/...) are repository paths, not pages of the site: they become code.
import { readFileSync, readdirSync } from 'node:fs';
import { Marked } from 'marked';
import type { Plugin } from 'vite';

const DOCS = new URL('../docs/', import.meta.url);

/** The id GitHub gives a heading, so that the same anchors work on the site and on GitHub. */
export function slug(text: string): string {
  return text
    .toLowerCase()
    .trim()
    .replace(/<[^>]+>/g, '')
    .replace(/[^\p{L}\p{N}\s-]/gu, '')
    .replace(/\s/g, '-');
}

export function renderDoc(markdown: string): string {
  const marked = new Marked({
    renderer: {
      heading({ tokens, depth }) {
        const text = this.parser.parseInline(tokens);
        return `<h${depth} id="${slug(text)}">${text}</h${depth}>\n`;
      },
      link({ href, tokens }) {
        const text = this.parser.parseInline(tokens);
        if (href.startsWith('../')) return text; // a file in the repository, not a page of the site
        return `<a href="${href.replace(/\.md(#|$)/, '.html$1')}">${text}</a>`;
      },
    },
  });
  const body = marked.parse(markdown, { async: false });
  const title = /^# (.+)$/m.exec(markdown)?.[1] ?? 'Tenure';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${title.replace(/</g, '&lt;')} · Tenure</title>
<style>
body { font: 15px/1.55 system-ui, sans-serif; max-width: 52rem; margin: 2rem auto; padding: 0 1rem; color: #1b1f24; }
code { font: 13px ui-monospace, monospace; background: #f3f5f7; padding: 0 0.2em; border-radius: 3px; }
table { border-collapse: collapse; margin: 0.5rem 0 1rem; }
th, td { border: 1px solid #d6dbe0; padding: 0.25rem 0.6rem; text-align: left; }
h2 { margin-top: 2.5rem; border-bottom: 1px solid #e2e6ea; }
h2:target { background: #fff7d6; }
</style>
</head>
<body>
${body}
</body>
</html>
`;
}

function pages(): Map<string, string> {
  const out = new Map<string, string>();
  for (const name of readdirSync(DOCS)) {
    if (name.endsWith('.md')) {
      out.set(name.replace(/\.md$/, '.html'), renderDoc(readFileSync(new URL(name, DOCS), 'utf8')));
    }
  }
  return out;
}

export function docsPlugin(): Plugin {
  return {
    name: 'tenure-docs',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const match = /\/docs\/([\w-]+\.html)$/.exec((req.url ?? '').split(/[?#]/)[0]);
        const page = match && pages().get(match[1]);
        if (!page) return next();
        res.setHeader('Content-Type', 'text/html; charset=utf-8');
        res.end(page);
      });
    },
    generateBundle() {
      for (const [name, html] of pages()) {
        this.emitFile({ type: 'asset', fileName: `docs/${name}`, source: html });
      }
    },
  };
}
