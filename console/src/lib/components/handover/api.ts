// The shift handover calls (api.md v1.1 "Reports, intake and handover"): list (newest first, paged,
// pending only), one, the preview of the sheet, hand over, sign off.
import type {
  AckHandoverBody,
  CreateHandoverBody,
  HandoverDto,
  HandoverSnapshotDto,
} from '../../../../../server/src/contracts/dto';
import { get, post } from '../../api/client';

export type {
  HandoverDto,
  HandoverSnapshotDto,
  HandoverTicketDto,
} from '../../../../../server/src/contracts/dto';
export { HANDOVER_NOTE_MAX } from '../../../../../server/src/contracts/dto/handovers';

export interface ListQuery {
  before?: string;
  limit?: number;
  pending?: boolean;
}

function query(q: ListQuery): string {
  const p = new URLSearchParams();
  if (q.before) p.set('before', q.before);
  if (q.limit !== undefined) p.set('limit', String(q.limit));
  if (q.pending !== undefined) p.set('pending', String(q.pending));
  const s = p.toString();
  return s ? `?${s}` : '';
}

export const handoversApi = {
  list: (q: ListQuery = {}, signal?: AbortSignal) => get<HandoverDto[]>(`/api/handovers${query(q)}`, signal),
  get: (id: string, signal?: AbortSignal) =>
    get<HandoverDto>(`/api/handovers/${encodeURIComponent(id)}`, signal),
  preview: (signal?: AbortSignal) => get<HandoverSnapshotDto>('/api/handovers/preview', signal),
  create: (body: CreateHandoverBody) => post<HandoverDto>('/api/handovers', body),
  ack: (id: string, body: AckHandoverBody) =>
    post<HandoverDto>(`/api/handovers/${encodeURIComponent(id)}/ack`, body),
};
