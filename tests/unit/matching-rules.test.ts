import { describe, expect, it } from 'vitest'
import { parseLimit } from '~/modules/matching/api.server'
import { needFilterForOffer, offerFilterForNeed, READY_BY_GRACE_DAYS, violatedRules } from '~/modules/matching/constraints'
import { distanceScore, matchFeatures, scoreMatch } from '~/modules/matching/scoring'
import { agreementKindFor, NEED_KINDS_FOR_OFFER, OFFER_KINDS_FOR_NEED, PRIMARY_OFFER_KIND } from '~/modules/listings/vocabulary'
import { budgetOverWindow, convert, perDay, priceFitsBudget, workingDays } from '~/modules/money/units'
import { DOCUMENT_FORMAT, type NeedDocument, type OfferDocument } from '~/modules/search/documents.server'
import { seedTaxonomy } from '../support/taxonomy'

const rates = new Map([
  ['VND', 1],
  ['USD', 26_000],
  ['EUR', 30_000],
])
const taxonomy = seedTaxonomy()
const day = (d: string) => new Date(`${d}T00:00:00Z`)
const ts = (d: string) => day(d).getTime() / 1000

describe('units', () => {
  it('counts 8 hours a day and 22 working days a month', () => {
    expect(perDay(50, 'hour')).toBe(400)
    expect(perDay(400, 'day')).toBe(400)
    expect(perDay(8_800, 'month')).toBe(400)
    expect(perDay(5_000, 'total')).toBeNull()
  })

  it('counts Monday to Friday, both ends included', () => {
    expect(workingDays(day('2027-03-01'), day('2027-03-07'))).toBe(5) // Monday to Sunday
    expect(workingDays(day('2027-03-06'), day('2027-03-07'))).toBe(1) // a weekend still counts one day
    expect(workingDays(day('2027-03-01'), day('2027-03-31'))).toBe(23)
  })

  it('spreads budgets over the need’s window', () => {
    expect(budgetOverWindow(500, 'day', day('2027-03-01'), day('2027-03-05'))).toEqual({ perDay: 500, total: 2_500 })
    expect(budgetOverWindow(2_500, 'total', day('2027-03-01'), day('2027-03-05'))).toEqual({ perDay: 500, total: 2_500 })
    // An expert need stating its days: a total budget spreads over them, not over the window.
    expect(budgetOverWindow(2_500, 'total', day('2027-03-01'), day('2027-03-31'), 5)).toEqual({ perDay: 500, total: 2_500 })
    expect(budgetOverWindow(500, 'day', day('2027-03-01'), day('2027-03-31'), 4)).toEqual({ perDay: 500, total: 2_000 })
  })

  it('converts through VND and refuses unknown currencies', () => {
    expect(convert(100, 'USD', 'VND', rates)).toBe(2_600_000)
    expect(convert(300, 'EUR', 'USD', rates)).toBeCloseTo(346.15, 2)
    expect(convert(100, 'GBP', 'VND', rates)).toBeNull()
  })

  it('lets a price equal to the budget fit, and compares totals with totals', () => {
    const budget = { currency: 'USD', perDay: 700, total: 14_000 }
    expect(priceFitsBudget({ currency: 'USD', perDay: 700, total: null }, budget, rates)).toBe(true)
    expect(priceFitsBudget({ currency: 'USD', perDay: 700.01, total: null }, budget, rates)).toBe(false)
    expect(priceFitsBudget({ currency: 'EUR', perDay: 600, total: null }, budget, rates)).toBe(true) // 600 EUR ≈ 692 USD
    expect(priceFitsBudget({ currency: 'EUR', perDay: 700, total: null }, budget, rates)).toBe(false)
    expect(priceFitsBudget({ currency: 'USD', perDay: null, total: 14_000 }, budget, rates)).toBe(true)
    expect(priceFitsBudget({ currency: 'USD', perDay: null, total: 15_000 }, budget, rates)).toBe(false)
    expect(priceFitsBudget({ currency: 'GBP', perDay: 1, total: null }, budget, rates)).toBe(false)
  })
})

function need(overrides: Partial<NeedDocument> = {}): NeedDocument {
  return {
    type: 'need', id: 'n1', key: 'need-1', kind: 'expert', status: 'open', title: 'Chuyên gia hàn', description: '',
    occupations: ['Hàn'], skills: ['hàn TIG'], occupationKeys: ['han'], occupationFamilies: ['welding'], skillKeys: taxonomy.resolveSkill('hàn TIG'),
    taxonomyTerms: [], searchText: '', ownerKey: 'col', ownerName: 'College', ownerNameVi: null, district: null, verified: true,
    languages: ['en'], languageSet: 'en', startDate: '2027-03-01', endDate: '2027-03-31', startTs: ts('2027-03-01'), endTs: ts('2027-03-31'),
    geo: { lat: 21.03, lng: 105.8 }, createdAt: 0, updatedAt: 0, version: 0, format: DOCUMENT_FORMAT, quantity: 1, days: null, onSite: true,
    hasBudget: true, budgetCurrency: 'USD', budgetAmount: 500, budgetPer: 'day', budgetPerDay: 500, budgetTotal: 11_500, budgetVndPerDay: 13_000_000,
    ...overrides,
  }
}

function offer(overrides: Partial<OfferDocument> = {}): OfferDocument {
  return {
    type: 'offer', id: 'o1', key: 'offer-1', kind: 'expert_service', status: 'open', title: 'Welding trainer', description: '',
    occupations: ['Welding'], skills: ['TIG welding'], occupationKeys: ['han'], occupationFamilies: ['welding'], skillKeys: taxonomy.resolveSkill('TIG welding'),
    taxonomyTerms: [], searchText: '', ownerType: 'expert', ownerKey: 'exp', ownerName: 'Expert', ownerNameVi: null, district: null, verified: true,
    languages: ['en', 'de'], startDate: '2027-03-15', endDate: '2027-04-30', startTs: ts('2027-03-15'), endTs: ts('2027-04-30'),
    createdAt: 0, updatedAt: 0, version: 0, format: DOCUMENT_FORMAT, capacity: 1, remote: false, equipmentTerms: null,
    hasPrice: true, priceCurrency: 'USD', priceAmount: 400, pricePer: 'day', pricePerDay: 400, priceTotal: null, priceVndPerDay: 10_400_000,
    ...overrides,
  }
}

describe('hard constraints', () => {
  it('accepts a pair that keeps every rule', () => {
    expect(violatedRules(need(), offer(), rates)).toEqual([])
  })

  it('names each broken rule', () => {
    expect(violatedRules(need(), offer({ kind: 'placement' }), rates)).toEqual(['kind'])
    expect(violatedRules(need(), offer({ status: 'closed' }), rates)).toEqual(['open'])
    expect(violatedRules(need(), offer({ startTs: ts('2027-04-01'), endTs: ts('2027-05-01') }), rates)).toEqual(['dates'])
    expect(violatedRules(need(), offer({ languages: ['de'] }), rates)).toEqual(['language'])
    expect(violatedRules(need(), offer({ remote: true }), rates)).toEqual(['onSite'])
    expect(violatedRules(need(), offer({ pricePerDay: 520, priceAmount: 65, pricePer: 'hour' }), rates)).toEqual(['budget'])
  })

  it('counts the last day of a window as overlapping', () => {
    expect(violatedRules(need(), offer({ startTs: ts('2027-03-31'), endTs: ts('2027-04-30') }), rates)).toEqual([])
  })

  it('takes an expert speaking at least one of the languages a need accepts', () => {
    expect(violatedRules(need({ languages: ['en', 'fr'] }), offer({ languages: ['en', 'de'] }), rates)).toEqual([])
    expect(violatedRules(need({ languages: ['fr', 'ja'] }), offer({ languages: ['en', 'de'] }), rates)).toEqual(['language'])
    expect(violatedRules(need({ languages: [], languageSet: '-' }), offer({ languages: [] }), rates)).toEqual([])
  })

  it('lets a remote expert serve a need that is not on site', () => {
    expect(violatedRules(need({ onSite: false }), offer({ remote: true }), rates)).toEqual([])
  })

  it('exempts sponsorship from language, place and price, not from dates', () => {
    const sponsorship = offer({ kind: 'sponsorship', languages: ['vi'], remote: false, priceAmount: 100_000_000, priceCurrency: 'VND', pricePer: 'total', pricePerDay: null, priceTotal: 100_000_000 })
    expect(violatedRules(need(), sponsorship, rates)).toEqual([])
    expect(violatedRules(need(), { ...sponsorship, startTs: ts('2027-05-01'), endTs: ts('2027-06-01') }, rates)).toEqual(['dates'])
  })
})

describe('constraint filters', () => {
  it('turn every rule into a Meilisearch filter over the offers', () => {
    const filter = offerFilterForNeed(need(), rates)
    expect(filter).toContain('kind IN ["expert_service", "sponsorship"]')
    expect(filter).toContain('status = "open"')
    expect(filter).toContain(`startTs <= ${ts('2027-03-31')}`)
    expect(filter).toContain(`endTs >= ${ts('2027-03-01')}`)
    expect(filter).toContain('languages IN ["en"]')
    expect(offerFilterForNeed(need({ languages: ['fr', 'en'] }), rates)).toContain('languages IN ["fr", "en"]')
    expect(filter).toContain('remote = false')
    // 500 USD/day in each currency: 13,000,000 VND and 433.33 EUR.
    expect(filter).toContain('priceCurrency = "USD") AND ((pricePerDay <= 500.000001)')
    expect(filter).toContain('pricePerDay <= 13000000.013')
    expect(filter).toMatch(/priceCurrency = "EUR"\) AND \(\(pricePerDay <= 433\.33/)
  })

  it('turn every rule into a Meilisearch filter over the needs', () => {
    const filter = needFilterForOffer(offer(), rates)
    expect(filter).toContain('kind IN ["expert"]')
    expect(filter).toContain('(languageSet = "-") OR (languages IN ["en", "de"])')
    expect(filter).toContain('budgetCurrency = "USD") AND (budgetPerDay >= 399.99')
    expect(needFilterForOffer(offer({ remote: true }), rates)).toContain('onSite = false')
  })

})

describe('scoring', () => {
  const college = { lat: 21.0285, lng: 105.8542 }
  const internship = need({
    kind: 'internship', occupations: ['Sửa chữa ô tô'], skills: ['pin xe điện'], occupationKeys: ['cong-nghe-o-to'],
    occupationFamilies: ['automotive'], skillKeys: taxonomy.resolveSkill('pin xe điện'), languages: [], languageSet: '-',
    quantity: 10, hasBudget: false, budgetCurrency: null, budgetAmount: null, budgetPer: null, budgetPerDay: null, budgetTotal: null,
    budgetVndPerDay: null, geo: college,
  })
  const placement = (overrides: Partial<OfferDocument>) =>
    offer({
      kind: 'placement', occupations: ['Automotive repair'], skills: ['EV battery'], occupationKeys: ['cong-nghe-o-to'],
      occupationFamilies: ['automotive'], skillKeys: taxonomy.resolveSkill('EV battery'), capacity: 10, hasPrice: false,
      priceCurrency: null, priceAmount: null, pricePer: null, pricePerDay: null, priceTotal: null, priceVndPerDay: null,
      geo: { lat: 21.03, lng: 105.86 }, ...overrides,
    })
  const score = (o: OfferDocument) => scoreMatch(o.kind, matchFeatures(internship, o, { taxonomy, rates })).score

  it('ranks same field with shared skills nearby above far away, above no shared skill, above a related field', () => {
    const best = score(placement({}))
    const far = score(placement({ geo: { lat: 21.14, lng: 105.5 } }))
    const noSkill = score(placement({ skills: ['sơn ô tô'], skillKeys: taxonomy.resolveSkill('sơn ô tô') }))
    const related = score(placement({ occupations: ['Cơ điện tử'], occupationKeys: ['co-dien-tu'], occupationFamilies: ['mechatronics'], skills: ['cảm biến'], skillKeys: taxonomy.resolveSkill('cảm biến') }))
    expect(best).toBeGreaterThan(far)
    expect(far).toBeGreaterThan(noSkill)
    expect(noSkill).toBeGreaterThan(related)
  })

  it('counts a sponsorship for the field below the thing itself', () => {
    const sponsorship = placement({ kind: 'sponsorship', capacity: null, geo: undefined })
    expect(score(placement({}))).toBeGreaterThan(score(sponsorship))
  })

  it('prefers verified owners and enough places among equals', () => {
    expect(score(placement({}))).toBeGreaterThan(score(placement({ verified: false })))
    expect(score(placement({}))).toBeGreaterThan(score(placement({ capacity: 2 })))
  })

  it('does not call an unrelated listing a match', () => {
    const unrelated = placement({ occupations: ['Kế toán'], occupationKeys: ['ke-toan-doanh-nghiep'], occupationFamilies: ['finance-accounting'], skills: ['MISA'], skillKeys: taxonomy.resolveSkill('MISA') })
    expect(scoreMatch('placement', matchFeatures(internship, unrelated, { taxonomy, rates })).relevant).toBe(false)
  })

  it('falls from 1 near to 0 far, half at 16 km', () => {
    expect(distanceScore(1)).toBeGreaterThan(0.95)
    expect(distanceScore(16)).toBeCloseTo(0.5, 5)
    expect(distanceScore(35)).toBeLessThan(0.01)
  })
})

describe('training orders', () => {
  // An internship need (a cohort of 12 in industrial electronics, interning in spring) and a
  // business's order for graduates in the same trade, ready by the end of June.
  const cohort = need({
    kind: 'internship', occupations: ['Điện tử công nghiệp'], skills: ['hàn linh kiện'], occupationKeys: ['dien-tu-cong-nghiep'],
    occupationFamilies: ['electronics'], skillKeys: taxonomy.resolveSkill('hàn linh kiện'), languages: [], languageSet: '-', quantity: 12,
    startDate: '2027-03-01', endDate: '2027-05-31', startTs: ts('2027-03-01'), endTs: ts('2027-05-31'), geo: { lat: 21.0285, lng: 105.8542 },
    hasBudget: false, budgetCurrency: null, budgetAmount: null, budgetPer: null, budgetPerDay: null, budgetTotal: null, budgetVndPerDay: null,
  })
  const order = (overrides: Partial<OfferDocument> = {}) =>
    offer({
      kind: 'training_order', ownerType: 'org', occupations: ['Industrial electronics'], skills: ['soldering'], occupationKeys: ['dien-tu-cong-nghiep'],
      occupationFamilies: ['electronics'], skillKeys: taxonomy.resolveSkill('soldering'), languages: ['vi'], capacity: 15,
      startDate: '2027-01-01', endDate: '2027-06-30', startTs: ts('2027-01-01'), endTs: ts('2027-06-30'), geo: { lat: 21.1, lng: 105.78 },
      hasPrice: false, priceCurrency: null, priceAmount: null, pricePer: null, pricePerDay: null, priceTotal: null, priceVndPerDay: null,
      ...overrides,
    })
  const readyBy = (date: string) => order({ endDate: date, endTs: ts(date) })
  const scored = (o: OfferDocument, n: NeedDocument = cohort) => scoreMatch(o.kind, matchFeatures(n, o, { taxonomy, rates }))

  it('pair only with internship needs, whose main kind stays the placement, into training-order agreements', () => {
    expect(OFFER_KINDS_FOR_NEED.internship).toContain('training_order')
    expect(OFFER_KINDS_FOR_NEED.equipment).not.toContain('training_order')
    expect(OFFER_KINDS_FOR_NEED.expert).not.toContain('training_order')
    expect(NEED_KINDS_FOR_OFFER.training_order).toEqual(['internship'])
    expect(PRIMARY_OFFER_KIND.internship).toBe('placement')
    expect(agreementKindFor('internship', 'training_order')).toBe('training_order')
    expect(agreementKindFor('internship', 'placement')).toBe('placement')
    expect(violatedRules(cohort, order(), rates)).toEqual([])
    expect(violatedRules(need(), order({ languages: ['en', 'de'] }), rates)).toEqual(['kind'])
    expect(violatedRules(need({ kind: 'equipment', languages: [] }), order(), rates)).toEqual(['kind'])
  })

  it('need the internship over by the ready-by date, give or take the grace period', () => {
    expect(READY_BY_GRACE_DAYS).toBe(30)
    expect(violatedRules(cohort, readyBy('2027-05-31'), rates)).toEqual([]) // the same day
    expect(violatedRules(cohort, readyBy('2027-05-01'), rates)).toEqual([]) // 30 days late: still around the date
    expect(violatedRules(cohort, readyBy('2027-04-30'), rates)).toEqual(['dates']) // 31 days late
    // an internship starting after the ready-by date cannot prepare the cohort
    expect(violatedRules(cohort, order({ startTs: ts('2026-10-01'), endDate: '2027-02-28', endTs: ts('2027-02-28') }), rates)).toEqual(['dates'])
    // a placement keeps the plain overlap rule
    expect(violatedRules(cohort, { ...readyBy('2027-04-30'), kind: 'placement' }, rates)).toEqual([])
  })

  it('say so in the filters both ways', () => {
    const offers = offerFilterForNeed(cohort, rates)
    expect(offers).toContain('kind IN ["placement", "training_order", "sponsorship"]')
    expect(offers).toContain(`(kind != "training_order") OR (endTs >= ${ts('2027-05-31') - READY_BY_GRACE_DAYS * 86_400})`)
    // not for a need whose kinds exclude training orders
    expect(offerFilterForNeed(need(), rates)).not.toContain('training_order')
    expect(offerFilterForNeed(cohort, rates, ['placement'])).not.toContain('training_order')

    const needs = needFilterForOffer(order(), rates)
    expect(needs).toContain('kind IN ["internship"]')
    expect(needs).toContain(`endTs <= ${ts('2027-06-30') + READY_BY_GRACE_DAYS * 86_400}`)
    expect(needFilterForOffer(offer(), rates)).not.toContain(`endTs <=`)
  })

  it('rank below a close placement in the trade, above a placement in a related field', () => {
    const placement = (overrides: Partial<OfferDocument> = {}) =>
      order({ kind: 'placement', capacity: 15, geo: { lat: 21.03, lng: 105.86 }, ...overrides })
    const trainingOrder = scored(order()).score
    expect(scored(placement()).score).toBeGreaterThan(trainingOrder)
    const related = placement({ occupations: ['Cơ điện tử'], occupationKeys: ['co-dien-tu'], occupationFamilies: ['mechatronics'], skills: ['cảm biến'], skillKeys: taxonomy.resolveSkill('cảm biến') })
    expect(trainingOrder).toBeGreaterThan(scored(related).score)
    expect(scored(order()).relevant).toBe(true)
  })

  it('prefer a cohort ready in time, enough graduates hired, and the same trade', () => {
    expect(scored(order()).features.daysLate).toBe(0)
    const late = readyBy('2027-05-11')
    expect(scored(late).features.daysLate).toBe(20)
    expect(scored(order()).score).toBeGreaterThan(scored(late).score)
    expect(scored(order()).score).toBeGreaterThan(scored(order({ capacity: 3 })).score)
    const otherTrade = order({ occupations: ['Kế toán'], occupationKeys: ['ke-toan-doanh-nghiep'], occupationFamilies: ['finance-accounting'], skills: ['MISA'], skillKeys: taxonomy.resolveSkill('MISA') })
    expect(scored(otherTrade).relevant).toBe(false)
    // other kinds carry no lateness
    expect(scored(order({ kind: 'placement' })).features.daysLate).toBeNull()
  })
})

describe('the API limit', () => {
  const limit = (query: string) => parseLimit(new URL(`http://localhost/api/v1/needs/x/matches${query}`))
  it('defaults to 10 and accepts 1–50', () => {
    expect(limit('')).toBe(10)
    expect(limit('?limit=1')).toBe(1)
    expect(limit('?limit=50')).toBe(50)
  })
  it('refuses anything else', () => {
    for (const bad of ['?limit=0', '?limit=51', '?limit=abc', '?limit=', '?limit=2.5', '?limit=-3']) expect(limit(bad), bad).toBeNull()
  })
})
