import type { NeedDocument, OfferDocument } from '~/modules/search/documents.server'
import { haversineKm } from '~/modules/search/geo'
import type { Taxonomy } from '~/modules/taxonomy/taxonomy'
import { UNKNOWN_PREFIX } from '~/modules/taxonomy/taxonomy'
import { editDistance, fieldWords, matchForm, mayCarryTypo } from '~/modules/text/text'
import { budgetShare, type Rates } from '~/modules/money/units'
import { READY_BY_GRACE_DAYS } from './constraints'

// How well a valid pair fits: the documented blend (docs/decisions/007-matching.md). Every
// part is in [0, 1]; the weights sum to 1, so the score is in [0, 1].
//
//   0.40  occupation   same occupation 1, same family 0.92, related family 0.35; outside
//                      the taxonomy, 0.9 × the share of words the occupation names have in
//                      common (short forms written out, a slipped key forgiven in long words),
//                      or 0.8 of the share their titles' field words have, if more
//   0.22  skills       at least one skill in common (bilingual, through skill concepts)
//   0.10  coverage     the share of the need's skills the offer has
//   0.14  distance     placements: 1 up to ~10 km, ½ at 16 km, ~0 beyond 30 km (need's
//                      college to the offer's site); a little for equipment and on-site
//                      experts; a neutral ½ where place does not matter (sponsorship, remote)
//   0.04  capacity     places/units against students/units asked, capped at 1
//   0.03  price        1 − ½ × the share of the budget the price uses (free: 1)
//   0.03  verified     the owner is verified ("first among equals")
//   0.04  text         Meilisearch's ranking score for the need's own words
// A sponsorship is money towards the field, not the thing itself: its occupation and skill
// parts count 0.7. A training order hires the cohort after its training rather than hosting
// the internship itself: they count 0.85, so for an internship need a close placement in the
// same trade comes first and a training order in the trade before placements of a related
// field. A training order also loses up to 0.05 when the internship ends after its ready-by
// date (within the grace the hard rule allows, constraints.ts): the cohort would be late.

export const WEIGHTS = {
  occupation: 0.4,
  skills: 0.22,
  coverage: 0.1,
  distance: 0.14,
  capacity: 0.04,
  price: 0.03,
  verified: 0.03,
  text: 0.04,
} as const

export const OCCUPATION_LEVELS = { same: 1, family: 0.92, related: 0.35 } as const
const SPONSORSHIP_RELEVANCE = 0.7
const TRAINING_ORDER_RELEVANCE = 0.85
/** The most a training order loses for an internship ending (up to the grace) after its ready-by date. */
const LATE_PENALTY = 0.05
/**
 * How much place matters, by offer kind (1: fully, 0: not at all). Graduates hired through a
 * training order move for the job, but a college near the employer still suits it better.
 */
const PLACE_WEIGHT = { placement: 1, equipment: 0.3, expert_service: 0.1, sponsorship: 0, training_order: 0.3 } as const satisfies Record<
  OfferDocument['kind'],
  number
>
/** Distance (km) at which the distance part is ½, and how fast it falls around there. */
const HALF_SCORE_KM = 16
const FALLOFF_KM = 3

export type OccupationLevel = 'same' | 'family' | 'related' | 'words' | 'none'

export type MatchFeatures = {
  occupation: { level: OccupationLevel; score: number; needKey: string | null; offerKey: string | null }
  /** skill concepts both listings name */
  sharedSkills: string[]
  coverage: number
  distanceKm: number | null
  /** does place count for this pair (placements, equipment, experts working on site)? */
  placeMatters: boolean
  distance: number
  capacity: number | null
  budgetShare: number | null
  verified: boolean
  text: number
  /** training orders: days the internship ends after the ready-by date (0: in time); null for other kinds */
  daysLate: number | null
}

export type Scored = { score: number; features: MatchFeatures; relevant: boolean }

export function distanceScore(km: number): number {
  return 1 / (1 + Math.exp((km - HALF_SCORE_KM) / FALLOFF_KM))
}

/** The words of names as compared: folded, short forms written out, plurals dropped (text.ts matchForm). */
function words(texts: readonly string[]): Set<string> {
  return new Set(texts.flatMap((text) => matchForm(text).split(' ')).filter((word) => word.length > 1))
}

/** The same word, or the same with one slipped key when both are long non-Vietnamese words ("opeartor", "operator"). */
function sameWord(a: string, b: string): boolean {
  return a === b || (mayCarryTypo(a) && mayCarryTypo(b) && editDistance(a, b, 1) <= 1)
}

/** The words of texts that say which field they are about (text.ts fieldWords). */
function fieldWordSet(texts: readonly string[]): Set<string> {
  return new Set(texts.flatMap(fieldWords).filter((word) => word.length > 1 && !/^\d+$/.test(word)))
}

/** How much a title's words count against the occupation names' own. */
const TITLE_WORDS_WEIGHT = 0.8

/** Share of words two sets have in common (Jaccard), forgiving a slipped key in long words. */
function wordOverlap(left: ReadonlySet<string>, theirs: ReadonlySet<string>): number {
  const right = [...theirs]
  if (!left.size || !right.length) return 0
  let shared = 0
  for (const word of left) if (right.some((other) => sameWord(word, other))) shared++
  return shared / (left.size + right.length - shared)
}

function occupationMatch(need: NeedDocument, offer: OfferDocument, taxonomy: Taxonomy): MatchFeatures['occupation'] {
  let best: MatchFeatures['occupation'] = { level: 'none', score: 0, needKey: null, offerKey: null }
  const consider = (level: OccupationLevel, score: number, needKey: string, offerKey: string) => {
    if (score > best.score) best = { level, score, needKey, offerKey }
  }
  for (const needKey of need.occupationKeys) {
    const needFamily = taxonomy.familyOf(needKey)
    const related = new Set(taxonomy.relatedFamilies([needFamily]))
    for (const offerKey of offer.occupationKeys) {
      const offerFamily = taxonomy.familyOf(offerKey)
      if (needKey === offerKey) consider('same', OCCUPATION_LEVELS.same, needKey, offerKey)
      else if (needFamily === offerFamily) consider('family', OCCUPATION_LEVELS.family, needKey, offerKey)
      else if (related.has(offerFamily)) consider('related', OCCUPATION_LEVELS.related, needKey, offerKey)
    }
  }
  // Occupations the taxonomy does not know: compare their words, and those of the titles
  // (a college names its trade in the title as often as in the occupation: "Cần chỗ TT cho
  // SV ngành Vận hành cần trục" with the occupation "Lái cẩu"), the title's a little less.
  const unknown = (keys: readonly string[]) => keys.some((key) => key.startsWith(UNKNOWN_PREFIX))
  if (best.level === 'none' && (unknown(need.occupationKeys) || unknown(offer.occupationKeys))) {
    const byName = wordOverlap(words(need.occupations), words(offer.occupations))
    const byTitle = wordOverlap(fieldWordSet([need.title, ...need.occupations]), fieldWordSet([offer.title, ...offer.occupations]))
    const overlap = Math.max(byName, TITLE_WORDS_WEIGHT * byTitle)
    if (overlap > 0) best = { level: 'words', score: 0.9 * overlap, needKey: null, offerKey: null }
  }
  return best
}

export function matchFeatures(
  need: NeedDocument,
  offer: OfferDocument,
  context: { taxonomy: Taxonomy; rates: Rates; textScore?: number },
): MatchFeatures {
  const offerSkills = new Set(offer.skillKeys)
  const sharedSkills = need.skillKeys.filter((key) => offerSkills.has(key))
  const placeMatters =
    offer.kind === 'placement' ||
    offer.kind === 'equipment' ||
    offer.kind === 'training_order' ||
    (offer.kind === 'expert_service' && need.onSite && !offer.remote)
  const distanceKm = need.geo && offer.geo && placeMatters ? haversineKm(need.geo, offer.geo) : null
  const budget =
    need.hasBudget && need.budgetCurrency && need.budgetPerDay !== null && need.budgetTotal !== null
      ? { currency: need.budgetCurrency, perDay: need.budgetPerDay, total: need.budgetTotal }
      : null
  const price =
    offer.kind !== 'sponsorship' && offer.hasPrice && offer.priceCurrency
      ? { currency: offer.priceCurrency, perDay: offer.pricePerDay, total: offer.priceTotal }
      : null
  return {
    occupation: occupationMatch(need, offer, context.taxonomy),
    sharedSkills,
    coverage: need.skillKeys.length ? sharedSkills.length / need.skillKeys.length : 0,
    distanceKm,
    placeMatters,
    distance: distanceKm === null ? 0.5 : distanceScore(distanceKm),
    capacity: offer.capacity !== null && offer.kind !== 'sponsorship' ? Math.min(1, offer.capacity / need.quantity) : null,
    budgetShare: budget && price ? budgetShare(price, budget, context.rates) : null,
    verified: offer.verified,
    text: Math.max(0, Math.min(1, context.textScore ?? 0)),
    daysLate: offer.kind === 'training_order' ? Math.max(0, Math.ceil((need.endTs - offer.endTs) / 86_400)) : null,
  }
}

/** Below this, a text-only candidate shares too few words with the need to be a match. */
const MIN_TEXT_SCORE = 0.75

export function scoreMatch(offerKind: OfferDocument['kind'], features: MatchFeatures): Scored {
  const relevanceFactor = offerKind === 'sponsorship' ? SPONSORSHIP_RELEVANCE : offerKind === 'training_order' ? TRAINING_ORDER_RELEVANCE : 1
  const placeWeight = PLACE_WEIGHT[offerKind]
  const place = 0.5 + placeWeight * (features.distance - 0.5)
  const score =
    relevanceFactor *
      (WEIGHTS.occupation * features.occupation.score +
        WEIGHTS.skills * (features.sharedSkills.length ? 1 : 0) +
        WEIGHTS.coverage * features.coverage) +
    WEIGHTS.distance * place +
    WEIGHTS.capacity * (features.capacity ?? 0.5) +
    WEIGHTS.price * (features.budgetShare === null ? 1 : 1 - 0.5 * Math.min(1, features.budgetShare)) +
    WEIGHTS.verified * (features.verified ? 1 : 0) +
    WEIGHTS.text * features.text -
    LATE_PENALTY * Math.min(1, (features.daysLate ?? 0) / READY_BY_GRACE_DAYS)
  const relevant = features.occupation.score > 0 || features.sharedSkills.length > 0 || features.text >= MIN_TEXT_SCORE
  return { score: Math.max(0, Math.min(1, score)), features, relevant }
}
