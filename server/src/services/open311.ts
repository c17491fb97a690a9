// Open311 GeoReport v2 intake (docs/open311.md): a request an integration files becomes a ticket of
// the integration's source through TicketService.createManual (SLA, dispatch, push as for any
// hand-opened ticket), recorded as by `integration:<id>`, in the compound whose outline holds its
// point. A request with a position within 50 m of an open ticket of its category (opened ≤ 24 h ago)
// joins that ticket instead (TicketService.link), and the same service_request_id answers both. A
// request with only an address is never joined automatically.
import type {
  Open311CreatedDto,
  Open311ListQuery,
  Open311RequestBody,
  Open311StatusDto,
} from '../contracts/dto';
import { DomainError, invalid } from '../errors';
import { OPEN_STATUSES } from '../pipeline/lifecycle';
import type { Actor } from '../pipeline/ticket-decisions';
import type { CompoundRecord, IntegrationRecord, TicketFilter, TicketRecord } from '../store/store';
import type { Clock } from '../clock';
import { integrationActor } from './integrations';
import { open311Status, type Open311Locale } from './open311-map';
import { compoundAt } from './open311-place';
import type { TicketService } from './tickets';

/** GET requests.json covers at most this span, and answers at most this many. */
export const LIST_SPAN_MS = 90 * 24 * 3600_000;
export const LIST_MAX = 1000;

export interface Open311Deps {
  tickets: Pick<TicketService, 'createManual' | 'link' | 'duplicatesOf' | 'detail' | 'list'>;
  clock: Clock;
  /** The compounds whose outlines place a request's point (read per request: a short list). */
  compounds: () => Promise<CompoundRecord[]>;
  /** agency_responsible of every request (ORG_NAME). */
  agency: string;
}

export interface Open311Filed {
  answer: Open311CreatedDto;
  ticketId: string;
  joined: boolean;
}

export const actorOf = (i: IntegrationRecord): Actor => ({
  username: integrationActor(i.id),
  role: 'integration',
});

/** 12345 gives the caller's name family name first: 张 + 三 → 张三. */
function callerName(b: Open311RequestBody, i: IntegrationRecord): string {
  const name = `${b.last_name ?? ''}${b.first_name ?? ''}`.trim();
  return name === '' ? `${i.name}来电人` : name.slice(0, 50);
}

/** media_url is kept as a line of the description (the photo itself is not fetched). */
function descriptionOf(b: Open311RequestBody): string {
  const text = b.description ?? '';
  return (b.media_url === undefined ? text : `${text}\n照片：${b.media_url}`).slice(0, 2000);
}

export class Open311Service {
  constructor(private readonly d: Open311Deps) {}

  async file(i: IntegrationRecord, b: Open311RequestBody): Promise<Open311Filed> {
    const by = actorOf(i);
    const description = descriptionOf(b);
    const reporter = b.phone === undefined ? undefined : { name: callerName(b, i), phone: b.phone };
    const account = b.account_id === undefined ? {} : { account_id: b.account_id };
    if (b.lat !== undefined && b.long !== undefined) {
      const at = this.d.clock.now();
      const [match] = this.d.tickets.duplicatesOf({ category: b.service_code, lat: b.lat, lng: b.long, at });
      if (match) {
        const report = {
          description,
          source: i.source,
          ...(reporter && { reporter }),
          ...(b.address_string !== undefined && { address: b.address_string }),
        };
        const joined = await this.d.tickets.link(match.ticket.id, report, by).catch((e: unknown) => {
          // Closed in the meantime: the request opens a ticket of its own below.
          if (e instanceof DomainError && e.kind === 'conflict') return undefined;
          throw e;
        });
        if (joined) {
          const notice = `已并入现有工单 ${joined.id}（同类报修，相距 ${match.distanceM} 米）；该工单办结后统一回访`;
          return {
            answer: { service_request_id: joined.id, service_notice: notice, ...account },
            ticketId: joined.id,
            joined: true,
          };
        }
      }
    }
    const compoundId =
      b.lat === undefined || b.long === undefined
        ? undefined
        : compoundAt(await this.d.compounds(), b.lat, b.long);
    const t = await this.d.tickets.createManual(
      {
        category: b.service_code,
        ...(compoundId !== undefined && { compoundId }),
        description,
        source: i.source,
        ...(b.lat !== undefined && b.long !== undefined && { lat: b.lat, lng: b.long }),
        ...(b.address_string !== undefined && { address: b.address_string }),
        ...(reporter && { reporter }),
      },
      by,
    );
    const notice = b.lat === undefined ? '已受理（仅有地址，未自动查重）' : '已受理';
    return {
      answer: { service_request_id: t.id, service_notice: notice, ...account },
      ticketId: t.id,
      joined: false,
    };
  }

  async status(id: string, locale: Open311Locale): Promise<Open311StatusDto | undefined> {
    const found = await this.d.tickets.detail(id);
    return found && open311Status(found.ticket, found.timeline, { locale, agency: this.d.agency });
  }

  /**
   * By service_request_id: those tickets (any that exists). Otherwise the tickets of the integration's
   * source created in [start_date, end_date] (default: the 90 days before now; at most 90 days),
   * newest first, at most 1000.
   */
  async list(i: IntegrationRecord, q: Open311ListQuery, locale: Open311Locale): Promise<Open311StatusDto[]> {
    let tickets: TicketRecord[];
    if (q.service_request_id !== undefined) {
      const all = await Promise.all(q.service_request_id.map((id) => this.status(id, locale)));
      return all.filter((x): x is Open311StatusDto => x !== undefined).filter((x) => keep(x, q));
    }
    const to = q.end_date === undefined ? this.d.clock.now() : Date.parse(q.end_date);
    const from = q.start_date === undefined ? to - LIST_SPAN_MS : Date.parse(q.start_date);
    if (from > to) throw invalid('start_date: must not be after end_date');
    if (to - from > LIST_SPAN_MS)
      throw invalid('start_date: the range is at most 90 days; ask for a shorter one');
    const filter: TicketFilter = { source: i.source, createdFrom: from, createdTo: to, limit: LIST_MAX };
    if (q.status === 'open') filter.status = [...OPEN_STATUSES];
    if (q.status === 'closed') filter.status = ['closed', 'cancelled'];
    tickets = await this.d.tickets.list(filter);
    if (q.service_code !== undefined) tickets = tickets.filter((t) => t.category === q.service_code);
    const out = await Promise.all(tickets.map((t) => this.status(t.id, locale)));
    return out.filter((x): x is Open311StatusDto => x !== undefined);
  }
}

function keep(x: Open311StatusDto, q: Open311ListQuery): boolean {
  return (
    (q.status === undefined || x.status === q.status) &&
    (q.service_code === undefined || x.service_code === q.service_code)
  );
}
