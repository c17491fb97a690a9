// The dispatcher page's view of the live store: its lists, the lookups by id the panels and map
// layers share, the alarm storm, and which side panel is open (a ticket's or a device's, one at a
// time). Derived once here, so every component of the page reads the same arrays and maps.
import { clock } from './clock.svelte';
import { alarmFlags } from './health';
import { LiveStore } from './live.svelte';
import { detectStorm } from './storm';

export class DispatcherView {
  readonly live = new LiveStore();

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
  /* eslint-enable svelte/prefer-svelte-reactivity */
  readonly storm = $derived(
    detectStorm(this.live.raises.all(), (id) => this.deviceById.get(id)?.compoundId, clock.now),
  );

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
