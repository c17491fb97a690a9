// The dispatcher page's view of the live store: its lists, the lookups by id the panels and map
// layers share, the server's incidents and silences, the alarm storm, and which side panel is open
// (a ticket's or a device's, one at a time). Derived once here, so every component of the page
// reads the same arrays and maps.
import { fromGate } from '../incidents/gate';
import { groupIncidents } from '../incidents/model';
import { clock } from './clock.svelte';
import { alarmFlags } from './health';
import { IncidentFeed } from './incidents.svelte';
import { LiveStore } from './live.svelte';
import { detectStorm, stormFromIncidents, type IncidentStorm, type Storm } from './storm';

/** The tabs of the right-hand column. */
export type FeedTab = 'alarms' | 'incidents' | 'silences';

/** The banner's storm: from the server's incidents, or the client's guess when they cannot be had. */
export type BannerStorm = { from: 'incidents'; storm: IncidentStorm } | { from: 'guess'; storm: Storm };

export class DispatcherView {
  readonly live = new LiveStore();
  readonly feed = new IncidentFeed();

  readonly devices = $derived(this.live.devices.all());
  readonly alarms = $derived(this.live.alarms.all());
  readonly tickets = $derived(this.live.tickets.all());
  readonly vans = $derived(this.live.vans.all());
  readonly compounds = $derived(this.live.compounds.all());
  readonly sites = $derived(this.live.sites.all());
  readonly flags = $derived(alarmFlags(this.alarms));
  // Rebuilt whole from the lists above, never changed in place (so not SvelteMaps).
  /* eslint-disable svelte/prefer-svelte-reactivity */
  readonly deviceById = $derived(new Map(this.devices.map((d) => [d.id, d])));
  readonly compoundNames = $derived(new Map(this.compounds.map((c) => [c.id, c.name])));
  readonly vanNames = $derived(new Map(this.vans.map((v) => [v.id, v.name])));
  readonly alarmById = $derived(new Map(this.alarms.map((a) => [a.id, a])));
  readonly ticketById = $derived(new Map(this.tickets.map((t) => [t.id, t])));
  readonly silenceById = $derived(new Map(this.feed.silences.map((s) => [s.id, s])));
  /* eslint-enable svelte/prefer-svelte-reactivity */
  readonly #compoundOf = (id: string): string | undefined => this.deviceById.get(id)?.compoundId;
  /** Active incidents (the server's), with the fallback guess only while they cannot be fetched. */
  readonly storm: BannerStorm | null = $derived.by(() => {
    if (this.feed.reachable === false) {
      const guess = detectStorm(this.live.raises.all(), this.#compoundOf, clock.now);
      return guess && { from: 'guess', storm: guess };
    }
    const storm = stormFromIncidents(this.feed.incidents, this.#compoundOf);
    return storm && { from: 'incidents', storm };
  });

  /** The server's reasons for the alarms it keeps without a ticket. */
  readonly gate = $derived(fromGate(this.feed.withheld, this.silenceById));
  readonly incidentGroups = $derived(
    groupIncidents(
      this.feed.incidents,
      {
        deviceById: this.deviceById,
        compoundNames: this.compoundNames,
        alarmById: this.alarmById,
        silenceById: this.silenceById,
        gateWhy: this.gate.whyById,
      },
      // Only alarms still active here (the withheld list may be a moment older than the feed).
      this.gate.pending.filter((p) => this.alarmById.has(p.alarm.id)),
    ),
  );

  /** Which tab of the right-hand column is shown. */
  feedTab = $state<FeedTab>('alarms');
  /** The ticket whose panel is open. */
  selected = $state<string | undefined>();
  /** The device whose panel is open. */
  selectedDevice = $state<string | undefined>();

  readonly select = (id: string): void => {
    this.selected = id;
    this.selectedDevice = undefined;
  };

  readonly selectDevice = (id: string): void => {
    this.selectedDevice = id;
    this.selected = undefined;
  };

  closePanels(): void {
    this.selected = undefined;
    this.selectedDevice = undefined;
  }
}
