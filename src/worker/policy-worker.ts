// Workers under the page's policy (issue #11, finding 1). A worker loaded from its own URL takes its
// Content-Security-Policy from that script's response headers, and a static host sends none, so the page's
// `<meta>` policy would not reach it: `fetch`, XHR and WebSocket inside it would be free. A worker made from
// a `blob:` URL inherits the policy of the page that made it, so the engine runs under the page's
// `connect-src 'self'` (test/e2e/security.e2e.mjs, test/e2e/worker-policy.e2e.mjs).

/**
 * A module worker that runs the bundle at `url` (relative to the page), under the page's policy; `prelude`
 * (a script's text) runs first, before that bundle is even fetched.
 */
export function startPolicyWorker(url: string, name: string, prelude = ''): Worker {
  const absolute = new URL(url, document.baseURI).href;
  // A static import would run the bundle before the prelude, so it is imported once the prelude has run;
  // the page's messages that arrive meanwhile are held and given to the bundle's listeners once it runs
  // (a static import guarantees that by itself: no message is dispatched before the module graph ran).
  const source = prelude
    ? [
        prelude,
        'const held = [];',
        'const hold = (event) => { held.push(event); event.stopImmediatePropagation(); };',
        "addEventListener('message', hold);",
        `await import(${JSON.stringify(absolute)});`,
        "removeEventListener('message', hold);",
        "for (const e of held) dispatchEvent(new MessageEvent('message', { data: e.data, ports: [...e.ports] }));",
      ].join('\n')
    : `import ${JSON.stringify(absolute)};\n`;
  const blob = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
  const worker = new Worker(blob, { type: 'module', name });
  // the worker has fetched its source once it runs; the URL is not needed after that
  setTimeout(() => URL.revokeObjectURL(blob), 60_000);
  return worker;
}
