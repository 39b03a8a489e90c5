import { z } from 'zod'
import { CURRENCIES } from '~/utils/money'
import { DESCRIPTION_MAX, EQUIPMENT_CONDITIONS, WORK_PERMIT_STATUSES, type NeedKind, type OfferKind } from './vocabulary'

// A listing's kind-specific `details` JSON as stored, and how to read it back.

// Keys whose name contains "contact", "phone", "email" or "address" are contact data, shown
// only to vetted viewers (see visibility.ts). Money inside details is { amount (minor units), currency }.
const storedText = z.string().max(DESCRIPTION_MAX)
const storedMoney = z.object({ amount: z.number().int().positive(), currency: z.enum(CURRENCIES) })

export const NEED_DETAILS_SCHEMAS = {
  internship: z.object({ siteRequirements: storedText.optional(), supervisorContact: storedText.optional() }),
  equipment: z.object({ item: storedText.optional(), purpose: storedText.optional() }),
  expert: z.object({ subject: storedText.optional(), daysNeeded: z.number().int().positive().optional() }),
} as const

export const OFFER_DETAILS_SCHEMAS = {
  placement: z.object({ site: storedText.optional(), siteAddress: storedText.optional(), mentorContact: storedText.optional() }),
  equipment: z.object({
    condition: z.enum(EQUIPMENT_CONDITIONS).optional(),
    deposit: storedMoney.optional(),
    returnTerms: storedText.optional(),
    pickupArea: storedText.optional(),
  }),
  sponsorship: z.object({ districts: z.array(storedText).optional() }),
  expert_service: z.object({ availability: storedText.optional(), workPermit: z.enum(WORK_PERMIT_STATUSES).optional() }),
  // The standard graduates are trained to (the skills are the offer's own column, the
  // ready-by date its end date, the number to hire its capacity).
  training_order: z.object({ standard: storedText.optional(), certificate: storedText.optional(), recruiterContact: storedText.optional() }),
} as const

export type NeedDetails = { [K in NeedKind]: z.infer<(typeof NEED_DETAILS_SCHEMAS)[K]> }
export type OfferDetails = { [K in OfferKind]: z.infer<(typeof OFFER_DETAILS_SCHEMAS)[K]> }

/** A listing's stored details for its kind; anything that does not fit (e.g. imported "{}") reads as no details. */
export function readNeedDetails<K extends NeedKind>(kind: K, json: unknown): NeedDetails[K] {
  const parsed = NEED_DETAILS_SCHEMAS[kind].safeParse(json)
  return (parsed.success ? parsed.data : {}) as NeedDetails[K]
}

export function readOfferDetails<K extends OfferKind>(kind: K, json: unknown): OfferDetails[K] {
  const parsed = OFFER_DETAILS_SCHEMAS[kind].safeParse(json)
  return (parsed.success ? parsed.data : {}) as OfferDetails[K]
}
