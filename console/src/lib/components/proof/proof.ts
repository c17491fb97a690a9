// The ticket detail's field-work figures as plain functions: the cost of a part line, the labour time
// in words, and the image URL of an attachment.
import type { TicketDetailDto } from '../../api/types';

export type Part = NonNullable<TicketDetailDto['parts']>[number];
export type Attachment = NonNullable<TicketDetailDto['attachments']>[number];

/** qty × unit cost, to the fen; undefined when the part has no cost. */
export function lineCost(p: Part): number | undefined {
  return p.unitCostYuan === undefined ? undefined : Math.round(p.qty * p.unitCostYuan * 100) / 100;
}

/** Two decimals, as a receipt shows yuan. */
export const yuan = (n: number): string => n.toFixed(2);

/** Whole hours and the minutes left over. */
export function labourParts(min: number): { h: number; m: number } {
  return { h: Math.floor(min / 60), m: min % 60 };
}

/** The bytes of an attachment (the session cookie goes with it: same origin). */
export const attachmentUrl = (a: Pick<Attachment, 'id'>): string =>
  `/api/attachments/${encodeURIComponent(a.id)}`;
