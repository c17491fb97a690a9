// The technician's choice to have job alerts, kept on the phone: a reload (or the phone waking the
// page) must not switch them off again. Storage that throws (private mode, disabled) keeps nothing.
const KEY = 'redsail.tech.alerts';

type Storage = Pick<globalThis.Storage, 'getItem' | 'setItem'>;

function storage(): Storage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined;
  }
}

export type AlertsChoice = 'on' | 'off';

/** What the technician last chose on this browser; undefined if nothing (or nothing readable). */
export function alertsChoice(s: Storage | undefined = storage()): AlertsChoice | undefined {
  try {
    const v = s?.getItem(KEY);
    return v === 'on' || v === 'off' ? v : undefined;
  } catch {
    return undefined;
  }
}

export function chooseAlerts(on: boolean, s: Storage | undefined = storage()): void {
  try {
    s?.setItem(KEY, on ? 'on' : 'off');
  } catch {
    // not kept: the button shows again next time
  }
}
