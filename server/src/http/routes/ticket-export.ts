// GET /api/tickets.csv (dispatcher, viewer): the tickets created in a range with their proof of work —
// parts and their cost, labour minutes, photo and signature links, the callback — for the subdistrict's
// accounts and spreadsheets. Pages through the store; a range with too many tickets is refused.
import { Router } from 'express';
import { TicketExportQuery } from '../../contracts/dto';
import { parse } from '../../contracts/parse';
import { ticketsCsv } from '../../formats/ticket-csv';
import type { Services } from '../../services';
import type { TicketRecord } from '../../store/store';
import { allow } from '../auth';
import { HttpError } from '../errors';

/** At most this many rows in one file. */
export const EXPORT_MAX_ROWS = 50_000;
const PAGE = 1000;

export function ticketExportRouter(s: Services): Router {
  const r = Router();
  r.get('/tickets.csv', allow('dispatcher', 'viewer'), async (req, res) => {
    const { from, to, lang, ...filter } = parse(TicketExportQuery, req.query, 'query');
    const range = { createdFrom: Date.parse(from), createdTo: Date.parse(to), limit: PAGE };
    const tickets: TicketRecord[] = [];
    let before: string | undefined;
    for (;;) {
      const page = await s.tickets.list({ ...filter, ...range }, before);
      tickets.push(...page);
      if (tickets.length > EXPORT_MAX_ROWS)
        throw new HttpError(
          400,
          'bad_request',
          `more than ${EXPORT_MAX_ROWS} tickets in this range: export a shorter range or add a filter`,
        );
      if (page.length < PAGE) break;
      before = page.at(-1)!.id;
    }
    tickets.reverse(); // oldest first, as a ledger reads
    const [attachments, compounds] = await Promise.all([
      s.attachments.byTicket(tickets.map((t) => t.id)),
      s.compounds.names(),
    ]);
    const body = ticketsCsv(
      tickets,
      attachments,
      {
        compound: (id) => compounds.get(id),
        device: (id) => s.devices.get(id)?.rec.name,
        van: (id) => s.vans.get(id)?.rec.name,
      },
      lang,
    );
    const day = (iso: string) => iso.slice(0, 10);
    res.type('text/csv; charset=utf-8');
    res.set('cache-control', 'no-store');
    res.set('content-disposition', `attachment; filename="redsail-tickets-${day(from)}_${day(to)}.csv"`);
    res.send(body);
  });
  return r;
}
