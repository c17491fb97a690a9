// GET /api/reports/monthly: the month's report as JSON for the page, and the .xlsx link in the UI's language.
import type { MonthlyReportDto } from '../../../../../server/src/contracts/dto';
import { get } from '../../api/client';

export type { MonthlyReportDto } from '../../../../../server/src/contracts/dto';

const path = (month: string, format: 'json' | 'xlsx', lang: string) =>
  `/api/reports/monthly?${new URLSearchParams({ month, format, lang }).toString()}`;

export const fetchMonthlyReport = (month: string, lang: string, signal?: AbortSignal) =>
  get<MonthlyReportDto>(path(month, 'json', lang), signal);

export const xlsxUrl = (month: string, lang: string) => path(month, 'xlsx', lang);
