// The English dictionary. Typed as a full record of MessageKey: a missing or extra key fails the check.
import { deviceEn } from './features/device';
import { hotlineEn } from './features/hotline';
import { managerEn } from './features/manager';
import { technicianEn } from './features/technician';
import { fieldEn } from './features/field';
import { mapEn } from './features/map';
import { mapLegendEn } from './features/map-legend';
import { sitesEn } from './features/sites';
import { ticketDetailEn } from './features/tickets';
import { proofEn } from './features/proof';
import { incidentsEn } from './features/incidents';
import { auditEn } from './features/audit';
import { dutyEn } from './features/duty';
import { handoverEn } from './features/handover';
import { notifyEn } from './features/notifications';
import { integrationsEn } from './features/integrations';
import { closuresEn } from './features/closures';
import { replayEn } from './features/replay';
import { reportEn } from './features/report';
import { callersEn } from './features/callers';
import { controlEn } from './features/control';
import { stalenessEn } from './features/staleness';
import { prioPhrasesEn } from './features/priority-phrases';
import { linksEn } from './features/links';
import { historyEn } from './features/history';
import { phoneEn } from './features/phone';
import { shiftEn } from './features/shift';
import type { MessageKey } from './zh-CN';

export const en: Record<MessageKey, string> = {
  'app.title': 'Redsail Dispatch',
  'app.loading': 'Loading…',
  'app.techTitle': 'Redsail · Technician',

  'role.admin': 'Admin',
  'role.dispatcher': 'Dispatcher',
  'role.technician': 'Technician',
  'role.viewer': 'Viewer',

  'action.logout': 'Log out',
  'lang.switch': '中文',
  'lang.switchTitle': 'Switch the interface language',

  'login.title': 'Redsail Dispatch',
  'login.subtitle': 'Maintenance dispatch and device monitoring for residential compounds',
  'login.username': 'Username',
  'login.password': 'Password',
  'login.submit': 'Log in',
  'login.submitting': 'Logging in…',
  'login.invalid': 'Wrong username or password',
  'login.throttled': 'Too many failed logins; try again later',
  'login.failed': 'Login failed; check the network and try again',

  'conn.connecting': 'Connecting to the server…',
  'conn.syncing': 'Loading the latest data…',
  'conn.reconnecting': 'Connection lost, reconnecting',
  'conn.staleHint': 'The data shown is paused; it reloads as soon as the connection is back',

  'alarms.title': 'Live alarms',
  'alarms.count': '{n}',
  'alarms.empty': 'No active alarms',
  'alarms.ack': 'Ack',
  'alarms.acked': 'Acknowledged · {by}',
  'alarms.repeats': 'repeated {n}×',
  'alarms.ackFailed': 'Acknowledge failed: {message}',

  'severity.critical': 'Critical',
  'severity.major': 'Major',
  'severity.minor': 'Minor',
  'severity.warning': 'Warning',

  'storm.title': 'Storm',
  'storm.detail': '{count} alarms from {compounds} compounds within 5 minutes',

  'tickets.title': 'Tickets',
  'tickets.count': '{n}',
  'tickets.empty': 'None',
  'filter.priority': 'Priority',
  'filter.compound': 'Compound',
  'filter.source': 'Source',
  'filter.all': 'All',

  'status.new': 'New',
  'status.dispatched': 'Dispatched',
  'status.accepted': 'Accepted',
  'status.en_route': 'En route',
  'status.on_site': 'On site',
  'status.resolved': 'Resolved',
  'status.closed': 'Closed',
  'status.cancelled': 'Cancelled',

  'priority.P1': 'P1 urgent',
  'priority.P2': 'P2 high',
  'priority.P3': 'P3 medium',
  'priority.P4': 'P4 low',

  'source.alarm': 'Alarm',
  'source.hotline': 'Hotline',
  'source.grid': 'Grid',
  'source.inspection': 'Inspection',

  'sla.respond': 'on site in {time}',
  'sla.resolve': 'resolve in {time}',
  'sla.callback': 'call back in {time}',
  'sla.overdue': 'overdue {time}',
  'sla.atRisk': 'At risk',
  'sla.breached': 'Breached',

  'ticket.unassigned': 'No van',

  'kpi.openTickets': 'Open',
  'kpi.vansIdle': 'Idle vans',
  'kpi.vansBusy': 'Busy vans',
  'kpi.devicesOffline': 'Offline',
  'kpi.activeAlarms': 'Alarms',
  'kpi.responseToday': 'Response today',

  'health.ok': 'OK',
  'health.warning': 'Warning',
  'health.alarm': 'Alarm',
  'health.offline': 'Offline',

  'deviceStatus.online': 'Online',
  'deviceStatus.offline': 'Offline',
  'deviceStatus.unknown': 'Unknown',

  'vanStatus.offline': 'Offline',
  'vanStatus.idle': 'Idle',
  'vanStatus.assigned': 'Assigned',
  'vanStatus.en_route': 'En route',
  'vanStatus.on_site': 'On site',

  'map.label': 'Dispatch map',
  'map.cluster': '{n} devices',
  'map.lastSeen': 'last report {time}',

  'duration.hm': '{h} h {m} min',
  'duration.ms': '{m} min {s} s',

  'tech.current': 'Current ticket',
  'tech.others': "Your van's other tickets",
  'tech.none': 'No ticket is dispatched to your van',
  'tech.van': 'Van {van}',
  'tech.location': 'Location',
  'tech.reporter': 'Reporter',
  'tech.createdAt': 'Opened {time}',

  'detail.title': 'Ticket detail',
  'detail.close': 'Close detail',
  'detail.loading': 'Loading the ticket…',
  'detail.status': 'Status',
  'detail.priority': 'Priority',
  'detail.category': 'Category',
  'detail.source': 'Source',
  'detail.location': 'Location',
  'detail.van': 'Van',
  'detail.reporter': 'Reporter',
  'detail.created': 'Opened',
  'detail.timeline': 'Timeline',
  'detail.candidates': 'Dispatch (by ETA)',
  'detail.noCandidates': 'No van available',
  'detail.eta': 'about {min} min',
  'detail.notePlaceholder': 'Add a note',
  'detail.noteSubmit': 'Add note',
  'detail.reason': 'Reason',
  'detail.cancel': 'Cancel ticket',
  'detail.closeTicket': 'Close ticket',
  'detail.callback': 'Callback',
  'detail.satisfaction': 'Satisfaction',
  'detail.callbackNote': 'Callback note',
  'detail.callbackSubmit': 'Record callback',
  'satisfaction.satisfied': 'Satisfied',
  'satisfaction.neutral': 'Neutral',
  'satisfaction.unsatisfied': 'Unsatisfied',
  'event.created': 'Created',
  'event.dispatch': 'Dispatched',
  'event.accept': 'Accepted',
  'event.decline': 'Declined',
  'event.depart': 'Departed',
  'event.arrive': 'Arrived',
  'event.resolve': 'Resolved',
  'event.callback': 'Callback',
  'event.close': 'Closed',
  'event.reopen': 'Reopened',
  'event.cancel': 'Cancelled',
  'event.note': 'Note',
  'event.alarm_raised': 'Alarm raised',
  'event.alarm_cleared': 'Alarm cleared',
  'event.link': 'Report linked',
  'event.sla_breached': 'SLA breached',
  'event.device_verified': 'Repair confirmed by the device',
  'event.alarm_grouped': 'Alarm grouped',
  'event.escalated': 'Escalated',
  'event.patrol_route': 'Night patrol route',
  'event.repeat_fault': 'Fault came back: reopened',
  'event.attachment': 'Photo added',
  'tech.accept': 'Accept',
  'tech.decline': 'Decline',
  'tech.depart': 'Depart',
  'tech.arrive': 'Arrived',
  'tech.resolve': 'Resolve',
  'tech.reason': 'Reason for declining',
  'tech.note': 'What was done',
  'tech.confirm': 'Confirm',

  'error.generic': 'Something went wrong: {message}',
  ...deviceEn,
  ...hotlineEn,
  ...managerEn,
  ...technicianEn,
  ...fieldEn,
  ...mapEn,
  ...mapLegendEn,
  ...sitesEn,
  ...ticketDetailEn,
  ...proofEn,
  ...incidentsEn,
  ...auditEn,
  ...dutyEn,
  ...handoverEn,
  ...notifyEn,
  ...integrationsEn,
  ...closuresEn,
  ...replayEn,
  ...reportEn,
  ...callersEn,
  ...controlEn,
  ...stalenessEn,
  ...prioPhrasesEn,
  ...linksEn,
  ...historyEn,
  ...phoneEn,
  ...shiftEn,
};
