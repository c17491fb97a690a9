// The alarm feed's two orders: newest first (按时间), or most severe first and newest first within
// a severity (按严重程度). Pure; the choice is kept with the shift preferences.
import { SEVERITIES } from '../../../../../devices/lib/types';
import type { AlarmDto } from '../../api/types';
import type { FeedSort } from '../../shift/prefs';

const rank = (a: AlarmDto): number => {
  const i = SEVERITIES.indexOf(a.severity);
  return i < 0 ? SEVERITIES.length : i;
};
const newest = (a: AlarmDto, b: AlarmDto): number =>
  b.raisedAt.localeCompare(a.raisedAt) || b.id.localeCompare(a.id);

export function sortAlarms(alarms: readonly AlarmDto[], by: FeedSort): AlarmDto[] {
  const order = by === 'severity' ? (a: AlarmDto, b: AlarmDto) => rank(a) - rank(b) || newest(a, b) : newest;
  return [...alarms].sort(order);
}
