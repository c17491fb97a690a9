// The uPlot options of one metric's history: the line (and, for rollups, a min/max band) in the
// accent colour, times in Asia/Shanghai (clock times, dates once the period is longer than
// DATED_AXIS_S), values with their unit in the current language's number format.
import uPlot from 'uplot';
import { formatClock, formatDateTime } from '../i18n/format';
import { i18n, t } from '../i18n/i18n.svelte';
import type { ChartSeries } from './series';

/** A period longer than this labels the time axis with dates. */
export const DATED_AXIS_S = 36 * 3600;

function cssColor(el: HTMLElement, name: string, fallback: string): string {
  return getComputedStyle(el).getPropertyValue(name).trim() || fallback;
}

/** The options for a plot in `el` (its width, and the page's colours), `height` pixels high. */
export function plotOptions(
  el: HTMLElement,
  s: ChartSeries,
  label: string,
  unit: string,
  height: number,
): uPlot.Options {
  const accent = cssColor(el, '--accent', '#3d6bb3');
  const muted = cssColor(el, '--muted', '#66737f');
  const line = cssColor(el, '--line', '#d9dee3');
  const dated = s.to - s.from > DATED_AXIS_S;
  const num = new Intl.NumberFormat(i18n.locale, { maximumFractionDigits: 2 });
  const value = (_u: uPlot, v: number | null) => (v == null ? '–' : `${num.format(v)} ${unit}`);
  const axis = { stroke: muted, grid: { stroke: line, width: 1 }, ticks: { stroke: line, width: 1 } };
  const series: uPlot.Series[] = [
    { label: t('device.chartTime'), value: (_u, v) => (v == null ? '–' : formatDateTime(v * 1000)) },
    { label, stroke: accent, width: 1.5, spanGaps: false, value, points: { size: 4, fill: accent } },
  ];
  if (s.band) {
    const edge = { stroke: `${accent}55`, width: 1, spanGaps: false, value, points: { show: false } };
    series.push({ ...edge, label: t('device.chartMin') }, { ...edge, label: t('device.chartMax') });
  }
  return {
    width: el.clientWidth,
    height,
    tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Asia/Shanghai'),
    scales: { x: { time: true, range: () => [s.from, s.to] } },
    series,
    ...(s.band && { bands: [{ series: [3, 2], fill: `${accent}22` }] }),
    axes: [
      {
        ...axis,
        space: dated ? 90 : 60,
        values: (_u, splits) => splits.map((v) => (dated ? formatDateTime(v * 1000) : formatClock(v * 1000))),
      },
      { ...axis, size: 48 },
    ],
    cursor: { drag: { x: false, y: false, setScale: false } },
    legend: { show: true },
  };
}
