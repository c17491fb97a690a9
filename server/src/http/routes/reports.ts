// GET /api/reports/monthly?month=YYYY-MM&format=json|xlsx&lang=zh-CN|en — the monthly subsidy report
// (issue 19): the figures as JSON, or the same figures as a workbook to download.
import { Router } from 'express';
import { MonthlyReportQuery } from '../../contracts/dto';
import { parse } from '../../contracts/parse';
import { reportWorkbook } from '../../formats/report-xlsx';
import type { Services } from '../../services';
import { allow } from '../auth';
import { XLSX_TYPE } from '../openapi-reports';

export function reportsRouter(s: Services): Router {
  const r = Router();
  r.get('/monthly', allow('dispatcher', 'viewer'), async (req, res) => {
    const q = parse(MonthlyReportQuery, req.query, 'query');
    const { report, details } = await s.reports.monthly(q.month);
    if (q.format === 'json') {
      res.json(report);
      return;
    }
    const bytes = await reportWorkbook(report, details, q.lang);
    res.setHeader('Content-Type', XLSX_TYPE);
    res.setHeader('Content-Disposition', `attachment; filename="report-${report.month}.xlsx"`);
    res.setHeader('Cache-Control', 'no-store');
    res.send(bytes);
  });
  return r;
}
