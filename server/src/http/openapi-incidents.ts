// The OpenAPI operations of incidents and silences (api.md v1.1 "Incidents, silences, flapping").
import { z } from 'zod';
import * as dto from '../contracts/dto';
import type { Method, Op } from './openapi-types';

export const incidentOps: Record<string, Partial<Record<Method, Op>>> = {
  '/api/incidents': {
    get: {
      summary: 'Power cuts of feeding devices with the alarms they explain, newest first',
      roles: 'any',
      query: dto.IncidentQuery,
      ok: { status: 200, schema: z.array(dto.IncidentDto) },
    },
  },
  '/api/incidents/withheld': {
    get: {
      summary: 'Active alarms without a ticket of their own, and why (grouped, held, silenced, restoring)',
      roles: 'any',
      ok: { status: 200, schema: z.array(dto.WithheldAlarmDto) },
    },
  },
  '/api/incidents/{id}': {
    get: {
      summary: 'One incident, by its root alarm id',
      roles: 'any',
      ok: { status: 200, schema: dto.IncidentDto },
    },
  },
  '/api/silences': {
    get: {
      summary: 'Silences in force (all=true: recent ones too)',
      roles: 'any',
      query: dto.SilenceListQuery,
      ok: { status: 200, schema: z.array(dto.SilenceDto) },
    },
    post: {
      summary: 'Silence matching alarms for a while: they open no ticket until it ends',
      roles: 'dispatcher',
      body: dto.CreateSilenceBody,
      ok: { status: 201, schema: dto.SilenceDto },
    },
  },
  '/api/silences/preview': {
    post: {
      summary: 'What a silence with this match would cover',
      roles: 'dispatcher',
      body: dto.SilencePreviewBody,
      ok: { status: 200, schema: dto.SilencePreviewDto },
    },
  },
  '/api/silences/{id}': {
    delete: {
      summary: 'End a silence now (409 when it has ended already)',
      roles: 'dispatcher',
      conflict: true,
      ok: { status: 200, schema: dto.SilenceDto },
    },
  },
};
