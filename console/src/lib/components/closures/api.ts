// The road closure calls (api.md v1.1 "Roads, routes and tracks"): those in force, create, end.
import type { CreateRoadClosureBody, RoadClosureDto } from '../../../../../server/src/contracts/dto';
import { del, get, post } from '../../api/client';

export type { RoadClosureDto } from '../../../../../server/src/contracts/dto';
export type ClosureBody = Omit<CreateRoadClosureBody, 'radiusM'> & { radiusM?: number };

export const closuresApi = {
  list: (signal?: AbortSignal) => get<RoadClosureDto[]>('/api/road-closures', signal),
  create: (body: ClosureBody) => post<RoadClosureDto>('/api/road-closures', body),
  end: (id: string) => del<undefined>(`/api/road-closures/${encodeURIComponent(id)}`),
};
