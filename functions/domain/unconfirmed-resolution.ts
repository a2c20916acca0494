import * as z from 'zod/mini';
import { personSchema } from './decisions';
import './zod-english';

/**
 * What a person asks of resolve-unconfirmed-notices.ts: apart from the use case, so that the OpenAPI document does not
 * bring the notice sending and its templates with it.
 */

export const UNCONFIRMED_RESOLUTIONS = ['sent', 'resend'] as const;

export const unconfirmedResolutionSchema = z.strictObject({
  /** `sent`: SES shows the notices left. `resend`: they did not, or nobody can tell; send them now. */
  resolution: z.enum(UNCONFIRMED_RESOLUTIONS),
  /** What the person checked and found, e.g. what the SES logs showed for the crashed run. */
  reason: z.string().check(z.trim(), z.minLength(1), z.maxLength(2000)),
  decidedBy: personSchema,
});
export type UnconfirmedResolution = z.infer<typeof unconfirmedResolutionSchema>;
