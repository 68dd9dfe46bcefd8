// Turns the raw measurements of one data size into the table rows, the targets of issue 13 (met or not),
// the memory and query-design tables and the agreement checks; renders them for the console and Markdown.
import { mb } from './data.mjs';

const ANALYSIS_NAMES = {
  cohorts: 'Cohort retention (month, 12 periods)',
  period: 'Period retention (month, W = 90 days)',
  churn: 'Churn (W = 90 days)',
  repeat: 'Repeat purchase',
  gaps: 'Days between purchases',
  clvFormula: 'Formula CLV',
  rfm: 'RFM segments',
};

/** A step of the table: id, what it is, which targets apply. */
function steps(section) {
  const analyses = section.plan.analyses.map((a) => [
    `analysis.${a.id}`,
    ANALYSIS_NAMES[a.id] ?? `Analysis ${a.id}`,
    'analysis',
  ]);
  return [
    ['start.cold', 'Cold start to engine ready', 'cold'],
    ['start.warm', 'Warm start to engine ready (cached)', 'warm'],
    ['load.csv', 'Load CSV', 'load'],
    ['load.parquet', 'Load Parquet', 'load'],
    ['mapping', 'Mapping: build the canonical orders table', 'load'],
    ...analyses,
    ['param.cohorts', 'Cohort retention again, grain month -> quarter', 'analysis'],
    ['clv.fit', 'Predictive CLV: summary SQL + BG/NBD and Gamma-Gamma fits + values (worker)', null],
    ['clv.revalue', 'Predictive CLV again, new horizon (fits reused)', null],
    ['ui.param.quarter', 'UI: grain month -> quarter right after the first heatmap, until redrawn', 'redraw'],
    ['ui.param.revisit', 'UI: back and forth to grains shown before (month, quarter)', 'redraw'],
    ['ui.param.year', 'UI: grain -> year after 3 s on the heatmap (made in the background)', 'redraw'],
    ['ui.first', 'UI: open the CSV, apply the mapping, first heatmap', null],
  ];
}

const value = (part, id) => {
  const step = part?.steps?.[id];
  return step && Number.isFinite(step.median) ? step.median : null;
};

/**
 * @param {any} section what bench/run.mjs measured for one data size
 */
export function buildReport(section) {
  const large = section.data.lines > 2_000_000;
  // The targets of issue 13 are stated for 1M order lines and for 10M; a smoke run checks nothing.
  const judged = section.data.lines >= 1_000_000;
  const problems = [...section.errors, ...(section.tenure?.errors ?? []).map((e) => `Tenure ${e}`)];
  const rows = [];
  for (const [id, name, kind] of steps(section)) {
    const tenure = value(section.tenure, id);
    const native1 = value(section.native1, id);
    const nativeDefault = value(section.nativeDefault, id);
    const arquero = value(section.arquero, id);
    if (tenure == null && native1 == null && arquero == null) continue;
    const ratio = (a, b) => (a != null && b != null && b > 0 ? a / b : null);
    const row = {
      id,
      name,
      tenure,
      native1,
      nativeDefault,
      arquero,
      tenureOverNative1: ratio(tenure, native1),
      tenureOverNativeDefault: ratio(tenure, nativeDefault),
      arqueroOverTenure: ratio(arquero, tenure),
      targets: [],
    };
    const target = (text, met) => judged && row.targets.push({ text, met });
    // issue 13's targets: at 1M every analysis <= 300 ms, a redraw <= 100 ms, mapping plus summaries
    // <= 1.5x native on one thread, Parquet <= 2x, the warm start <= 0.8 s; at 10M every analysis <= 3 s
    // (the predictive CLV fit <= 15 s) and a redraw <= 300 ms; at both, Arquero >= 5x on every analysis
    const analysisKind = kind === 'analysis';
    if (large) {
      if (analysisKind) target('<= 3 s', tenure != null && tenure <= 3000);
      if (id === 'clv.fit') target('<= 15 s', tenure != null && tenure <= 15000);
      if (kind === 'redraw') target('<= 300 ms', tenure != null && tenure <= 300);
    } else {
      if (kind === 'warm') target('<= 0.8 s', tenure != null && tenure <= 800);
      if (id === 'mapping' && native1 != null)
        target('<= 1.5x native 1 thread', row.tenureOverNative1 != null && row.tenureOverNative1 <= 1.5);
      if (id === 'load.parquet' && native1 != null)
        target('<= 2x native 1 thread', row.tenureOverNative1 != null && row.tenureOverNative1 <= 2);
      if (analysisKind) target('<= 300 ms', tenure != null && tenure <= 300);
      if (kind === 'redraw') target('<= 100 ms', tenure != null && tenure <= 100);
    }
    if (analysisKind && arquero != null)
      target('Arquero >= 5x Tenure', row.arqueroOverTenure != null && row.arqueroOverTenure >= 5);
    rows.push(row);
  }

  // The same numbers everywhere: native 1 thread is the reference.
  const reference = section.native1?.results ?? {};
  const agreement = [];
  for (const [who, results] of [
    ['native default', section.nativeDefault?.results],
    ['Tenure', section.tenure?.fingerprints],
    ['Arquero', section.arquero?.results],
  ]) {
    if (!results) continue;
    for (const [id, got] of Object.entries(results)) {
      const expected = reference[id];
      if (!expected) continue;
      const same = JSON.stringify(got) === JSON.stringify(expected);
      agreement.push({ who, id, same });
      if (!same)
        problems.push(`${who} ${id}: ${JSON.stringify(got)} but native 1 thread ${JSON.stringify(expected)}`);
    }
  }
  for (const part of ['native1', 'nativeDefault']) {
    const checks = section[part]?.checks;
    if (!checks) continue;
    for (const [name, check] of Object.entries(checks))
      if (!check.same)
        problems.push(`${part} ${name}: the obvious formulation disagrees ${JSON.stringify(check)}`);
  }

  const design = ['native1', 'nativeDefault']
    .filter((part) => section[part])
    .map((part) => {
      const shipped = value(section[part], 'analysis.cohorts');
      const obvious = value(section[part], 'obvious.canonical');
      const raw = value(section[part], 'obvious.raw');
      return {
        engine: part === 'native1' ? 'native 1 thread' : `native default (${section[part].threads} threads)`,
        shipped,
        obvious,
        obviousRaw: raw,
        mapping: value(section[part], 'mapping'),
        shippedFaster: shipped != null && obvious != null && shipped < obvious,
      };
    });

  const memory = section.tenure?.memory ?? {};
  const peak = (key) => Math.max(0, ...Object.values(memory).map((m) => m[key] ?? 0)) || null;
  const memoryPeak = {
    wasmBytes: peak('wasmBytes'),
    duckdbBytes: peak('duckdbBytes'),
    pageJsHeapBytes: peak('pageJsHeapBytes'),
    rendererPeakRssBytes: peak('rendererPeakRssBytes'),
  };
  const targets = rows.flatMap((r) => r.targets.map((t) => ({ step: r.id, ...t })));
  if (large && judged) {
    const rss = memoryPeak.rendererPeakRssBytes;
    targets.push({
      step: 'memory',
      text: 'peak renderer memory <= 3 GiB',
      met: rss != null && rss <= 3 * 2 ** 30,
    });
    const sum = (part) => {
      const load = value(section[part], 'load.csv');
      const mapping = value(section[part], 'mapping');
      return load != null && mapping != null ? load + mapping : null;
    };
    const tenureSum = sum('tenure');
    const nativeSum = sum('native1');
    targets.push({
      step: 'load.csv + mapping',
      text: `load, mapping and summaries <= 1.5x native 1 thread (${
        tenureSum != null && nativeSum ? (tenureSum / nativeSum).toFixed(2) + 'x' : 'not measured'
      })`,
      met: tenureSum != null && nativeSum != null && tenureSum <= 1.5 * nativeSum,
    });
  }
  if (!large && judged)
    for (const d of design)
      targets.push({
        step: `design (${d.engine})`,
        text: 'shipped cohort SQL faster than the obvious one',
        met: d.shippedFaster,
      });
  return {
    label: section.label,
    runs: section.runs,
    queryRuns: section.queryRuns ?? section.runs,
    measured: section.measured,
    data: {
      lines: section.data.lines,
      orders: section.data.orders,
      seed: section.data.seed,
      csvBytes: section.data.csvBytes,
      parquetBytes: section.data.parquetBytes,
      parquetRowGroups: section.data.rowGroups,
    },
    // when the interface was on the page, and the worker's own start (its code evaluated to engine ready)
    start: Object.fromEntries(
      ['start.cold', 'start.warm']
        .filter((id) => section.tenure?.steps?.[id])
        .map((id) => {
          const step = section.tenure.steps[id];
          return [
            id,
            {
              uiMs: step.uiMs ?? null,
              workerStartMs: step.workerStartMs ?? null,
              phases: step.phases ?? null,
            },
          ];
        }),
    ),
    engines: {
      tenure: section.tenure
        ? { chromium: section.tenure.chromium, engine: section.tenure.engine ?? null }
        : null,
      native1: section.native1
        ? { version: section.native1.version, threads: section.native1.threads }
        : null,
      nativeDefault: section.nativeDefault
        ? { version: section.nativeDefault.version, threads: section.nativeDefault.threads }
        : null,
      arquero: section.arquero?.version ? { version: section.arquero.version } : null,
      arqueroSkipped: section.arquero?.skipped ?? null,
    },
    plan: section.plan,
    rows,
    targets,
    design,
    memory,
    memoryPeak,
    agreement,
    problems,
    raw: {
      tenure: section.tenure?.steps ?? null,
      native1: section.native1?.steps ?? null,
      nativeDefault: section.nativeDefault?.steps ?? null,
      arquero: section.arquero?.steps ?? null,
    },
  };
}

const ms = (v) => (v == null ? '-' : v >= 100 ? `${Math.round(v)}` : v.toFixed(1));
const x = (v) => (v == null ? '-' : `${v.toFixed(2)}x`);
const gb = (v) => (v == null ? '-' : `${(v / 2 ** 20).toFixed(0)} MiB`);
const verdict = (targets) =>
  targets.length === 0 ? '' : targets.map((t) => `${t.met ? 'met' : 'MISSED'}: ${t.text}`).join('; ');

const HEADER = [
  'step',
  'Tenure ms',
  'native 1T ms',
  'native default ms',
  'Arquero ms',
  'Tenure/native-1T',
  'Tenure/native-default',
  'Arquero/Tenure',
  'targets',
];

function cells(row) {
  return [
    row.name,
    ms(row.tenure),
    ms(row.native1),
    ms(row.nativeDefault),
    ms(row.arquero),
    x(row.tenureOverNative1),
    x(row.tenureOverNativeDefault),
    x(row.arqueroOverTenure),
    verdict(row.targets),
  ];
}

function title(size) {
  return (
    `${size.label}: ${size.data.lines.toLocaleString('en')} order lines ` +
    `(${size.data.orders.toLocaleString('en')} orders asked of the generator, seed ${size.data.seed}; ` +
    `CSV ${mb(size.data.csvBytes)}, Parquet ${mb(size.data.parquetBytes)}), median of ${size.runs} run(s)` +
    (size.queryRuns && size.queryRuns !== size.runs ? `, ${size.queryRuns} of each analysis` : '')
  );
}

/** A plain-text table for the terminal. */
export function consoleTable(size) {
  const table = [HEADER, ...size.rows.map(cells)];
  const widths = HEADER.map((_, i) => Math.max(...table.map((r) => String(r[i]).length)));
  const line = (r) =>
    r
      .map((c, i) => (i === 0 || i === 8 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i])))
      .join('  ');
  const out = [`\n${title(size)}`, line(HEADER), widths.map((w) => '-'.repeat(w)).join('  ')];
  for (const r of table.slice(1)) out.push(line(r));
  const p = size.memoryPeak;
  out.push(
    `peak memory: WASM ${gb(p.wasmBytes)}, DuckDB buffers ${gb(p.duckdbBytes)}, page JS heap ${gb(p.pageJsHeapBytes)}, ` +
      `renderer RSS ${gb(p.rendererPeakRssBytes)}`,
  );
  for (const d of size.design)
    out.push(
      `query design, ${d.engine}: shipped cohort SQL ${ms(d.shipped)} ms, obvious on the canonical table ` +
        `${ms(d.obvious)} ms, obvious on the raw lines ${ms(d.obviousRaw)} ms (mapping, once: ${ms(d.mapping)} ms)`,
    );
  const met = size.targets.filter((t) => t.met).length;
  out.push(`targets met: ${met} of ${size.targets.length}`);
  if (size.engines.arqueroSkipped) out.push(`Arquero skipped: ${size.engines.arqueroSkipped}`);
  if (size.problems.length) out.push(`problems:\n  ${size.problems.join('\n  ')}`);
  return out.join('\n');
}

const loadAverage = (values) => (values ? values.map((v) => v.toFixed(2)).join(', ') : '-');

const mdRow = (r) => `| ${r.map((c) => String(c).replaceAll('|', '\\|')).join(' | ')} |`;

/** bench/RESULTS.md */
export function markdown(report) {
  const m = report.machine;
  const out = [
    '# Benchmark results',
    '',
    `Measured ${report.date.slice(0, 10)} with \`${report.command}\` (${report.seconds} s in all). How to run it and what`,
    'each step measures: [README.md](README.md). Raw figures, every run: [results.json](results.json).',
    '',
    '| machine | |',
    '| --- | --- |',
    `| CPU | ${m.cpu}, ${m.cores} cores |`,
    `| RAM | ${m.ramGiB} GiB |`,
    `| OS | ${m.os} |`,
    `| Node | ${m.node} |`,
    `| Chromium | ${m.chromium ?? '-'} (headless) |`,
    `| DuckDB-WASM (Tenure) | ${m.duckdbWasm} |`,
    `| native DuckDB | @duckdb/node-api ${m.duckdbNative} |`,
    `| Arquero | ${m.arquero} |`,
  ];
  for (const size of report.sizes) {
    out.push(
      '',
      `## ${title(size)}`,
      '',
      mdRow(HEADER),
      mdRow(HEADER.map((_, i) => (i === 0 || i === 8 ? '---' : '---:'))),
    );
    for (const row of size.rows) out.push(mdRow(cells(row)));
    const load = size.measured?.loadAverage;
    out.push(
      '',
      `Measured ${size.measured?.date.slice(0, 16).replace('T', ' ') ?? '?'} UTC; load average (1, 5, 15 min) ` +
        `${loadAverage(load?.start)} at the start, ${loadAverage(load?.end)} at the end (2 cores; the benchmark ` +
        'itself keeps one or two busy).',
    );
    const starts = Object.entries(size.start ?? {}).filter(([, s]) => s.uiMs != null);
    if (starts.length)
      out.push(
        '',
        `The interface on the page (medians): ${starts
          .map(([id, s]) => `${id.slice(6)} start ${Math.round(s.uiMs)} ms`)
          .join(', ')}; the engine worker from its code evaluated to ready: ${starts
          .map(([id, s]) => `${id.slice(6)} ${Math.round(s.workerStartMs)} ms`)
          .join(', ')}.`,
      );
    const phased = starts.filter(([, s]) => s.phases);
    if (phased.length)
      out.push(
        '',
        "The engine worker's start, ms after navigation (medians; src/engine/protocol.ts, StartPhases):",
        '',
        mdRow(['start', 'module compiled', 'worker code run', 'instantiated', 'page asks', 'ready']),
        mdRow(['---', '---:', '---:', '---:', '---:', '---:']),
        ...phased.map(([id, s]) =>
          mdRow([
            id.slice(6),
            ...['compiled', 'code', 'instantiated', 'asked', 'ready'].map((k) =>
              s.phases[k] == null ? '-' : String(s.phases[k]),
            ),
          ]),
        ),
      );
    const met = size.targets.filter((t) => t.met);
    const missed = size.targets.filter((t) => !t.met);
    out.push('', `Targets met: ${met.length} of ${size.targets.length}.`);
    if (missed.length) out.push(`Missed: ${missed.map((t) => `${t.step} (${t.text})`).join('; ')}.`);
    if (size.plan.skipped?.length)
      out.push('', `Not measured: ${size.plan.skipped.map((a) => `${a.id} (${a.reason})`).join('; ')}.`);
    if (size.engines.arqueroSkipped) out.push('', `Arquero was not run: ${size.engines.arqueroSkipped}.`);
    out.push(
      '',
      '### Peak memory of the tab',
      '',
      mdRow(['after', 'WASM memory', 'DuckDB buffers', 'page JS heap', 'renderer peak RSS']),
    );
    out.push(mdRow(['---', '---:', '---:', '---:', '---:']));
    for (const [phase, s] of Object.entries(size.memory))
      out.push(
        mdRow([phase, gb(s.wasmBytes), gb(s.duckdbBytes), gb(s.pageJsHeapBytes), gb(s.rendererPeakRssBytes)]),
      );
    const p = size.memoryPeak;
    out.push(
      mdRow([
        '**peak**',
        gb(p.wasmBytes),
        gb(p.duckdbBytes),
        gb(p.pageJsHeapBytes),
        gb(p.rendererPeakRssBytes),
      ]),
    );
    if (size.design.length) {
      out.push('', '### Query design: monthly cohort retention on native DuckDB', '');
      out.push(
        mdRow([
          'engine',
          'shipped SQL',
          'obvious SQL, canonical table',
          'obvious SQL, raw lines',
          'mapping (once)',
          'shipped faster',
        ]),
      );
      out.push(mdRow(['---', '---:', '---:', '---:', '---:', '---']));
      for (const d of size.design)
        out.push(
          mdRow([
            d.engine,
            ms(d.shipped),
            ms(d.obvious),
            ms(d.obviousRaw),
            ms(d.mapping),
            d.shippedFaster ? 'yes' : 'no',
          ]),
        );
    }
    const agree = size.agreement.filter((a) => a.same).length;
    out.push(
      '',
      `Results agree with native DuckDB (1 thread) on ${agree} of ${size.agreement.length} checks.`,
    );
    if (size.problems.length) out.push('', '**Problems:**', '', ...size.problems.map((p) => `- ${p}`));
  }
  return `${out.join('\n')}\n`;
}
