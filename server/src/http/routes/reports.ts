// GET /api/reports/monthly?month=YYYY-MM&format=json|xlsx&lang=zh-CN|en — the monthly subsidy report
// (issue 19): the figures as JSON, or the same figures as a workbook to download.
import { Router } from 'express';
import { MonthlyReportQuery } from '../../contracts/dto';
import { parse } from '../../contracts/parse';
import type { Services } from '../../services';
import { allow } from '../auth';

export function reportsRouter(s: Services): Router {
  const r = Router();
  r.get('/monthly', allow('dispatcher', 'viewer'), async (req, res) => {
    const q = parse(MonthlyReportQuery, req.query, 'query');
    const { report } = await s.reports.monthly(q.month);
    res.json(report);
  });
  return r;
}
