// Which ticket an alarm row opens: its own, or — for an alarm grouped under a cause (a power cut
// explains it, so it has no ticket of its own) — the cause's, from the cause alarm if the feed still
// has it, else from the server's incident of that cause.
import type { AlarmDto, IncidentDto } from '../../api/types';

export function alarmTicket(
  alarm: AlarmDto,
  alarmById: ReadonlyMap<string, AlarmDto>,
  incidents: readonly IncidentDto[] = [],
): { ticketId: string; viaCause: boolean } | undefined {
  if (alarm.ticketId !== undefined) return { ticketId: alarm.ticketId, viaCause: false };
  const causeId = alarm.causeAlarmId;
  if (causeId === undefined) return undefined;
  const ticketId = alarmById.get(causeId)?.ticketId ?? incidents.find((i) => i.id === causeId)?.ticketId;
  return ticketId === undefined ? undefined : { ticketId, viaCause: true };
}
