import type { OfferKind } from '~/generated/prisma/enums'
import { NEED_KINDS_FOR_OFFER, OFFER_KINDS_FOR_NEED } from '~/modules/listings/vocabulary'
import type { NeedDocument, OfferDocument } from '~/modules/search/documents.server'
import { NO_LANGUAGES } from '~/modules/search/documents.server'
import { and, inList, or, quote } from '~/modules/search/filters'
import { convert, MONEY_EPSILON, priceFitsBudget, type Rates } from '~/modules/money/units'

// The hard constraints of a match (docs/decisions/007-matching.md), twice: as Meilisearch
// filters (how candidates are retrieved: a constraint is never a ranking hint) and as a
// plain check on two documents (a second gate before anything is returned, and the
// reference the filters are tested against).
//
//   kind      internship ↔ placement or training_order, equipment ↔ equipment, expert ↔
//             expert_service, any need ↔ sponsorship
//   open      both listings open (only open public listings are indexed at all)
//   dates     the windows overlap, end days included; a training order's end date is the date
//             its graduates must be ready by, so the internship (the cohort's last stage of
//             training) must also end no later than READY_BY_GRACE_DAYS after it
//   language  the offer speaks AT LEAST ONE of the need's languages (the teaching languages the
//             college accepts; none stated: any offer); sponsorship: money speaks no language
//   on site   an on-site need takes no remote-only offer (sponsorship exempt)
//   budget    the price fits the budget after unit and currency conversion (units.ts); an
//             offer without a price (donation, loan, placement) or a need without a budget
//             always fits; a sponsorship's amount is money offered, not a price. A total
//             budget spreads over the need's stated `days` (expert needs), else over the
//             working days of its window (documents.server.ts budgetOverWindow)

export type HardRule = 'kind' | 'open' | 'dates' | 'language' | 'onSite' | 'budget'

/**
 * How long after a training order's ready-by date an internship may still end: "around" the
 * date (a cohort finishing a few weeks late can still be hired); later than this, it cannot.
 */
export const READY_BY_GRACE_DAYS = 30
const DAY_SECONDS = 86_400
export const READY_BY_GRACE_SECONDS = READY_BY_GRACE_DAYS * DAY_SECONDS

export type NeedTerms = Pick<
  NeedDocument,
  'kind' | 'status' | 'startTs' | 'endTs' | 'languages' | 'onSite' | 'hasBudget' | 'budgetCurrency' | 'budgetPerDay' | 'budgetTotal'
>
export type OfferTerms = Pick<
  OfferDocument,
  'kind' | 'status' | 'startTs' | 'endTs' | 'languages' | 'remote' | 'hasPrice' | 'priceCurrency' | 'pricePerDay' | 'priceTotal'
>

function budgetOf(need: NeedTerms) {
  return need.hasBudget && need.budgetCurrency && need.budgetPerDay !== null && need.budgetTotal !== null
    ? { currency: need.budgetCurrency, perDay: need.budgetPerDay, total: need.budgetTotal }
    : null
}

function priceOf(offer: OfferTerms) {
  return offer.hasPrice && offer.priceCurrency ? { currency: offer.priceCurrency, perDay: offer.pricePerDay, total: offer.priceTotal } : null
}

/** Does an offer speak one of the need's accepted languages (any, when the need states none)? */
export function speaksOneOf(accepted: readonly string[], spoken: readonly string[]): boolean {
  return !accepted.length || accepted.some((language) => spoken.includes(language))
}

/** Every hard rule the pair breaks (empty: a valid match). */
export function violatedRules(need: NeedTerms, offer: OfferTerms, rates: Rates): HardRule[] {
  const broken: HardRule[] = []
  if (!OFFER_KINDS_FOR_NEED[need.kind].includes(offer.kind)) broken.push('kind')
  if (need.status !== 'open' || offer.status !== 'open') broken.push('open')
  if (offer.startTs > need.endTs || offer.endTs < need.startTs) broken.push('dates')
  else if (offer.kind === 'training_order' && need.endTs > offer.endTs + READY_BY_GRACE_SECONDS) broken.push('dates')
  if (offer.kind !== 'sponsorship') {
    if (!speaksOneOf(need.languages, offer.languages)) broken.push('language')
    if (need.onSite && offer.remote) broken.push('onSite')
    const budget = budgetOf(need)
    const price = priceOf(offer)
    if (budget && price && !priceFitsBudget(price, budget, rates)) broken.push('budget')
  }
  return broken
}

// ───────────────────────────── filters ─────────────────────────────

/** Decimal text Meilisearch parses, rounded outwards so float noise never excludes an exact fit. */
const upTo = (value: number) => (Math.ceil(value * (1 + MONEY_EPSILON) * 1e6) / 1e6).toFixed(6)
const atLeast = (value: number) => (Math.floor(value * (1 - MONEY_EPSILON) * 1e6) / 1e6).toFixed(6)

function currencies(rates: Rates): string[] {
  return [...rates.keys()].sort()
}

/** Offers a need may be matched with (on the offers index), limited to `kinds`. */
export function offerFilterForNeed(need: NeedTerms, rates: Rates, kinds: readonly OfferKind[] = OFFER_KINDS_FOR_NEED[need.kind]): string {
  const allowed = kinds.filter((kind) => OFFER_KINDS_FOR_NEED[need.kind].includes(kind))
  const budget = budgetOf(need)
  const priceRule = budget
    ? or(
        'hasPrice = false',
        ...currencies(rates).map((currency) => {
          const perDay = convert(budget.perDay, budget.currency, currency, rates)
          const total = convert(budget.total, budget.currency, currency, rates)
          if (perDay === null || total === null) return null
          return and(`priceCurrency = ${quote(currency)}`, or(`pricePerDay <= ${upTo(perDay)}`, `priceTotal <= ${upTo(total)}`))
        }),
      )
    : null
  const languageRule = need.languages.length ? inList('languages', need.languages) : null
  const pricedRules = and(languageRule, need.onSite ? 'remote = false' : null, priceRule)
  return and(
    inList('kind', allowed.length ? allowed : ['-']),
    'status = "open"',
    `startTs <= ${need.endTs}`,
    `endTs >= ${need.startTs}`,
    allowed.includes('training_order') ? or('kind != "training_order"', `endTs >= ${need.endTs - READY_BY_GRACE_SECONDS}`) : null,
    pricedRules ? or('kind = "sponsorship"', pricedRules) : null,
  )
}

/** Needs an offer may be matched with (on the needs index). */
export function needFilterForOffer(offer: OfferTerms, rates: Rates): string {
  const price = priceOf(offer)
  const budgetRule =
    price && offer.kind !== 'sponsorship'
      ? or(
          'hasBudget = false',
          ...currencies(rates).map((currency) => {
            const amount = price.perDay ?? price.total
            const converted = amount === null ? null : convert(amount, price.currency, currency, rates)
            if (converted === null) return null
            return and(`budgetCurrency = ${quote(currency)}`, `${price.perDay !== null ? 'budgetPerDay' : 'budgetTotal'} >= ${atLeast(converted)}`)
          }),
        )
      : null
  const exempt = offer.kind === 'sponsorship'
  return and(
    inList('kind', NEED_KINDS_FOR_OFFER[offer.kind]),
    'status = "open"',
    `startTs <= ${offer.endTs}`,
    `endTs >= ${offer.startTs}`,
    offer.kind === 'training_order' ? `endTs <= ${offer.endTs + READY_BY_GRACE_SECONDS}` : null,
    // A need without languages takes any offer; one with languages, an offer speaking one of them.
    exempt ? null : or(`languageSet = ${quote(NO_LANGUAGES)}`, offer.languages.length ? inList('languages', offer.languages) : null),
    !exempt && offer.remote ? 'onSite = false' : null,
    budgetRule,
  )
}
