// The roster page's state as a rune class: the week shown (days × shifts and who is on each), the
// slot being edited, and, for admins, the users that may be put on it. An answer to an older load
// arriving late is dropped.
import { dutyApi, type DutyRosterDto, type DutyRosterEntryDto, type PutDutyRosterBody } from '../api/duty';
import type { UserDto } from '../api/types';
import { addDays } from './week';

export interface Slot {
  date: string;
  shiftId: string;
}

export class DutyRoster {
  data = $state.raw<DutyRosterDto | undefined>();
  loading = $state(false);
  error = $state<string | undefined>();
  editing = $state<Slot | undefined>();
  saving = $state(false);
  saveError = $state<string | undefined>();
  users = $state.raw<UserDto[]>([]);
  #generation = 0;

  readonly phase = $derived(this.loading ? 'loading' : this.error ? 'error' : 'ready');

  /** Loads the week from `from` (a Monday); without it, this week. */
  async load(from?: string): Promise<void> {
    const generation = ++this.#generation;
    this.loading = true;
    this.error = undefined;
    try {
      const data = await dutyApi.roster(from ? { from, to: addDays(from, 6) } : undefined);
      if (generation === this.#generation) this.data = data;
    } catch (err) {
      if (generation === this.#generation) this.error = err instanceof Error ? err.message : String(err);
    } finally {
      if (generation === this.#generation) this.loading = false;
    }
  }

  /** The week before (-1) or after (+1) the one shown. */
  move(weeks: number): Promise<void> {
    return this.load(this.data ? addDays(this.data.from, 7 * weeks) : undefined);
  }

  /** The users an admin may roster (enabled ones), loaded once. */
  async loadUsers(): Promise<void> {
    if (this.users.length > 0) return;
    try {
      this.users = (await dutyApi.users()).filter((u) => u.disabledAt === undefined);
    } catch (err) {
      this.saveError = err instanceof Error ? err.message : String(err);
    }
  }

  entry(date: string, shiftId: string): DutyRosterEntryDto | undefined {
    return this.data?.entries.find((e) => e.date === date && e.shiftId === shiftId);
  }

  edit(slot: Slot | undefined): void {
    this.editing = slot;
    this.saveError = undefined;
  }

  async save(slot: Slot, body: PutDutyRosterBody): Promise<void> {
    await this.#change(() => dutyApi.put(slot.date, slot.shiftId, body));
  }

  async clear(slot: Slot): Promise<void> {
    await this.#change(() => dutyApi.clear(slot.date, slot.shiftId));
  }

  async #change(call: () => Promise<unknown>): Promise<void> {
    this.saving = true;
    this.saveError = undefined;
    try {
      await call();
      this.editing = undefined;
      await this.load(this.data?.from);
    } catch (err) {
      this.saveError = err instanceof Error ? err.message : String(err);
    } finally {
      this.saving = false;
    }
  }
}
