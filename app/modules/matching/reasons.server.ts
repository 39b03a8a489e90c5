import { formatDate, type Language } from '~/modules/i18n/i18n'
import type { getTFor } from '~/modules/i18n/i18n.server'
import type { NeedDocument, OfferDocument } from '~/modules/search/documents.server'
import { formatMoney, isCurrency, toMinorUnits } from '~/utils/money'
import type { MatchFeatures } from './scoring'
import type { Taxonomy } from '~/modules/taxonomy/taxonomy'

// Why a pair matches, in the viewer's language: the college looking at offers for its
// need (viewer "need"), or the business/expert looking at needs for its offer ("offer").
// Most telling first; at most MAX_REASONS.

const MAX_REASONS = 6

export type Translate = Awaited<ReturnType<typeof getTFor>>

type ReasonInput = {
  need: NeedDocument
  offer: OfferDocument
  features: MatchFeatures
  taxonomy: Taxonomy
  lng: Language
  t: Translate
  viewer: 'need' | 'offer'
}

const INTL_LOCALE: Record<Language, string> = { vi: 'vi-VN', en: 'en-GB' }

function money(amount: number, currency: string, lng: Language): string {
  return isCurrency(currency) ? formatMoney(toMinorUnits(amount, currency), currency, lng) : `${amount} ${currency}`
}

function languageNames(codes: readonly string[], lng: Language): string {
  const names = new Intl.DisplayNames([INTL_LOCALE[lng]], { type: 'language' })
  const list = codes.map((code) => {
    try {
      return names.of(code) ?? code
    } catch {
      return code
    }
  })
  return new Intl.ListFormat(INTL_LOCALE[lng], { type: 'conjunction' }).format(list)
}

/** The viewer's own words for the skills both sides share. */
function sharedSkillWords(texts: readonly string[], shared: readonly string[], taxonomy: Taxonomy): string[] {
  const wanted = new Set(shared)
  return texts.filter((text) => taxonomy.resolveSkill(text).some((key) => wanted.has(key)))
}

export function matchReasons({ need, offer, features, taxonomy, lng, t, viewer }: ReasonInput): string[] {
  const reasons: string[] = []
  const number = new Intl.NumberFormat(INTL_LOCALE[lng], { maximumFractionDigits: 1 })

  // Occupation: named as the other side calls it, in the viewer's language when the taxonomy knows it.
  const { occupation } = features
  const otherKey = viewer === 'need' ? occupation.offerKey : occupation.needKey
  const otherWords = viewer === 'need' ? offer.occupations : need.occupations
  const name = (otherKey && taxonomy.occupationName(otherKey, lng)) || otherWords[0] || ''
  if (occupation.level === 'same') reasons.push(t('matching.reasons.sameOccupation', { name }))
  else if (occupation.level === 'family') reasons.push(t('matching.reasons.sameField', { name }))
  else if (occupation.level === 'related') reasons.push(t('matching.reasons.relatedField', { name }))
  else if (occupation.level === 'words') reasons.push(t('matching.reasons.similarOccupation', { name }))

  if (features.sharedSkills.length) {
    const words = sharedSkillWords(viewer === 'need' ? need.skills : offer.skills, features.sharedSkills, taxonomy)
    if (words.length) reasons.push(t('matching.reasons.sharedSkills', { skills: words.join(', ') }))
  }

  if (offer.kind === 'sponsorship') {
    reasons.push(
      offer.hasPrice && offer.priceAmount !== null && offer.priceCurrency
        ? t('matching.reasons.sponsorship', { amount: money(offer.priceAmount, offer.priceCurrency, lng) })
        : t('matching.reasons.sponsorshipOpen'),
    )
  }

  if (features.placeMatters && features.distanceKm !== null && offer.kind !== 'expert_service') {
    const km = number.format(features.distanceKm)
    reasons.push(t(viewer === 'need' ? 'matching.reasons.distanceFromCollege' : 'matching.reasons.distanceFromSite', { km }))
  }

  if (offer.capacity !== null && (offer.kind === 'placement' || offer.kind === 'equipment')) {
    const values = { capacity: offer.capacity, quantity: need.quantity }
    const enough = offer.capacity >= need.quantity
    if (offer.kind === 'placement') reasons.push(t(enough ? 'matching.reasons.enoughPlaces' : 'matching.reasons.somePlaces', values))
    else reasons.push(t(enough ? 'matching.reasons.enoughUnits' : 'matching.reasons.someUnits', values))
  }
  // A training order: how many of the cohort it hires.
  if (offer.capacity !== null && offer.kind === 'training_order') {
    const values = { capacity: offer.capacity, quantity: need.quantity }
    reasons.push(t(offer.capacity >= need.quantity ? 'matching.reasons.enoughGraduates' : 'matching.reasons.someGraduates', values))
  }

  if (offer.kind !== 'sponsorship') {
    if (offer.hasPrice && offer.priceAmount !== null && offer.priceCurrency && offer.pricePer) {
      const price = t(`matching.per.${offer.pricePer}`, { amount: money(offer.priceAmount, offer.priceCurrency, lng) })
      if (need.hasBudget && need.budgetAmount !== null && need.budgetCurrency && need.budgetPer) {
        const amount = money(need.budgetAmount, need.budgetCurrency, lng)
        // A total budget for stated days is compared per day over those days: say so.
        const budget = need.budgetPer === 'total' && need.days ? t('matching.per.totalForDays', { amount, days: need.days }) : t(`matching.per.${need.budgetPer}`, { amount })
        reasons.push(t(viewer === 'need' ? 'matching.reasons.withinBudget' : 'matching.reasons.budgetCovers', { price, budget }))
      }
    } else if (offer.kind === 'equipment' && offer.equipmentTerms !== 'lease') {
      const terms = { donate: 'matching.reasons.donate', lend: 'matching.reasons.lend' } as const
      reasons.push(t(offer.equipmentTerms ? terms[offer.equipmentTerms] : 'matching.reasons.noCharge'))
    }
    // The accepted languages the offer speaks (it speaks at least one: constraints.ts).
    const shared = need.languages.filter((code) => offer.languages.includes(code))
    if (shared.length) reasons.push(t('matching.reasons.speaks', { languages: languageNames(shared, lng) }))
    if (offer.kind === 'expert_service') reasons.push(t(offer.remote ? 'matching.reasons.remote' : 'matching.reasons.onSite'))
  }

  if (offer.kind === 'training_order') {
    // Its end date is the ready-by date: is the cohort's internship over by then?
    const readyBy = formatDate(offer.endDate, lng)
    reasons.push(
      features.daysLate
        ? t('matching.reasons.readyLate', { days: features.daysLate, readyBy })
        : t('matching.reasons.readyInTime', { end: formatDate(need.endDate, lng), readyBy }),
    )
  } else {
    const start = offer.startTs > need.startTs ? offer.startDate : need.startDate
    const end = offer.endTs < need.endTs ? offer.endDate : need.endDate
    reasons.push(t('matching.reasons.dates', { start: formatDate(start, lng), end: formatDate(end, lng) }))
  }

  const owner = viewer === 'need' ? offer : need
  if (owner.verified) {
    reasons.push(
      t(viewer === 'offer' ? 'matching.reasons.verifiedCollege' : offer.ownerType === 'expert' ? 'matching.reasons.verifiedExpert' : 'matching.reasons.verifiedBusiness'),
    )
  }
  return reasons.slice(0, MAX_REASONS)
}
