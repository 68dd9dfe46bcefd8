// The benchmark cannot rot (issue 6): `node bench/run.mjs --smoke` runs every step of `npm run bench` once
// on 5,000 order lines against the build under test (TENURE_DIST, default dist), and every engine must
// give the same numbers. Takes 15 to 25 s; the real benchmark stays out of `npm test`.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

describe('benchmark smoke run', () => {
  let out = '';
  before(() => {
    out = mkdtempSync(join(tmpdir(), 'tenure-bench-smoke-'));
  });
  after(() => rmSync(out, { recursive: true, force: true }));

  it('measures every step on Tenure, native DuckDB and Arquero, with the same results', async () => {
    const dist = process.env.TENURE_DIST || 'dist';
    const { code, stderr } = await new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['bench/run.mjs', '--smoke', '--dist', dist, '--out', out], {
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (chunk) => (stderr += chunk));
      child.on('error', reject);
      child.on('exit', (code) => resolve({ code, stderr }));
    });
    assert.equal(code, 0, stderr);
    const report = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    const [size] = report.sizes;
    assert.deepEqual(size.problems, []);
    const ids = size.rows.map((r) => r.id);
    for (const id of ['start.cold', 'start.warm', 'load.csv', 'load.parquet', 'mapping', 'param.cohorts'])
      assert.ok(ids.includes(id), `no ${id} step`);
    for (const analysis of size.plan.analyses) assert.ok(ids.includes(`analysis.${analysis.id}`));
    for (const row of size.rows.filter((r) => /^(load|mapping|analysis|param)/.test(r.id))) {
      for (const who of ['tenure', 'native1', 'nativeDefault'])
        assert.ok(Number.isFinite(row[who]) && row[who] > 0, `${row.id}: no ${who} time`);
    }
    for (const id of ['load.csv', 'mapping', 'analysis.cohorts', 'analysis.period', 'analysis.repeat'])
      assert.ok(size.rows.find((r) => r.id === id).arquero > 0, `${id}: no Arquero time`);
    assert.ok(size.rows.find((r) => r.id === 'ui.param.quarter').tenure > 0);
    assert.ok(size.memoryPeak.wasmBytes > 16 * 2 ** 20);
    // Tenure, native DuckDB (both settings) and Arquero computed the same cohorts, periods and repeat rates
    assert.ok(size.agreement.length >= 10);
    assert.ok(size.agreement.every((a) => a.same));
    assert.ok(readFileSync(join(out, 'RESULTS.md'), 'utf8').includes('| Cohort retention'));
  });
});
