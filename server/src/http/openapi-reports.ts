// The OpenAPI operations of the monthly subsidy report (api.md v1.1 "Reports, intake and handover").
import * as dto from '../contracts/dto';
import type { Method, Op } from './openapi-types';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const reportOps: Record<string, Partial<Record<Method, Op>>> = {
  '/api/reports/monthly': {
    get: {
      summary:
        'The monthly subsidy report of the tickets created in `month` (SITE_TZ), rebuilt from their timelines: per compound, unplaced and in total, with the change against the month before; format=xlsx downloads it as a workbook (sheets 汇总/小区/明细/说明, or Summary/Compounds/Tickets/Methods with lang=en). 400 for a malformed month, a month not yet begun or an unknown format',
      roles: 'dispatcher, viewer',
      query: dto.MonthlyReportQuery,
      ok: { status: 200, schema: dto.MonthlyReportDto },
      download: {
        type: XLSX_TYPE,
        description:
          'format=xlsx: the workbook, as an attachment named report-YYYY-MM.xlsx (Content-Disposition)',
      },
    },
  },
};
