// SLA targets by priority (api.md): respond = on site, resolve = resolved. Minutes.
import type { Priority } from '../store/store';
import type { Severity } from '../../../devices/lib/types';

export const SLA_MINUTES: Record<Priority, { respond: number; resolve: number }> = {
  P1: { respond: 30, resolve: 4 * 60 },
  P2: { respond: 60, resolve: 8 * 60 },
  P3: { respond: 4 * 60, resolve: 24 * 60 },
  P4: { respond: 24 * 60, resolve: 72 * 60 },
};

export function slaDeadlines(
  priority: Priority,
  createdAt: number,
): { respondBy: number; resolveBy: number } {
  const s = SLA_MINUTES[priority];
  return { respondBy: createdAt + s.respond * 60_000, resolveBy: createdAt + s.resolve * 60_000 };
}

/** Alarms of severity minor and above open a ticket (device-protocol.md). */
export function priorityForSeverity(severity: Severity): Priority | undefined {
  switch (severity) {
    case 'critical':
      return 'P1';
    case 'major':
      return 'P2';
    case 'minor':
      return 'P3';
    case 'warning':
      return undefined;
  }
}
