import { describe, expect, it } from 'vitest';
import { CsvError, parseCsv, toCsv } from './csv';

const fields = (text: string) => parseCsv(text).map((r) => r.fields);

describe('parseCsv', () => {
  it('splits records and fields, with LF, CRLF or CR line ends and no final line break', () => {
    expect(fields('a,b\n1,2')).toStrictEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(fields('a,b\r\n1,2\r\n')).toStrictEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(fields('a,b\r1,2\r')).toStrictEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('keeps empty fields, including a trailing one', () => {
    expect(fields('a,,c,\n')).toStrictEqual([['a', '', 'c', '']]);
  });

  it('reads quoted fields with commas, line breaks, doubled quotes and Chinese', () => {
    const text = 'id,name\n"box-1","工保小区, 1号配电箱"\nlamp-2,"鼓楼北街 ""东"" 路灯\n第二行"\n';
    const recs = parseCsv(text);
    expect(recs.map((r) => r.fields)).toStrictEqual([
      ['id', 'name'],
      ['box-1', '工保小区, 1号配电箱'],
      ['lamp-2', '鼓楼北街 "东" 路灯\n第二行'],
    ]);
    expect(recs.map((r) => r.line)).toStrictEqual([1, 2, 3]);
  });

  it('numbers lines across quoted line breaks and skips blank lines', () => {
    const recs = parseCsv('h\n"a\r\nb"\n\n\nc\n');
    expect(recs).toStrictEqual([
      { line: 1, fields: ['h'] },
      { line: 2, fields: ['a\r\nb'] },
      { line: 6, fields: ['c'] },
    ]);
  });

  it('skips a UTF-8 byte order mark; a quoted empty field is a record, not a blank line', () => {
    expect(fields('\uFEFFid\n""\n')).toStrictEqual([['id'], ['']]);
  });

  it('refuses a stray quote, text after a closing quote and an unclosed quote, naming the line', () => {
    expect(() => parseCsv('a\nab"c\n')).toThrow(CsvError);
    expect(() => parseCsv('a\nab"c\n')).toThrow(/line 2: a quote inside an unquoted field/);
    expect(() => parseCsv('"ab"c,d\n')).toThrow(/line 1: text after the closing quote/);
    expect(() => parseCsv('a\n\n"open,\nstill open')).toThrow(/line 3: a quoted field is never closed/);
  });

  it('gives no records for empty text', () => {
    expect(parseCsv('')).toStrictEqual([]);
    expect(parseCsv('\n\r\n')).toStrictEqual([]);
  });
});

describe('toCsv', () => {
  it('quotes only what needs it, with CRLF line ends', () => {
    expect(
      toCsv([
        ['id', 'name'],
        ['a', 'x,y'],
        ['b', 'say "hi"'],
        ['c', ' pad'],
      ]),
    ).toBe('id,name\r\na,"x,y"\r\nb,"say ""hi"""\r\nc," pad"\r\n');
  });

  it('round-trips through parseCsv', () => {
    const rows = [
      ['id', 'name', 'note'],
      ['box-gongbao-1', '工保小区 1号配电箱, 东', 'line\nbreak "quoted"'],
      ['', '', ''],
    ];
    expect(fields(toCsv(rows))).toStrictEqual(rows);
  });
});
