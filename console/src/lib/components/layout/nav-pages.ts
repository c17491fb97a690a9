// The pages the header's nav offers a role: dispatch, statistics, the duty roster and the history
// replay, and for admins the audit log and the notification channels.
// The server checks every request again; this only decides what the console shows.
import type { Role } from '../../api/types';
import type { MessageKey } from '../../i18n/i18n.svelte';
import type { Route } from '../../router/router.svelte';

export interface NavPage {
  to: Route;
  testid: string;
  label: MessageKey;
}

export function navPages(role: Role | undefined): NavPage[] {
  return [
    { to: '/', testid: 'nav-dispatcher', label: 'manager.nav.dispatcher' },
    { to: '/tickets', testid: 'nav-tickets', label: 'history.nav' },
    { to: '/manager', testid: 'nav-manager', label: 'manager.nav.manager' },
    { to: '/duty', testid: 'nav-duty', label: 'duty.nav' },
    { to: '/replay', testid: 'nav-replay', label: 'replay.nav' },
    { to: '/handover', testid: 'nav-handover', label: 'handover.nav' },
    { to: '/report', testid: 'nav-report', label: 'report.nav' },
    ...(role === 'admin'
      ? ([
          { to: '/audit', testid: 'nav-audit', label: 'audit.nav' },
          { to: '/notifications', testid: 'nav-notifications', label: 'notify.nav' },
          { to: '/integrations', testid: 'nav-integrations', label: 'integrations.nav' },
        ] as const)
      : []),
  ];
}
