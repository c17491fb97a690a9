// The wire types the console uses, all taken from the server's contracts (never redefined here).
import type { z } from 'zod';
import type {
  CandidateDto as CandidateSchema,
  CommandSentDto as CommandSentSchema,
  CreateChannelBody as CreateChannelSchema,
  CreateSilenceBody as CreateSilenceSchema,
  DeviceDetailDto as DeviceDetailSchema,
  DuplicateDto as DuplicateSchema,
  LoginResponse,
  SilencePreviewDto as SilencePreviewSchema,
  TelemetryDto as TelemetrySchema,
  TicketDetailDto as TicketDetailSchema,
} from '../../../../server/src/contracts/dto';
import type { ServerToClientEvents } from '../../../../server/src/contracts/socket';

export type {
  AlarmDto,
  AuditEntryDto,
  ChannelDto,
  DeliveryDto,
  TicketEventBody,
  CompoundDto,
  DeviceDto,
  GateWhyDto,
  IncidentDto,
  MapConfigDto,
  RoadsDto,
  RouteDto,
  SilenceDto,
  SiteDto,
  StatsDto,
  TicketDto,
  UserDto,
  VanDto,
  VanPosition,
  WithheldAlarmDto,
} from '../../../../server/src/contracts/dto';
export type { ClientToServerEvents, ServerToClientEvents } from '../../../../server/src/contracts/socket';
export { BATCHED_STATES } from '../../../../server/src/contracts/socket';

import type {
  AlarmDto,
  CompoundStatsDto as CompoundStatsSchema,
  DeviceDto,
  IncidentDto,
  TicketDto,
  VanDto,
  VanStatsDto as VanStatsSchema,
} from '../../../../server/src/contracts/dto';

export type CreateChannelBody = z.input<typeof CreateChannelSchema>;
export type SessionUser = z.infer<typeof LoginResponse>['user'];
export type Role = SessionUser['role'];
export type Severity = AlarmDto['severity'];
export type TicketStatus = TicketDto['status'];
export type Priority = TicketDto['priority'];
export type TicketSource = TicketDto['source'];
export type DeviceStatus = DeviceDto['status'];
export type VanStatus = VanDto['status'];
export type DeviceStatusEvent = Parameters<ServerToClientEvents['device:status']>[0];
export type DeviceStateEvent = Parameters<ServerToClientEvents['device:state']>[0];
export type TicketDetailDto = z.infer<typeof TicketDetailSchema>;
/** An open ticket a new report is the same problem as (GET /api/tickets/duplicates). */
export type DuplicateDto = z.infer<typeof DuplicateSchema>;
export type CallerDto = NonNullable<TicketDto['callers']>[number];
export type TimelineEntry = TicketDetailDto['timeline'][number];
export type CandidateDto = z.infer<typeof CandidateSchema>;
export type DeviceDetailDto = z.infer<typeof DeviceDetailSchema>;
export type TelemetryDto = z.infer<typeof TelemetrySchema>;
export type TelemetryPoint = TelemetryDto['points'][number];
export type CommandSentDto = z.infer<typeof CommandSentSchema>;
export type CommandAckEvent = Parameters<ServerToClientEvents['command:ack']>[0];
export type CompoundStatsDto = z.infer<typeof CompoundStatsSchema>;
export type VanStatsDto = z.infer<typeof VanStatsSchema>;
export type IncidentAffected = IncidentDto['affected'][number];
export type SilenceMatch = z.input<typeof CreateSilenceSchema>['match'];
export type CreateSilenceBody = z.input<typeof CreateSilenceSchema>;
export type SilencePreviewDto = z.infer<typeof SilencePreviewSchema>;
