// GET /api/reports/monthly?format=xlsx (issue 19) on the month of monthly-report-scenario.ts: a real
// workbook, read back with exceljs, whose totals and compound rows are the JSON's and whose detail
// sheet has one row per ticket; free text stays text.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MonthlyReportDto, type ReportFiguresDto } from '../../server/src/contracts/dto';
import { startMonth, type Month } from './monthly-report-scenario';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

describe('GET /api/reports/monthly?format=xlsx', () => {
  let m: Month;
  let report: MonthlyReportDto;
  beforeAll(async () => {
    m = await startMonth();
    report = MonthlyReportDto.parse((await m.s.api.get('/api/reports/monthly?month=2026-10', m.disp)).body);
  });
  afterAll(async () => {
    await m?.stop();
  });

  const download = async (lang: string) => {
    const res = await fetch(`${m.s.httpUrl}/api/reports/monthly?month=2026-10&format=xlsx&lang=${lang}`, {
      headers: { authorization: `Bearer ${m.disp}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(XLSX);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="report-2026-10.xlsx"');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    return wb;
  };
  /** The summary's figure rows: label → [this month, last month, change]. */
  const summaryRows = (ws: ExcelJS.Worksheet) => {
    const rows = new Map<string, ExcelJS.CellValue[]>();
    ws.eachRow((row) => {
      const label = row.getCell(1).value;
      if (typeof label === 'string')
        rows.set(
          label,
          [2, 3, 4].map((i) => row.getCell(i).value),
        );
    });
    return rows;
  };

  it('has the four sheets in Chinese with the header and the totals of the JSON', async () => {
    const wb = await download('zh-CN');
    expect(wb.worksheets.map((w) => w.name)).toEqual(['汇总', '小区', '明细', '说明']);
    const sum = wb.getWorksheet('汇总');
    expect(sum?.getCell('A1').value).toBe(report.org);
    expect(sum?.getCell('A2').value).toBe('2026年10月 维修服务月报');
    expect(sum?.getCell('B5').value).toBe(report.provisional);
    const rows = summaryRows(sum as ExcelJS.Worksheet);
    expect(rows.get('工单数')).toEqual([6, 2, 4]);
    expect(rows.get('回访次数')?.[0]).toBe(report.totals.callbacks.made);
    expect(rows.get('满意率')?.[0]).toBe(report.totals.callbacks.satisfactionRate);
    expect(rows.get('工时（小时）')?.[0]).toBe(report.totals.labour.hours);
    expect(rows.get('材料费（元）')?.[0]).toBe(report.totals.parts.costYuan);
    expect(rows.get('响应时长中位数（分钟）')?.[0]).toBe((report.totals.responseTime.medianS ?? 0) / 60);
    expect(sum?.getCell('B9').numFmt).toBe('0');
  });

  it('has one chart-ready row per compound (and the unplaced), numbers as numbers, the header frozen', async () => {
    const ws = (await download('zh-CN')).getWorksheet('小区') as ExcelJS.Worksheet;
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.autoFilter).toBeDefined();
    const header = (ws.getRow(1).values as ExcelJS.CellValue[]).slice(1);
    const col = (name: string) => header.indexOf(name) + 1;
    const expected: [string, string, ReportFiguresDto | undefined][] = [
      ...report.compounds.map((c): [string, string, ReportFiguresDto] => [c.compoundId, c.name, c]),
      ['', '未定位小区', report.unplaced],
    ];
    expect(ws.rowCount).toBe(1 + expected.length);
    expected.forEach(([id, name, f], i) => {
      const row = ws.getRow(i + 2);
      expect(row.getCell(1).value ?? '').toBe(id);
      // A compound named like a formula is a text cell holding the name, not a formula.
      expect(row.getCell(2).type).toBe(ExcelJS.ValueType.String);
      expect(row.getCell(2).value).toBe(name);
      expect(row.getCell(col('工单数')).value).toBe(f?.tickets);
      expect(row.getCell(col('未结')).value).toBe(f?.open);
      expect(row.getCell(col('超时率')).value).toBe(f?.sla.breachRate);
      expect(row.getCell(col('超时率')).numFmt).toBe('0.0%');
      expect(row.getCell(col('材料费（元）')).value).toBe(f?.parts.costYuan);
      expect(row.getCell(col('材料费（元）')).numFmt).toBe('#,##0.00');
    });
    expect(report.compounds.find((c) => c.name.startsWith('='))).toBeDefined();
  });

  it('lists every ticket of the month once, so the totals add up again', async () => {
    const ws = (await download('zh-CN')).getWorksheet('明细') as ExcelJS.Worksheet;
    expect(ws.rowCount - 1).toBe(report.totals.tickets);
    const header = (ws.getRow(1).values as ExcelJS.CellValue[]).slice(1);
    const sum = (name: string) => {
      let total = 0;
      for (let r = 2; r <= ws.rowCount; r++)
        total += Number(ws.getRow(r).getCell(header.indexOf(name) + 1).value ?? 0);
      return Math.round(total * 100) / 100;
    };
    expect(sum('工时（分钟）')).toBe(report.totals.labour.minutes);
    expect(sum('材料费（元）')).toBe(report.totals.parts.costYuan);
    expect(sum('回访次数')).toBe(report.totals.callbacks.made);
  });

  it('speaks English with lang=en, methods included', async () => {
    const wb = await download('en');
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Summary', 'Compounds', 'Tickets', 'Methods']);
    expect(wb.getWorksheet('Summary')?.getCell('A2').value).toBe('Maintenance service report, October 2026');
    const methods = wb.getWorksheet('Methods') as ExcelJS.Worksheet;
    expect(methods.rowCount - 1).toBe(report.methods.length);
    expect(methods.getRow(2).getCell(2).value).toBe(report.methods[0]?.en);
  });
});
