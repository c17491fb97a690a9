// The wire shapes of GET /api/stats, from the server's contract (server/src/contracts/dto.ts StatsDto).
export type { CompoundStatsDto, StatsDto, VanStatsDto } from '../../api/types';
