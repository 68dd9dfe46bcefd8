// Files as analysts really have them, loaded the way the app loads them (the worker's loadFile operation):
// encodings other than UTF-8 (GB18030 from Chinese Excel, UTF-16 "Unicode text", Windows-1252), gzip, a
// report's title block above the header, SurveyMonkey's two header rows, columns aligned with spaces,
// ragged rows, a cell longer than the reader's default line limit, damaged Parquet and text that is not a
// table. Every case says what it did (a note) or refuses with a reason; none loads silently wrong.
import { beforeAll, describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { tableFromArrays, tableToIPC } from 'apache-arrow';
import { fileLoader, nodeFiles, startEngine } from '../helpers/engine';
import type { EngineSession } from '../../src/engine/session';
import type { LoadOutcome } from '../../src/data/files';
import { guessLegacyEncoding, isWhitespaceAligned, prepare } from '../../src/data/decode';
import { documentKind, findHeaderLine, mergedHeader } from '../../src/data/inspect';

let engine: EngineSession;
let files: ReturnType<typeof fileLoader>;
beforeAll(async () => {
  engine = await startEngine();
  files = fileLoader(engine);
});

const ok = (outcome: LoadOutcome) => {
  if (!outcome.ok) throw new Error(`load failed: ${outcome.code} ${outcome.detail ?? ''}`);
  return outcome;
};
const rows = (table: string) => engine.queryRows(`SELECT * FROM "${table}"`);
const codes = (outcome: LoadOutcome) => (outcome.ok ? outcome.notes.map((n) => n.code) : []);

const fixture = (name: string) =>
  new Uint8Array(readFileSync(new URL(`../fixtures/files/${name}`, import.meta.url)));
const utf16le = (text: string, bom = true) => {
  const out = new Uint8Array((text.length + (bom ? 1 : 0)) * 2);
  const view = new DataView(out.buffer);
  if (bom) view.setUint16(0, 0xfeff, true);
  let at = bom ? 2 : 0;
  for (let i = 0; i < text.length; i++, at += 2) view.setUint16(at, text.charCodeAt(i), true);
  return out;
};

describe('encodings', () => {
  it('reads a Chinese Excel export saved as GB18030 and says so', async () => {
    const bytes = fixture('taobao-orders-gb18030.csv');
    const result = ok(await files.load('订单.csv', bytes, { table: 'gbk' }));
    expect(result.table.columns.map((c) => c.name)).toEqual([
      '订单编号',
      '买家会员名',
      '买家实际支付金额',
      '订单创建时间',
      '订单状态',
    ]);
    expect(rows('gbk').map((r) => r['买家会员名'])).toEqual(['张三', '李四', '张三', '王五']);
    expect(rows('gbk').map((r) => r['订单状态'])).toContain('交易关闭');
    expect(result.notes).toContainEqual({ code: 'encoding', params: { encoding: 'gb18030' } });
    expect(result.table.source.bytes).toBe(bytes.length);
  });

  it('reads the same file as Excel "Unicode text" (UTF-16 with a byte order mark)', async () => {
    const result = ok(await files.load('export.txt', fixture('excel-unicode-text.txt'), { table: 'xlu' }));
    expect(rows('xlu').map((r) => r.Customer)).toEqual(['José Núñez', 'Zoë Ångström']);
    expect(result.notes).toContainEqual({ code: 'encoding', params: { encoding: 'utf-16le' } });
  });

  it('reads UTF-16 "Unicode text" from Excel (tab-separated, with and without a byte order mark)', async () => {
    const text = 'Order\tCustomer\tTotal\r\n1\tJosé\t3.5\r\n2\tLi\t4\r\n';
    for (const [name, bom] of [
      ['u16bom', true],
      ['u16', false],
    ] as const) {
      const result = ok(await files.load(`${name}.txt`, utf16le(text, bom), { table: name }));
      expect(rows(name)).toEqual([
        { Order: 1n, Customer: 'José', Total: 3.5 },
        { Order: 2n, Customer: 'Li', Total: 4 },
      ]);
      expect(result.notes).toContainEqual({ code: 'encoding', params: { encoding: 'utf-16le' } });
    }
  });

  it('lets the user force an encoding, and refuses UTF-8 for bytes that are not, naming the byte', async () => {
    const bytes = new Uint8Array([...new TextEncoder().encode('a,b\nx,'), 0xe9, 0x0a]);
    const refused = await files.load('w.csv', bytes, { table: 'forced', options: { encoding: 'utf-8' } });
    expect(refused).toMatchObject({ ok: false, code: 'notUtf8', params: { byte: 6 } });
    ok(await files.load('w.csv', bytes, { table: 'forced', options: { encoding: 'latin-1' } }));
    expect(rows('forced')).toEqual([{ a: 'x', b: 'é' }]);
  });

  it('breaks a tie between Chinese and Western readings by the interface language, and says it guessed', () => {
    // "Größe" in Windows-1252: ö and ß side by side are also one GB18030 ideograph
    const head = new Uint8Array([0x47, 0x72, 0xf6, 0xdf, 0x65, 0x0a]);
    expect(guessLegacyEncoding(head, false, true)).toEqual({ encoding: 'gb18030', guessed: true });
    expect(guessLegacyEncoding(head, false, false)).toEqual({ encoding: 'windows-1252', guessed: true });
    // an isolated accented letter is not Chinese
    expect(guessLegacyEncoding(new Uint8Array([0x4a, 0x6f, 0x73, 0xe9, 0x0a]), false, true)).toEqual({
      encoding: 'windows-1252',
      guessed: false,
    });
  });

  it('takes a UTF-8 byte order mark as UTF-8', () => {
    expect(prepare(new Uint8Array([0xef, 0xbb, 0xbf, 0x61, 0x2c, 0x62]), false).encoding).toBe('utf-8');
  });
});

describe('packed and printed files', () => {
  it('unpacks a gzipped CSV and says so', async () => {
    const packed = gzipSync(Buffer.from('id,amount\n1,2\n2,3\n'));
    const result = ok(await files.load('orders.csv.gz', new Uint8Array(packed), { table: 'gz' }));
    expect(rows('gz')).toEqual([
      { id: 1n, amount: 2n },
      { id: 2n, amount: 3n },
    ]);
    expect(codes(result)).toContain('gzip');
  });

  it('refuses a gzipped file cut short as truncated, creating nothing', async () => {
    const body = Array.from({ length: 20000 }, (_, i) => `${i},${(i * 7919) % 1000}`).join('\n');
    const packed = new Uint8Array(gzipSync(Buffer.from(`id,amount\n${body}\n`)));
    const before = engine.tableNames();
    const result = await files.load('cut.csv.gz', packed.subarray(0, packed.length >> 1), { table: 'cutgz' });
    expect(result).toMatchObject({ ok: false, code: 'truncatedFile' });
    expect(engine.tableNames().sort()).toEqual(before.sort());
  });

  it('reads columns aligned with spaces (the CDNOW text file) as columns', async () => {
    const text = '00001 19970101  1  11.77\n00002 19970112  1  12.00\n00002 19970112  5  77.00\n';
    expect(isWhitespaceAligned(text)).toBe(true);
    expect(isWhitespaceAligned('a b\nc d\n')).toBe(false); // no alignment run: words, not columns
    const result = ok(await files.load('CDNOW_sample.txt', text, { table: 'cdnow' }));
    expect(result.table.columns.length).toBe(4);
    expect(result.table.rows).toBe(3);
    expect(codes(result)).toContain('whitespaceColumns');
  });
});

describe('report layouts', () => {
  it('skips a QuickBooks title block above the header and says on which line the header is', async () => {
    const text = [
      "Craig's Design and Landscaping Services",
      'Sales by Customer Detail',
      'January - December 2024',
      '',
      'Date,Transaction Type,Num,Customer,Amount',
      "01/03/2024,Invoice,1001,Amy's Bird Sanctuary,100.00",
      "01/05/2024,Invoice,1002,Bill's Windsurf Shop,85.00",
      "02/11/2024,Sales Receipt,1003,Amy's Bird Sanctuary,40.00",
      '',
    ].join('\n');
    expect(findHeaderLine(text)).toEqual({ line: 5, delimiter: ',' });
    const result = ok(await files.load('sales.csv', text, { table: 'qb' }));
    expect(result.table.columns.map((c) => c.name)).toEqual([
      'Date',
      'Transaction Type',
      'Num',
      'Customer',
      'Amount',
    ]);
    expect(result.table.rows).toBe(3);
    expect(result.notes).toContainEqual({ code: 'headerLine', params: { line: 5 } });
    // the user's own choice of header line wins, and is not reported as a guess
    const own = ok(await files.reload('qb', { headerLine: 5 }));
    expect(own.table.rows).toBe(3);
    expect(codes(own)).not.toContain('headerLine');
  });

  it('finds the header below a long block of notes (70 lines)', async () => {
    const notes = Array.from({ length: 70 }, (_, i) => `Note ${i}: produced by the reporting system`).join(
      '\n',
    );
    const body = Array.from(
      { length: 30 },
      (_, i) => `${i},2024-01-${String((i % 28) + 1).padStart(2, '0')},${i}`,
    );
    const result = ok(
      await files.load('notes.csv', `${notes}\n\nid,day,amount\n${body.join('\n')}\n`, { table: 'notes' }),
    );
    expect(result.table.columns.map((c) => c.name)).toEqual(['id', 'day', 'amount']);
    expect(result.table.rows).toBe(30);
    expect(result.notes).toContainEqual({ code: 'headerLine', params: { line: 72 } });
  });

  it('does not take a plain file for one with a title block', () => {
    expect(findHeaderLine('a,b,c\n1,2,3\n4,5,6\n7,8,9\n')).toBeNull();
    // a semicolon file with decimal commas: every line has one comma, but the semicolons make the table
    expect(
      findHeaderLine('Kunde;Betrag;Status\nA;1.249,00;Bezahlt\nB;39,90;Storniert\nC;24,50;Bezahlt\n'),
    ).toBeNull();
  });

  it("merges SurveyMonkey's two header rows into one name per column", async () => {
    const text = [
      'Respondent ID,Start Date,How likely are you to recommend us to a friend?,What is the main reason for your score?,Which features do you use?,,',
      ',,Response,Open-Ended Response,Reports,Exports,Other (please specify)',
      '114001,01/02/2024,9,Fast support,Reports,,',
      '114002,01/03/2024,3,Too expensive,,Exports,API',
      '',
    ].join('\r\n');
    expect(mergedHeader(text, ',')).toEqual([
      'Respondent ID',
      'Start Date',
      'How likely are you to recommend us to a friend?',
      'What is the main reason for your score?',
      'Which features do you use? - Reports',
      'Which features do you use? - Exports',
      'Which features do you use? - Other (please specify)',
    ]);
    const result = ok(await files.load('survey.csv', text, { table: 'sm' }));
    expect(result.table.rows).toBe(2);
    expect(result.table.columns[2].name).toBe('How likely are you to recommend us to a friend?');
    expect(codes(result)).toContain('twoHeaderRows');
    expect(rows('sm')[1]['What is the main reason for your score?']).toBe('Too expensive');
  });

  it('keeps a second row of data as data', () => {
    expect(mergedHeader('id,name\n1,Ann\n2,Bob\n', ',')).toBeNull();
  });
});

describe('dates written day and month first', () => {
  const day = (table: string, column = 'day') =>
    engine
      .queryRows<{ d: string }>(`SELECT strftime(${column}, '%Y-%m-%d') AS d FROM ${table}`)
      .map((r) => r.d);

  it("reads dates that fit both orders in the order of the user's region, and says so", async () => {
    const text = 'id,day\n1,01/03/2024\n2,02/04/2024\n3,12/11/2024\n';
    const us = ok(await files.load('us.csv', text, { table: 'us', dateOrder: 'mdy' }));
    expect(day('us')).toEqual(['2024-01-03', '2024-02-04', '2024-12-11']);
    expect(us.notes).toContainEqual({ code: 'ambiguousDates', params: { columns: 'day', order: 'mdy' } });
    expect(us.table.source.detected?.dateFormat).toBe('%m/%d/%Y');
    const uk = ok(await files.load('uk.csv', text, { table: 'uk', dateOrder: 'dmy' }));
    expect(day('uk')).toEqual(['2024-03-01', '2024-04-02', '2024-11-12']);
    expect(uk.notes).toContainEqual({ code: 'ambiguousDates', params: { columns: 'day', order: 'dmy' } });
  });

  it("decides on every value, not on the reader's sample (a day above 12 far down the file)", async () => {
    // sorted by date: the first 30,000 orders all fall on days up to 12
    const early = Array.from(
      { length: 30_000 },
      (_, i) => `${i},${String((i % 12) + 1).padStart(2, '0')}/01/2024`,
    );
    const text = `id,day\n${early.join('\n')}\n30000,25/01/2024\n`;
    const result = ok(await files.load('late.csv', text, { table: 'late', dateOrder: 'mdy' }));
    expect(result.rejected.count).toBe(0);
    expect(result.table.columns[1].type).toBe('DATE');
    expect(day('late').slice(-2)).toEqual(['2024-01-12', '2024-01-25']);
    expect(codes(result)).not.toContain('ambiguousDates');
  });

  it('keeps a column as text when some values far down read neither way, and counts them', async () => {
    const early = Array.from(
      { length: 30_000 },
      (_, i) => `${i},${String((i % 12) + 1).padStart(2, '0')}/01/2024`,
    );
    const text = `id,day\n${early.join('\n')}\n30000,31/04/2024\n30001,00/13/2024\n`;
    const result = ok(await files.load('mixed.csv', text, { table: 'mixed' }));
    expect(result.table.columns[1].type).toBe('VARCHAR');
    expect(result.table.rows).toBe(30_002);
    expect(result.notes).toContainEqual({ code: 'datesKeptAsText', params: { column: 'day', count: 2 } });
  });

  it("keeps timestamps' time of day, and follows a format the user chose", async () => {
    const text = 'id,at\n1,01/03/2024 10:30:00\n2,02/04/2024 23:59:59\n';
    ok(await files.load('ts.csv', text, { table: 'ts', dateOrder: 'dmy' }));
    expect(
      engine.queryRows<{ s: string }>(`SELECT strftime("at", '%Y-%m-%d %H:%M:%S') AS s FROM ts`),
    ).toEqual([{ s: '2024-03-01 10:30:00' }, { s: '2024-04-02 23:59:59' }]);
    const chosen = ok(await files.reload('ts', { timestampFormat: '%m/%d/%Y %H:%M:%S' }));
    expect(codes(chosen)).not.toContain('ambiguousDates');
    expect(engine.queryRows<{ s: string }>(`SELECT strftime("at", '%Y-%m-%d') AS s FROM ts`)[0].s).toBe(
      '2024-01-03',
    );
  });

  it('leaves ISO and year-first dates alone', async () => {
    const result = ok(await files.load('iso.csv', 'id,day\n1,2024-01-03\n2,2024/02/04\n', { table: 'iso' }));
    expect(codes(result)).not.toContain('ambiguousDates');
  });
});

describe('rows the reader cannot take', () => {
  it('counts ragged rows by kind and line, and keeps the rest', async () => {
    const text = 'id,customer,amount\n1,a,10\n2,b\n3,c,30,extra\n4,d,40\n';
    const result = ok(await files.load('ragged.csv', text, { table: 'ragged' }));
    expect(result.table.rows).toBe(2);
    expect(result.rejected.count).toBe(2);
    expect(result.rejected.examples.map((e) => [e.line, e.type])).toEqual([
      [3, 'missingColumns'],
      [4, 'tooManyColumns'],
    ]);
    expect(result.rejected.byType).toEqual(
      expect.arrayContaining([
        { type: 'missingColumns', count: 1 },
        { type: 'tooManyColumns', count: 1 },
      ]),
    );
  });

  it('refuses a file whose every row is rejected, saying how many', async () => {
    const result = await files.load('all.csv', 'id,amount\n1,x\n2,y\n3,z\n', {
      table: 'allbad',
      options: { types: { amount: 'DOUBLE' } },
    });
    expect(result).toMatchObject({ ok: false, code: 'allRowsRejected', params: { count: 3 } });
  });

  it("reads a cell longer than the reader's default line limit (a long survey comment)", async () => {
    const long = 'x'.repeat(3_000_000);
    const result = ok(await files.load('long.csv', `id,comment\n1,"${long}"\n2,short\n`, { table: 'long' }));
    expect(result.table.rows).toBe(2);
    expect(engine.queryRows<{ n: number }>('SELECT max(length(comment))::INT AS n FROM long')[0].n).toBe(
      3_000_000,
    );
  });
});

describe('precise refusals', () => {
  it('reads a file whose lines end in more than one way (files joined from two systems)', async () => {
    const text = 'id,name\r\n1,a\n2,b\r3,c\r\n4,d\n';
    const result = ok(await files.load('joined.csv', text, { table: 'joined' }));
    expect(rows('joined').map((r) => r.name)).toEqual(['a', 'b', 'c', 'd']);
    expect(codes(result)).toContain('mixedLineEnds');
  });

  it('finds mixed line ends below the first bytes too, by reading once more', async () => {
    const head = Array.from({ length: 8000 }, (_, i) => `${i},name${i}`).join('\n');
    const tail = Array.from({ length: 50 }, (_, i) => `${8000 + i},late${i}`).join('\r\n');
    const result = await files.load('late-crlf.csv', `id,name\n${head}\n${tail}\r\n`, { table: 'latecrlf' });
    // either the reader took both line ends, or the second reading did: every row is there
    expect(ok(result).table.rows).toBe(8050);
  });

  it('says which line is over the line limit, and keeps the engine message short', async () => {
    const result = await files.load('long-line.csv', `id,text\n1,${'x'.repeat(40_000_000)}\n`, {
      table: 'longline',
    });
    expect(result).toMatchObject({ ok: false, code: 'lineTooLong', params: { line: 2, limit: 32 } });
    if (!result.ok) expect((result.detail ?? '').length).toBeLessThanOrEqual(2001);
  });

  it('never fails a load for a type chosen for a column the file no longer has', async () => {
    const result = await files.load('t.csv', 'id,amount\n1,2\n', {
      table: 'gone',
      options: { types: { total: 'DOUBLE', amount: 'DOUBLE' } },
    });
    expect(ok(result).table.columns).toEqual([
      { name: 'id', type: 'BIGINT' },
      { name: 'amount', type: 'DOUBLE' },
    ]);
  });

  it('names the delimiter only when no dialect fits', async () => {
    const bad = await files.load('bad.csv', 'a,b\n"1,2\n3,"4\n"5"x,6\n', {
      table: 'nodialect',
      options: { delimiter: '|' },
    });
    if (!bad.ok) expect(['dialectNotFound', 'parseFailed', 'allRowsRejected', 'noRows']).toContain(bad.code);
  });
});

describe('damaged Parquet', () => {
  let parquet: Uint8Array;
  beforeAll(async () => {
    const table = tableFromArrays({ id: Int32Array.from([1, 2, 3]), amount: Float64Array.from([1, 2, 3]) });
    parquet = await nodeFiles.writeParquet(tableToIPC(table, 'stream'));
  });

  it('reads a sound file', async () => {
    expect(ok(await files.load('p.parquet', parquet, { table: 'pq' })).table.rows).toBe(3);
  });

  it('says a file cut short is truncated (an interrupted download)', async () => {
    const result = await files.load('cut.parquet', parquet.subarray(0, parquet.length - 20), {
      table: 'pqcut',
    });
    expect(result).toMatchObject({ ok: false, code: 'truncatedFile' });
  });

  it('says a file whose footer does not fit is damaged', async () => {
    const bad = parquet.slice();
    new DataView(bad.buffer).setUint32(bad.length - 8, bad.length * 2, true);
    const result = await files.load('bad.parquet', bad, { table: 'pqbad' });
    expect(result).toMatchObject({ ok: false, code: 'corruptParquet' });
  });
});

describe('text that is not a table', () => {
  it.each([
    ['json', '[\n  {"id": 1, "amount": 2},\n  {"id": 2, "amount": 3}\n]\n'],
    ['html', '<!DOCTYPE html>\n<html><body>\n<table><tr><td>1</td></tr></table>\n</body></html>\n'],
    ['xml', '<?xml version="1.0"?>\n<orders>\n<order id="1"/>\n</orders>\n'],
    [
      'prose',
      [
        'This agreement describes the terms under which the service is provided to the customer.',
        'The customer agrees to pay the fees described in the order form within thirty days.',
        'Either party may end this agreement with thirty days of written notice to the other.',
        'Nothing in this agreement limits the rights the customer has under applicable law.',
      ].join('\n'),
    ],
  ])('loads %s but warns that it is probably not a table', async (kind, text) => {
    expect(documentKind(text)).toBe(kind);
    const result = await files.load(`doc-${kind}.csv`, text, { table: `doc_${kind}` });
    if (result.ok) expect(result.notes).toContainEqual({ code: 'notATable', params: { kind } });
    else expect(result).toMatchObject({ code: 'notATable', params: { kind } });
  });

  it('does not call a real table a document', () => {
    expect(documentKind('id,comment\n1,"I like it. It is good."\n2,"Too slow! Fix it."\n')).toBeNull();
  });
});

describe('a released table', () => {
  /** Every row of a table or view, in a stable order, as text. */
  const snapshot = (table: string) =>
    JSON.stringify(engine.queryRows(`SELECT * FROM "${table}" ORDER BY ALL`), (_, v) =>
      typeof v === 'bigint' ? String(v) : v,
    );

  it.each([
    [
      'title block and a ragged row',
      'qb.csv',
      'Report\nSales\n\nDate,Customer,Amount\n01/03/2024,Amy,100.00\n01/05/2024,Bill,85.00\n01/07/2024,Amy,40.00,extra\n02/11/2024,Cleo,40.00\n',
    ],
    [
      'two header rows',
      'sm.csv',
      'Respondent ID,Q1,Q2,\n,Response,Reports,Exports\n1,9,Reports,\n2,3,,Exports\n',
    ],
    [
      'day/month settled, and a column kept as text',
      'dm.csv',
      'id,day,odd\n1,01/03/2024,01/03/2024\n2,02/04/2024,31/04/2024\n',
    ],
    [
      'columns aligned with spaces',
      'cdnow.txt',
      '00001 19970101  1  11.77\n00002 19970112  1  12.00\n00002 19970112  5  77.00\n',
    ],
    [
      'semicolons and decimal commas, Windows-1252',
      'de.csv',
      'Kunde;Betrag;Datum\nMüller;1.249,00;04.01.2024\nWeiß;39,90;17.01.2024\n',
    ],
  ])('reads the file again as the table had it (%s)', async (_, name, text) => {
    const table = `rel_${name.replace(/\W/g, '_')}`;
    const bytes =
      name === 'de.csv'
        ? new Uint8Array([...text].map((c) => ({ ü: 0xfc, ß: 0xdf })[c] ?? c.charCodeAt(0)))
        : new TextEncoder().encode(text);
    const loaded = ok(await files.load(name, bytes, { table, dateOrder: 'mdy' }));
    const before = snapshot(table);
    expect(await files.release(table)).toEqual({ released: true, rows: loaded.table.rows });
    expect(
      engine.queryRows<{ t: string }>(
        `SELECT table_type AS t FROM information_schema.tables WHERE table_name = '${table}'`,
      )[0].t,
    ).toBe('VIEW');
    expect(engine.describe(table)).toEqual(loaded.table.columns);
    expect(snapshot(table)).toBe(before);
  });

  it('is left as a table when small, or when it came from Parquet', async () => {
    ok(await files.load('small.csv', 'a,b\n1,2\n', { table: 'small' }));
    expect(await files.release('small', 10)).toEqual({ released: false, rows: 1 });
  });
});
