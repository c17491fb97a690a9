// Settings of the dusk sweep (docs/operations.md "Dusk sweep"): how long after sunset the lamps found
// dark become one night-patrol ticket.
import { z } from 'zod';

export const SweepConfigShape = {
  /** Minutes after sunset (at the depot, nights in SITE_TZ) the dusk sweep runs; 0 = off. */
  DUSK_SWEEP_AFTER_MIN: z.coerce
    .number({ error: 'DUSK_SWEEP_AFTER_MIN must be a number of minutes' })
    .int('DUSK_SWEEP_AFTER_MIN must be a whole number of minutes')
    .min(0, 'DUSK_SWEEP_AFTER_MIN must be 0 (off) or more minutes')
    .max(720, 'DUSK_SWEEP_AFTER_MIN must be at most 720 minutes (12 hours)')
    .default(30),
};
