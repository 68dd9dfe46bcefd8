// The page's entry. The engine starts first, in a task of its own (worker/boot.ts), so that its worker and
// its module are on their way before the rest of the page's code (main.ts) is fetched, evaluated and drawn.
import './worker/boot';

await import('./main');
