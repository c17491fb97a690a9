// Wire formats of the HTTP API and Socket.IO (api.md), one zod schema each; TS types are inferred.
// The OpenAPI document (/api/openapi.json) is generated from these same schemas. One file per
// resource under dto/; import from here.
export * from './dto/common';
export * from './dto/people';
export * from './dto/places';
export * from './dto/devices';
export * from './dto/tickets';
export * from './dto/vans';
export * from './dto/stats';
export * from './dto/incidents';
export * from './dto/audit';
export * from './dto/duty';
export * from './dto/notifications';
export * from './dto/push';
export * from './dto/roads';
export * from './dto/tracks';
export * from './dto/reports';
export * from './dto/handovers';
export * from './dto/intake';
