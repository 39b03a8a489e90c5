// The listings' fixed words: kinds, units, terms and limits, shared by the forms, the
// stored details and the server.

export const NEED_KINDS = ['internship', 'equipment', 'expert'] as const
export type NeedKind = (typeof NEED_KINDS)[number]
/**
 * training_order: a business will hire `capacity` graduates in an occupation once they are
 * trained to the standard in its details (skills, certificate, ready by a date); a college
 * answers it with a cohort from an internship need.
 */
export const OFFER_KINDS = ['placement', 'equipment', 'sponsorship', 'expert_service', 'training_order'] as const
export type OfferKind = (typeof OFFER_KINDS)[number]
/** Which kinds can be paired: matching retrieves these, and proposals pair only these. */
export const OFFER_KINDS_FOR_NEED: Record<NeedKind, readonly OfferKind[]> = {
  internship: ['placement', 'training_order', 'sponsorship'],
  equipment: ['equipment', 'sponsorship'],
  expert: ['expert_service', 'sponsorship'],
}

export const NEED_KINDS_FOR_OFFER: Record<OfferKind, readonly NeedKind[]> = {
  placement: ['internship'],
  equipment: ['equipment'],
  expert_service: ['expert'],
  sponsorship: ['internship', 'equipment', 'expert'],
  training_order: ['internship'],
}

/** The offer kind a need is mainly looking for (besides sponsorship). */
export const PRIMARY_OFFER_KIND: Record<NeedKind, OfferKind> = { internship: 'placement', equipment: 'equipment', expert: 'expert_service' }

export const AGREEMENT_KINDS = ['placement', 'equipment', 'expert', 'training_order', 'sponsorship'] as const
export type AgreementKind = (typeof AGREEMENT_KINDS)[number]

/** What an agreement between a need and an offer of these kinds is about (its terms follow). */
export function agreementKindFor(needKind: NeedKind, offerKind: OfferKind): AgreementKind {
  if (offerKind === 'sponsorship') return 'sponsorship'
  if (offerKind === 'training_order') return 'training_order'
  return needKind === 'internship' ? 'placement' : needKind
}

export const EQUIPMENT_TERMS = ['donate', 'lend', 'lease'] as const
export type EquipmentTerm = (typeof EQUIPMENT_TERMS)[number]
export const PRICE_UNITS = ['hour', 'day', 'month', 'total'] as const
export type PriceUnit = (typeof PRICE_UNITS)[number]
/** How an expert (need or service) is paid. */
export const RATE_UNITS = ['hour', 'day', 'total'] as const
export const EQUIPMENT_CONDITIONS = ['new', 'like_new', 'good', 'fair', 'needs_repair'] as const
/**
 * A foreign expert working on site in Việt Nam: holds a work permit, is exempt (e.g. short
 * stays under Decree 152/2020), has applied, or needs the hiring college to apply.
 */
export const WORK_PERMIT_STATUSES = ['has_permit', 'exempt', 'in_progress', 'needs_sponsor'] as const
export const WORK_MODES = ['onsite', 'remote'] as const
/** Offered as checkboxes; a listing's own other codes are added to the list when editing. */
export const COMMON_LANGUAGES = ['vi', 'en', 'ja', 'ko', 'zh', 'de', 'fr'] as const

export const MAX_IMAGE_BYTES = 5 * 1024 * 1024
export const IMAGE_CONTENT_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const
export type ImageContentType = (typeof IMAGE_CONTENT_TYPES)[number]
export const MAX_IMAGES_PER_LISTING = 4

export const TITLE_MAX = 200
export const DESCRIPTION_MAX = 5000
export const TERM_MAX = 120
export const TERMS_MAX = 20
/** Quantities and capacities (students, units, places). */
export const QUANTITY_MAX = 100_000

export function isNeedKind(value: unknown): value is NeedKind {
  return typeof value === 'string' && (NEED_KINDS as readonly string[]).includes(value)
}

export function isOfferKind(value: unknown): value is OfferKind {
  return typeof value === 'string' && (OFFER_KINDS as readonly string[]).includes(value)
}
