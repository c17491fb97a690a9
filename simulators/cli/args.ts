// Command line of `npm run sim`: options, defaults and the help text.
import { parseArgs } from 'node:util';
import { listScenarios } from '../devices/scenario';

export interface CliOptions {
  help: boolean;
  api: string;
  mqtt: string;
  credentials: string | undefined;
  data: string | undefined;
  scenario: string;
  seed: number;
  devices: number | undefined;
  rate: number | undefined;
  intervalS: number;
  timeScale: number;
  durationS: number | undefined;
  rules: string | undefined;
  incidentHoldS: number;
  summaryJson: string | undefined;
  provision: boolean;
  vans: boolean;
  bots: boolean;
}

/** A bad command line: printed with a pointer to --help, exit code 2. */
export class UsageError extends Error {}

export function helpText(): string {
  return `Usage: npm run sim -- [options]

Simulates Redsail's field devices (distribution boxes, streetlights, cameras) as real MQTT clients
and plays a fault scenario against a running server.

Options:
  --help                 this text
  --api <url>            the server's HTTP address (default http://127.0.0.1:8080)
  --mqtt <url>           its MQTT broker (default mqtt://127.0.0.1:1883)
  --credentials <file>   the devices' MQTT secrets, as written when they were registered (required):
                           {"devices": {"<id>": "<secret>", ...}} (provisioning's file; vans are ignored),
                           {"devices": {"<id>": {"password": "<secret>"}}}, or a self-contained
                           {"devices": [{"id", "type", "password", "compoundId"?, "feeds"?, "rating_a"?}]}
  --data <dir>           demo data set giving each device's type, compound and the boxes' feeds
                           (default simulators/data/qufu; only devices.json is read)
  --scenario <name|file> ${listScenarios().join(', ')} (default normal), or a scenario .json file
  --seed <n>             faults are chosen from this seed: the same seed gives the same faults (default 1)
  --devices <n>          simulate only the first n devices
  --rate <n>             at most n messages per second across the fleet
  --interval <s>         telemetry period per device, simulated seconds (default 60)
  --time-scale <x>       simulated seconds per real second (default 1). The server's rule timers run in
                           real time, so faults are held forS × x simulated seconds at least; to play a
                           scenario fast, start the server with a RULES_FILE setting forS to 0 and pass it
                           with --rules
  --duration <s>         run this many simulated seconds (default: until the scenario's last step);
                           faults that would end later are not injected
  --rules <file>         the server's RULES_FILE, if it has one: holds follow the effective rules
  --incident-hold <s>    the server's INCIDENT_HOLD_S (default 30): a fed lamp's or camera's fault that a
                           power cut of its box would explain opens its ticket that much later, so it is
                           held forS + this × x simulated seconds at least
  --summary-json <file>  also write the run summary (faults, root causes, tickets) to this file as JSON
  --provision            first register the data set (--data) on the server, as admin (the password in
                           the REDSAIL_ADMIN_PASSWORD environment variable): what exists is left alone,
                           the new devices' and vans' secrets are written to --credentials
  --vans                 also drive the data set's vans along its streets (their secrets from --credentials;
                           the data set's dispatcher login reads their tickets)
  --bots                 with --vans: each van's technician (the data set's demo login) accepts, departs
                           and resolves its tickets

Progress is shown on one line (every few seconds when not on a terminal); Ctrl-C disconnects the
devices cleanly and prints the summary. The run summary then matches the tickets the server opened
during the run (read with the data set's dispatcher login) to the root causes the scenario injected —
every fault that is not a power cut's consequence — goal: one ticket per root cause.`;
}

function num(
  name: string,
  v: string | undefined,
  opts: { int?: boolean; min?: number } = {},
): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || (opts.int && !Number.isInteger(n)) || n < (opts.min ?? 0))
    throw new UsageError(
      `--${name} needs ${opts.int ? 'an integer' : 'a number'} ≥ ${opts.min ?? 0}, got "${v}"`,
    );
  return n;
}

export function parseCli(argv: readonly string[]): CliOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        help: { type: 'boolean', short: 'h' },
        api: { type: 'string' },
        mqtt: { type: 'string' },
        credentials: { type: 'string' },
        data: { type: 'string' },
        scenario: { type: 'string' },
        seed: { type: 'string' },
        devices: { type: 'string' },
        rate: { type: 'string' },
        interval: { type: 'string' },
        'time-scale': { type: 'string' },
        duration: { type: 'string' },
        rules: { type: 'string' },
        'incident-hold': { type: 'string' },
        'summary-json': { type: 'string' },
        provision: { type: 'boolean' },
        vans: { type: 'boolean' },
        bots: { type: 'boolean' },
      },
    }));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const positive = { min: Number.MIN_VALUE };
  return {
    help: values.help ?? false,
    api: values.api ?? 'http://127.0.0.1:8080',
    mqtt: values.mqtt ?? 'mqtt://127.0.0.1:1883',
    credentials: values.credentials,
    data: values.data,
    scenario: values.scenario ?? 'normal',
    seed: num('seed', values.seed, { int: true }) ?? 1,
    devices: num('devices', values.devices, { int: true, min: 1 }),
    rate: num('rate', values.rate, positive),
    intervalS: num('interval', values.interval, positive) ?? 60,
    timeScale: num('time-scale', values['time-scale'], positive) ?? 1,
    durationS: num('duration', values.duration, positive),
    rules: values.rules,
    incidentHoldS: num('incident-hold', values['incident-hold']) ?? 30,
    summaryJson: values['summary-json'],
    provision: values.provision ?? false,
    vans: (values.vans ?? false) || (values.bots ?? false),
    bots: values.bots ?? false,
  };
}
