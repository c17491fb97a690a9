// The power-feed topology of a demo data set: the boxes' `feeds` lists turned into each fed device's
// feeding box (what provisioning registers as its `poweredBy`), checked on the way — every entry
// names a device of the set, no device is fed by two boxes, and none feeds itself.

export interface FeedingDevice {
  id: string;
  feeds?: readonly string[];
}

/** A data set whose `feeds` cannot be a power-feed topology; `problems` lists every fault found. */
export class FeedsError extends Error {
  constructor(
    readonly source: string,
    readonly problems: readonly string[],
  ) {
    const shown = problems.slice(0, 5).join('; ');
    const more = problems.length > 5 ? `; and ${problems.length - 5} more` : '';
    super(`${source}: the boxes' "feeds" are not a power-feed topology: ${shown}${more}`);
    this.name = 'FeedsError';
  }
}

/**
 * Fed device id → the id of the box that feeds it, in data order. Throws FeedsError naming `source`
 * when a `feeds` entry names no device of the set, or a device is fed by two boxes (or by itself).
 */
export function poweredByOf(devices: readonly FeedingDevice[], source = 'the data set'): Map<string, string> {
  const ids = new Set(devices.map((d) => d.id));
  const out = new Map<string, string>();
  const problems: string[] = [];
  for (const box of devices)
    for (const id of box.feeds ?? []) {
      const earlier = out.get(id);
      if (!ids.has(id)) problems.push(`${box.id} feeds ${id}, which is not a device of the data set`);
      else if (id === box.id) problems.push(`${box.id} feeds itself`);
      else if (earlier === box.id) problems.push(`${box.id} lists ${id} twice`);
      else if (earlier !== undefined) problems.push(`${id} is fed by two boxes: ${earlier} and ${box.id}`);
      else out.set(id, box.id);
    }
  if (problems.length > 0) throw new FeedsError(source, problems);
  return out;
}
