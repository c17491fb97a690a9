// What the map benchmark runs inside the page and over the DevTools protocol: a frame counter
// (requestAnimationFrame), a long-task observer, Chromium's own task-duration and heap metrics,
// and optionally a CPU profile summarised as the functions with the most self time.
import type { CDPSession, Page } from 'playwright-core';
import { browserCpuSeconds } from './proc-cpu';

/** Page-side probe, as plain JS source (bundler helpers must not leak into the page). */
const PROBE = `(() => {
  let frames = 0, running = false, last = 0, gaps = [], long = [], obs, t0 = 0;
  const loop = (t) => {
    if (!running) return;
    if (last) gaps.push(t - last);
    last = t;
    frames++;
    requestAnimationFrame(loop);
  };
  window.__mapBenchProbe = {
    start() {
      frames = 0; gaps = []; long = []; last = 0; running = true; t0 = performance.now();
      obs = new PerformanceObserver((l) => { for (const e of l.getEntries()) long.push(e.duration); });
      obs.observe({ type: 'longtask' });
      requestAnimationFrame(loop);
    },
    stop() {
      running = false;
      obs.disconnect();
      return { frames, wallMs: performance.now() - t0, gaps, long,
        domNodes: document.getElementsByTagName('*').length,
        markerIcons: document.querySelectorAll('.leaflet-marker-icon').length,
        vanMarkers: document.querySelectorAll('[data-van-id].leaflet-marker-icon').length,
        routes: document.querySelectorAll('[data-testid=van-route]').length };
    },
  };
})()`;

export interface WindowFigures {
  name: string;
  seconds: number;
  fps: number;
  /** Frames that took longer than 50 ms (three 60 Hz frames). */
  slowFrames: number;
  worstFrameMs: number;
  p95FrameMs: number;
  longTasks: number;
  longTaskMs: number;
  longTaskMaxMs: number;
  /** Main-thread busy share: CDP TaskDuration delta / wall time. */
  busy: number;
  /** Of the wall time: JS, style recalculation, layout (CDP ScriptDuration etc.). */
  script: number;
  style: number;
  layout: number;
  /** CPU used by all browser processes, in cores (1 = one core fully busy); robust to a busy machine. */
  browserCpu: number | undefined;
  heapMb: number;
  domNodes: number;
  markerIcons: number;
  vanMarkers: number;
  routes: number;
  zoom: number | undefined;
  hot?: { fn: string; selfMs: number; share: number }[];
}

interface PageResult {
  frames: number;
  wallMs: number;
  gaps: number[];
  long: number[];
  domNodes: number;
  markerIcons: number;
  vanMarkers: number;
  routes: number;
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples?: number[];
  timeDeltas?: number[];
}

export class Probe {
  private constructor(
    private readonly page: Page,
    private readonly cdp: CDPSession,
  ) {}

  static async attach(page: Page): Promise<Probe> {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable', { timeDomain: 'timeTicks' });
    await page.evaluate(PROBE);
    return new Probe(page, cdp);
  }

  private async metrics(): Promise<Record<string, number>> {
    const { metrics } = await this.cdp.send('Performance.getMetrics');
    return Object.fromEntries(metrics.map((m) => [m.name, m.value]));
  }

  /** Measures one window while `act` runs (it must take about `seconds`). */
  async measure(
    name: string,
    seconds: number,
    act: (until: number) => Promise<void>,
    profile = false,
  ): Promise<WindowFigures> {
    if (profile) {
      await this.cdp.send('Profiler.enable');
      await this.cdp.send('Profiler.setSamplingInterval', { interval: 500 });
      await this.cdp.send('Profiler.start');
    }
    const before = await this.metrics();
    const cpuBefore = browserCpuSeconds();
    await this.page.evaluate('window.__mapBenchProbe.start()');
    const until = Date.now() + seconds * 1000;
    await act(until);
    const wait = until - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const r = await this.page.evaluate<PageResult>('window.__mapBenchProbe.stop()');
    const after = await this.metrics();
    const cpuAfter = browserCpuSeconds();
    let hot: WindowFigures['hot'];
    if (profile) {
      const { profile: p } = (await this.cdp.send('Profiler.stop')) as { profile: CpuProfile };
      hot = summarise(p);
    }
    const zoom = Number(await this.page.locator('[data-testid=map]').getAttribute('data-zoom'));
    const gaps = [...r.gaps].sort((a, b) => a - b);
    const wallS = r.wallMs / 1000;
    const share = (k: string) => ((after[k] ?? 0) - (before[k] ?? 0)) / wallS;
    return {
      name,
      seconds: r.wallMs / 1000,
      fps: r.frames / (r.wallMs / 1000),
      slowFrames: gaps.filter((g) => g > 50).length,
      worstFrameMs: gaps.at(-1) ?? 0,
      p95FrameMs: gaps[Math.floor(gaps.length * 0.95)] ?? 0,
      longTasks: r.long.length,
      longTaskMs: r.long.reduce((a, b) => a + b, 0),
      longTaskMaxMs: Math.max(0, ...r.long),
      busy: share('TaskDuration'),
      script: share('ScriptDuration'),
      style: share('RecalcStyleDuration'),
      layout: share('LayoutDuration'),
      browserCpu:
        cpuBefore === undefined || cpuAfter === undefined ? undefined : (cpuAfter - cpuBefore) / wallS,
      heapMb: (after.JSHeapUsedSize ?? 0) / 2 ** 20,
      domNodes: r.domNodes,
      markerIcons: r.markerIcons,
      vanMarkers: r.vanMarkers,
      routes: r.routes,
      zoom: Number.isFinite(zoom) ? zoom : undefined,
      ...(hot && { hot }),
    };
  }
}

/** The functions with the most self time (idle and GC-free program time excluded from the share). */
function summarise(p: CpuProfile, top = 20): NonNullable<WindowFigures['hot']> {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let total = 0;
  const samples = p.samples ?? [];
  const deltas = p.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) {
    const node = byId.get(samples[i]!);
    const dt = (deltas[i + 1] ?? deltas[i] ?? 0) / 1000;
    if (!node || node.callFrame.functionName === '(idle)') continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const file = url.split('/').pop() ?? '';
    const key = `${functionName || '(anonymous)'} ${file ? `${file}:${lineNumber + 1}` : ''}`.trim();
    self.set(key, (self.get(key) ?? 0) + dt);
    total += dt;
  }
  return [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([fn, ms]) => ({ fn, selfMs: Math.round(ms), share: total ? ms / total : 0 }));
}
