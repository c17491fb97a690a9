// `npm run sim -- …`: the device simulator against a running Redsail server (see --help).
import { readFileSync } from 'node:fs';
import { compileRegistry, parseRuleOverrides, type RuleOverrides } from '../devices/index';
import { parseCli, helpText, UsageError, type CliOptions } from './cli/args';
import { fleetDevices } from './cli/fleet-devices';
import { clockText, ProgressPrinter, progressEveryMs, runSummaryText, summaryText } from './cli/output';
import { summariseRun, type RunSummaryOptions } from './cli/run-tickets';
import { FleetStartError, startFleet } from './devices/fleet';
import { loadScenario } from './devices/scenario';
import { startCliVans } from './cli/vans';
import { DEFAULT_DATA_DIR, loadDemoData } from './lib/demo-data';
import { login } from './lib/login';
import { provision } from './lib/provision';
import type { Fleet } from './devices/types';

const say = (msg: string): void => void process.stdout.write(`${msg}\n`);

/** The server answers /api/health, or an error that says how to start it. */
async function checkServer(api: string): Promise<void> {
  let res: Response;
  try {
    res = await fetch(new URL('/api/health', api), { signal: AbortSignal.timeout(5000) });
  } catch {
    throw new Error(
      `The Redsail server is not reachable at ${api}: start it with \`npm start\` (or pass --api and --mqtt)`,
    );
  }
  if (res.status === 503) throw new Error(`The server at ${api} is still starting: try again in a moment`);
  if (!res.ok) throw new Error(`${api}/api/health answered ${res.status}: is --api the Redsail server?`);
}

/** --provision: the data set registered on the server as admin; secrets into the credentials file. */
async function provisionData(api: string, data: string | undefined, credentialsFile: string): Promise<void> {
  const password = process.env.REDSAIL_ADMIN_PASSWORD;
  if (!password)
    throw new UsageError(
      '--provision logs in as admin: set REDSAIL_ADMIN_PASSWORD to the server’s admin password',
    );
  const adminToken = await login(
    api,
    'admin',
    password,
    'REDSAIL_ADMIN_PASSWORD is not the admin password of this server',
  );
  say(`Provisioning the data set on ${api} …`);
  await provision({
    apiUrl: api,
    adminToken,
    data: loadDemoData(data ?? DEFAULT_DATA_DIR),
    credentialsFile,
    log: (m) => say(`  ${m}`),
  });
}

function readRules(file: string | undefined): RuleOverrides | undefined {
  if (file === undefined) return undefined;
  return parseRuleOverrides(JSON.parse(readFileSync(file, 'utf8')));
}

async function run(o: CliOptions): Promise<number> {
  if (!o.credentials)
    throw new UsageError(
      '--credentials <file> is required: the MQTT secrets the devices got when they were registered ' +
        '(provisioning writes them, e.g. data/demo/demo-credentials.json after `npm run demo`)',
    );
  const scenario = loadScenario(o.scenario);
  const rules = readRules(o.rules);
  if (o.provision) {
    await checkServer(o.api);
    await provisionData(o.api, o.data, o.credentials);
  }
  const all = fleetDevices(o.credentials, o.data);
  const devices = o.devices === undefined ? all : all.slice(0, o.devices);
  await checkServer(o.api);

  const printer = new ProgressPrinter(process.stdout);
  const startedAt = new Date().toISOString();
  say(`Connecting ${devices.length} device${devices.length === 1 ? '' : 's'} to ${o.mqtt} …`);
  const fleet = await startFleet({
    mqttUrl: o.mqtt,
    devices,
    scenario,
    seed: o.seed,
    intervalS: o.intervalS,
    timeScale: o.timeScale,
    ...(o.rate !== undefined && { rate: o.rate }),
    ...(rules && { rules }),
    incidentHoldS: o.incidentHoldS,
    ...(o.durationS !== undefined && { untilS: o.durationS }),
    onProgress: (p) => printer.show(p),
    progressMs: progressEveryMs(process.stdout.isTTY),
  });
  reportStart(fleet, scenario.name, o);
  const vans = o.vans
    ? await startCliVans({ ...o, credentials: o.credentials, log: (m) => printer.note(m) })
    : undefined;
  const interrupted = await runUntilDone(fleet, o);
  await vans?.stop();
  await fleet.stop();
  printer.finish();
  say(summaryText(fleet.summary()));
  const measured = await reportRun(o, { scenario, rules, startedAt, fleet, devices });
  return interrupted ? 130 : measured ? 0 : 1;
}

/**
 * Prints the run summary; false when it cannot be made and --summary-json asked for it (without
 * that option a missing summary is only a warning: the devices did their part).
 */
async function reportRun(
  o: CliOptions,
  run: Pick<RunSummaryOptions, 'scenario' | 'startedAt' | 'fleet' | 'devices'> & { rules?: RuleOverrides },
): Promise<boolean> {
  try {
    const summary = await summariseRun({
      ...run,
      api: o.api,
      data: o.data,
      seed: o.seed,
      registry: compileRegistry(run.rules),
      ...(o.summaryJson !== undefined && { jsonFile: o.summaryJson }),
    });
    say(runSummaryText(summary));
    if (o.summaryJson !== undefined) say(`Run summary written to ${o.summaryJson}`);
    return true;
  } catch (err) {
    process.stderr.write(`No run summary: ${err instanceof Error ? err.message : String(err)}\n`);
    return o.summaryJson === undefined;
  }
}

function reportStart(fleet: Fleet, name: string, o: CliOptions): void {
  if (fleet.failures.size > 0) {
    const ids = [...fleet.failures.keys()];
    say(
      `WARNING: the broker refused ${ids.length} devices (${ids.slice(0, 5).join(', ')}${ids.length > 5 ? ', …' : ''}): ` +
        `their secrets in ${o.credentials} do not match the server; register them again from a fresh data directory`,
    );
  }
  if (fleet.skipped > 0)
    say(
      `Note: ${fleet.skipped} faults of the scenario were left out: no free device of their type, or they ` +
        `would end after its duration (at ×${o.timeScale} a fault is held at least forS × ${o.timeScale} ` +
        "simulated seconds, a fed device's dark fault the incident hold longer: see --time-scale, --rules and --incident-hold)",
    );
  const lastS = fleet.plan.at(-1)?.atS ?? 0;
  const faults = fleet.plan.filter((a) => a.action === 'inject').length;
  say(
    `Scenario ${name}, seed ${o.seed}: ${faults} faults until +${clockText(lastS)} simulated ` +
      `(≈ ${clockText(lastS / o.timeScale)} real at ×${o.timeScale}). Ctrl-C stops.`,
  );
}

/** Resolves true when interrupted (Ctrl-C), false when the scenario (and --duration) ran out. */
function runUntilDone(fleet: Fleet, o: CliOptions): Promise<boolean> {
  return new Promise((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    const finish = (interrupted: boolean): void => {
      clearTimeout(timer);
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      process.once('SIGINT', () => process.exit(1)); // a second Ctrl-C: give up at once
      resolve(interrupted);
    };
    const onSignal = (): void => finish(true);
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    const minimum = new Promise<void>((r) => {
      timer = setTimeout(r, o.durationS === undefined ? 0 : (o.durationS * 1000) / o.timeScale);
    });
    void Promise.all([fleet.done, minimum]).then(() => finish(false));
  });
}

async function main(): Promise<void> {
  let code: number;
  try {
    const o = parseCli(process.argv.slice(2));
    if (o.help) {
      say(helpText());
      return;
    }
    code = await run(o);
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    process.stderr.write(`${msg}\n`);
    if (err instanceof UsageError) process.stderr.write('See npm run sim -- --help\n');
    if (err instanceof FleetStartError && err.reason === 'unreachable')
      process.stderr.write('Start the server with `npm start`, or pass --mqtt with its broker address.\n');
    code = err instanceof UsageError ? 2 : 1;
  }
  process.exit(code);
}

void main();
