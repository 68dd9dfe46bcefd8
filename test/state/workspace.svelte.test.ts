// The workspace and the SQL workspace on the real engine, through the app's own path: a large SQL result
// comes back whole while a table is clicked (issue #9: it used to come back cut, without a word), errors
// are told apart by kind, a cancel stops the query it names, and loaded files come back after a hard stop.
import { describe, expect, it, vi } from 'vitest';
import { Workspace } from '../../src/state/workspace.svelte';
import { SqlWorkspace } from '../../src/state/sql.svelte';
import { AnalysesState } from '../../src/state/analyses.svelte';
import { Recovery } from '../../src/state/recovery.svelte';
import { localEngine } from '../helpers/engine';

function app() {
  const { engine } = localEngine();
  const workspace = new Workspace(engine);
  const sql = new SqlWorkspace(engine, () => void workspace.refresh());
  new Recovery(engine, workspace, new AnalysesState(engine));
  return { engine, workspace, sql };
}

const CSV = 'customer_id,ordered_at,amount\nA,2024-01-01,10\nB,2024-01-02,20\n';

describe('Workspace and SqlWorkspace', () => {
  it('returns a 900,000-row result whole while tables are clicked and refreshed', async () => {
    const { workspace, sql } = app();
    await workspace.addFiles([new File([CSV], 'a.csv'), new File([CSV], 'b.csv')]);
    const running = sql.run('SELECT range AS i, range % 13 AS j FROM range(900000)');
    const clicks = [workspace.select('a'), workspace.select('b'), workspace.refresh(), workspace.select('a')];
    await Promise.all([running, ...clicks]);
    expect(sql.error).toBeNull();
    expect(sql.result?.rowCount).toBe(900_000);
    expect(sql.result?.table.numRows).toBe(900_000);
    expect(sql.result?.truncated).toBe(false);
    expect(workspace.selected?.name).toBe('a');
    expect(workspace.preview?.numRows).toBe(2);
  });

  it('shows a binder error naming cancelled_at as an error with its position, not as a cancel', async () => {
    const { sql, engine } = app();
    await engine.query('CREATE TABLE subs (cancelled_at DATE)');
    await sql.run('SELECT 1,\n  cancelled_on FROM subs', { line: 10, column: 4 });
    expect(sql.cancelled).toBe(false);
    expect(sql.error?.error).toMatchObject({ kind: 'sql', type: 'Binder' });
    // line 2 of the selection, which starts at line 11 of the editor
    expect(sql.error?.position).toEqual({ line: 12, column: 3 });
  });

  it('cancels the running query and stays usable', async () => {
    const { sql } = app();
    const running = sql.run('SELECT count(*) FROM range(3000000000) t(x) WHERE x % 7 = 3');
    await vi.waitFor(() => expect(sql.running).toBe(true));
    setTimeout(() => void sql.cancel(), 200);
    await running;
    expect(sql.cancelled).toBe(true);
    expect(sql.error).toBeNull();
    await sql.run('SELECT 7 AS seven');
    expect(sql.result?.table.getChild('seven')?.get(0)).toBe(7);
  });

  it('loads its files again after a hard stop and says so, naming the tables made in SQL as lost', async () => {
    const { workspace, sql, engine } = app();
    await workspace.addFiles([new File([CSV], 'orders.csv')]);
    await sql.run('CREATE TABLE scratch AS SELECT 1 AS x');
    await vi.waitFor(() => expect(workspace.tables.map((t) => t.name)).toContain('scratch'));
    await workspace.hardStop();
    await vi.waitFor(() => expect(workspace.notices.some((n) => n.kind === 'restarted')).toBe(true));
    const names = workspace.tables.map((t) => t.name);
    expect(names).toEqual(['orders_raw']);
    expect(workspace.notices.find((n) => n.kind === 'restarted')).toMatchObject({
      report: { files: ['orders_raw'], sqlTables: ['scratch'] },
    });
    const rows = await engine.query('SELECT count(*)::INTEGER AS n FROM orders_raw');
    expect(rows.table.getChild('n')?.get(0)).toBe(2);
  });

  it('offers other read settings after a load they may cure, and reads the file again with them', async () => {
    const { workspace } = app();
    await workspace.addFiles([new File(['id;amount\n'], 'header-only.csv')]);
    const failed = workspace.notices.find((n) => n.kind === 'loadError');
    expect(failed).toMatchObject({ failure: { code: 'noRows' }, retry: { options: {} } });
    // a spreadsheet saved as .csv is not a matter of settings
    await workspace.addFiles([new File([new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2])], 'book.csv')]);
    const book = workspace.notices.find((n) => n.kind === 'loadError' && n.fileName === 'book.csv');
    expect(book).not.toHaveProperty('retry');
    // read again with a delimiter: the old notice goes, the new attempt carries the settings it used
    if (failed?.kind === 'loadError') await workspace.retry(failed.id, { delimiter: ';' });
    expect(workspace.notices.some((n) => n.id === failed?.id)).toBe(false);
    const again = workspace.notices.find((n) => n.kind === 'loadError' && n.fileName === 'header-only.csv');
    expect(again).toMatchObject({ failure: { code: 'noRows' }, retry: { options: { delimiter: ';' } } });
  });
});
