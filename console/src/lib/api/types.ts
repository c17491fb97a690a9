// The wire types the console uses, all taken from the server's contracts (never redefined here).
import type { z } from 'zod';
import type {
  CandidateDto as CandidateSchema,
  LoginResponse,
  TicketDetailDto as TicketDetailSchema,
} from '../../../../server/src/contracts/dto';
import type { ServerToClientEvents } from '../../../../server/src/contracts/socket';

export type {
  AlarmDto,
  TicketEventBody,
  CompoundDto,
  DeviceDto,
  TicketDto,
  UserDto,
  VanDto,
  VanPosition,
} from '../../../../server/src/contracts/dto';
export type { ClientToServerEvents, ServerToClientEvents } from '../../../../server/src/contracts/socket';

import type { AlarmDto, DeviceDto, TicketDto, VanDto } from '../../../../server/src/contracts/dto';

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
export type TimelineEntry = TicketDetailDto['timeline'][number];
export type CandidateDto = z.infer<typeof CandidateSchema>;
