import * as z from 'zod/mini';
import './zod-english';

/**
 * The facts that decide which laws apply to a breach, kept apart from the rule files so the report and the policy can
 * carry them without every function bundling the rules.
 */

/** ISO 3166-1 alpha-2 ('GB', 'IE'), or a subdivision of ISO 3166-2 ('DE-BE', 'US-CA'). */
export const placeCode = z
  .string()
  .check(z.regex(/^[A-Z]{2}(-[A-Z0-9]{1,3})?$/, 'an ISO 3166 code such as GB, IE or DE-BE'));

/** Sectors a regime turns on; the organisation's policy says which of them it is in. */
export const REGULATED_SECTORS = [
  /** Public electronic communications services (PECR reg. 5A; ePrivacy Directive Art. 4(3)). */
  'electronic-communications',
  /** NIS2 Annex I/II entities, essential or important. */
  'nis2-essential',
  'nis2-important',
  /** DORA Art. 2 financial entities. */
  'financial-entity',
  /** Federal public bodies in Germany, whose supervisor is the BfDI rather than a Land (BDSG § 9). */
  'de-federal-public-body',
] as const;
export type RegulatedSector = (typeof REGULATED_SECTORS)[number];

/** Policy: where the organisation is established (main establishment first) and its regulated sectors. */
export const organisationJurisdictionSchema = z.strictObject({
  establishments: z.array(placeCode).check(z.minLength(1), z.maxLength(50)),
  sectors: z.array(z.enum(REGULATED_SECTORS)).check(z.maxLength(REGULATED_SECTORS.length)),
});
export type OrganisationJurisdiction = z.infer<typeof organisationJurisdictionSchema>;

/** The five presets and every policy without the field: a UK organisation under UK GDPR only. */
export const UK_ONLY: OrganisationJurisdiction = Object.freeze({
  establishments: ['GB'],
  sectors: [],
}) as OrganisationJurisdiction;

/** Report: where the affected people live, with how many when known. */
export const peopleInSchema = z
  .array(
    z.strictObject({
      place: placeCode,
      subjects: z.optional(z.number().check(z.int(), z.minimum(0), z.maximum(1_000_000_000))),
    }),
  )
  .check(z.minLength(1), z.maxLength(60));

/** Report: an incident regime's classification, decided by the organisation (NIS2 Art. 23(3), DORA Art. 18). */
export const incidentSchema = z.strictObject({
  nis2Significant: z.optional(z.boolean()),
  doraMajor: z.optional(z.boolean()),
  /** When it was classified as major (DORA's 4 hours run from here). */
  classifiedAt: z.optional(z.iso.datetime({ offset: true })),
});
