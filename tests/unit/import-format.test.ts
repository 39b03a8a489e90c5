/* eslint-disable @typescript-eslint/no-explicit-any -- these tests break documents in arbitrary ways */
import fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import { isCalendarDate, parseImportDocumentSchema, toJsonPath } from '~/modules/import/format'
import { staticLookup, validateImportDocument, type ReferenceLookup } from '~/modules/import/import.server'
import {
  buildBusiness,
  buildCollege,
  buildDocument,
  buildExpert,
  buildMarketplace,
  buildNeed,
  buildOffer,
} from '../factories/listings'

// Validation of the import document (spec: import-format.md), without a database: the
// references the file does not satisfy are looked up in a fixed `staticLookup`.

const DEV_EVAL = '/work/shared/dev-eval/listings.json'

/** A small valid document: one of everything, and every offer kind. */
function validDocument() {
  const college = buildCollege({ key: 'org-college' })
  const business = buildBusiness({ key: 'org-business' })
  const expert = buildExpert({ key: 'exp-anna' })
  return buildDocument({
    organizations: [college, business],
    experts: [expert],
    needs: [
      buildNeed({ key: 'need-internship', org: college }),
      buildNeed({ key: 'need-expert', org: college, kind: 'expert' }),
    ],
    offers: [
      buildOffer({ key: 'offer-placement', org: business }),
      buildOffer({ key: 'offer-equipment', org: business, kind: 'equipment' }),
      buildOffer({ key: 'offer-sponsorship', org: business, kind: 'sponsorship' }),
      buildOffer({ key: 'offer-expert', expert }),
    ],
  })
}

type Doc = ReturnType<typeof validDocument>

/** A copy of the valid document changed by `mutate` (plain JSON, so anything can break). */
function broken(mutate: (doc: any) => void): Doc {
  const doc = structuredClone(validDocument())
  mutate(doc)
  return doc
}

async function errorsOf(input: unknown, lookup: ReferenceLookup = staticLookup()) {
  const result = await validateImportDocument(input, { lookup })
  if (result.ok) return []
  return result.errors
}

async function pathsOf(input: unknown, lookup?: ReferenceLookup) {
  return (await errorsOf(input, lookup)).map((e) => e.path)
}

describe('a valid document', () => {
  it('passes, with the defaults applied', async () => {
    const doc = validDocument()
    delete (doc.organizations![0] as any).verified
    delete (doc.needs![0] as any).onSite
    delete (doc.needs![0] as any).status
    delete (doc.needs![0] as any).languages
    delete (doc.offers![0] as any).remote
    delete (doc.offers![0] as any).status
    const result = await validateImportDocument(doc, { lookup: staticLookup() })
    expect(result).toMatchObject({ ok: true, warnings: [] })
    if (!result.ok) return
    expect(result.doc.organizations[0]).toMatchObject({ key: 'org-college', verified: false })
    expect(result.doc.needs[0]).toMatchObject({ onSite: true, status: 'open', languages: [] })
    expect(result.doc.offers[0]).toMatchObject({ remote: false, status: 'open', expert: null })
    expect(result.doc.offers[2]).toMatchObject({ kind: 'sponsorship', capacity: null })
  })

  it('may leave out collections and optional fields, or give them as null', async () => {
    const minimal = {
      version: 1,
      organizations: [{ key: 'org-1', kind: 'college', name: 'C1', location: null, nameVi: null }],
      experts: [{ key: 'exp-1', name: 'E', country: 'VN', languages: ['vi'] }],
    }
    const result = await validateImportDocument(minimal, { lookup: staticLookup() })
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.doc.needs).toEqual([])
    expect(result.doc.experts[0]).toMatchObject({ headline: '', bio: '', location: null, verified: false })
  })

  it('passes when the references are already in the database', async () => {
    const doc = buildDocument({
      needs: [buildNeed({ org: 'org-old-college' })],
      offers: [buildOffer({ org: 'org-old-business' }), buildOffer({ expert: 'exp-old' })],
    })
    const lookup = staticLookup({
      organizations: { 'org-old-college': 'college', 'org-old-business': 'business' },
      experts: ['exp-old'],
    })
    expect(await errorsOf(doc, lookup)).toEqual([])
  })

  it('accepts a large built marketplace', async () => {
    const doc = buildMarketplace({ colleges: 20, businesses: 30, experts: 10, needsPerCollege: 3, offersPerBusiness: 3 })
    expect(await errorsOf(doc)).toEqual([])
  })

  it.skipIf(!fs.existsSync(DEV_EVAL))('accepts the dev-eval listings (spec conformance)', async () => {
    const result = await validateImportDocument(JSON.parse(fs.readFileSync(DEV_EVAL, 'utf8')), { lookup: staticLookup() })
    expect(result.ok ? [] : result.errors).toEqual([])
    expect(result.warnings).toEqual([])
  })
})

describe('schema errors carry exact JSON paths', () => {
  const cases: [string, (doc: any) => void, string, RegExp][] = [
    ['bad key', (d) => d.organizations.push(buildCollege({ key: 'Org_College' })), '$.organizations[2].key', /a-z, 0-9/],
    ['too long key', (d) => d.experts.push(buildExpert({ key: 'x'.repeat(65) })), '$.experts[1].key', /1–64/],
    ['key type', (d) => (d.offers[0].key = 12), '$.offers[0].key', /string key/],
    ['missing key', (d) => delete d.needs[1].key, '$.needs[1].key', /is required/],
    ['org kind', (d) => (d.organizations[1].kind = 'school'), '$.organizations[1].kind', /"college", "business"/],
    ['empty name', (d) => (d.organizations[0].name = '  '), '$.organizations[0].name', /must not be empty/],
    ['latitude', (d) => (d.organizations[0].location.lat = 91), '$.organizations[0].location.lat', /-90 and 90/],
    ['longitude', (d) => (d.offers[0].location.lng = -180.5), '$.offers[0].location.lng', /-180 and 180/],
    ['location type', (d) => (d.organizations[0].location = [21, 105]), '$.organizations[0].location', /lat/],
    ['verified type', (d) => (d.organizations[0].verified = 'yes'), '$.organizations[0].verified', /true or false/],
    ['website', (d) => (d.organizations[1].website = 'not a url'), '$.organizations[1].website', /http/],
    ['country lowercase', (d) => (d.experts[0].country = 'de'), '$.experts[0].country', /alpha-2/],
    ['country alpha-3', (d) => (d.experts[0].country = 'DEU'), '$.experts[0].country', /alpha-2/],
    ['expert language', (d) => (d.experts[0].languages = ['en', 'EN']), '$.experts[0].languages[1]', /ISO 639-1/],
    ['expert languages missing', (d) => delete d.experts[0].languages, '$.experts[0].languages', /is required/],
    ['need language', (d) => (d.needs[1].languages = ['eng']), '$.needs[1].languages[0]', /ISO 639-1/],
    ['need kind', (d) => (d.needs[0].kind = 'placement'), '$.needs[0].kind', /"internship", "equipment", "expert"/],
    ['quantity zero', (d) => (d.needs[0].quantity = 0), '$.needs[0].quantity', /at least 1/],
    ['quantity fraction', (d) => (d.needs[0].quantity = 2.5), '$.needs[0].quantity', /whole number/],
    ['quantity string', (d) => (d.needs[0].quantity = '20'), '$.needs[0].quantity', /must be a number/],
    ['quantity missing', (d) => delete d.needs[0].quantity, '$.needs[0].quantity', /is required/],
    ['capacity negative', (d) => (d.offers[0].capacity = -1), '$.offers[0].capacity', /at least 1/],
    ['date format', (d) => (d.needs[0].startDate = '2027/03/01'), '$.needs[0].startDate', /YYYY-MM-DD/],
    ['date not real', (d) => (d.needs[0].startDate = '2027-02-29'), '$.needs[0].startDate', /real calendar date/],
    ['month 13', (d) => (d.offers[1].endDate = '2027-13-01'), '$.offers[1].endDate', /real calendar date/],
    ['end before start', (d) => (d.needs[0].endDate = '2027-02-28'), '$.needs[0].endDate', /before startDate/],
    ['offer end before start', (d) => (d.offers[3].endDate = '2026-01-01'), '$.offers[3].endDate', /before startDate/],
    ['currency', (d) => (d.needs[1].budget.currency = 'JPY'), '$.needs[1].budget.currency', /"VND", "USD", "EUR"/],
    ['currency lowercase', (d) => (d.offers[3].price.currency = 'usd'), '$.offers[3].price.currency', /"USD"/],
    ['budget per', (d) => (d.needs[1].budget.per = 'week'), '$.needs[1].budget.per', /"hour", "day", "month", "total"/],
    ['negative amount', (d) => (d.offers[3].price.amount = -5), '$.offers[3].price.amount', /negative/],
    ['amount string', (d) => (d.offers[3].price.amount = '450'), '$.offers[3].price.amount', /must be a number/],
    ['VND fraction', (d) => (d.offers[2].price.amount = 1000.5), '$.offers[2].price.amount', /VND amounts must be whole/],
    ['USD cents', (d) => (d.offers[3].price.amount = 450.123), '$.offers[3].price.amount', /2 decimal places/],
    ['too large', (d) => (d.offers[2].price.amount = 1e17), '$.offers[2].price.amount', /too large/],
    ['status', (d) => (d.offers[0].status = 'filled'), '$.offers[0].status', /"open", "closed"/],
    ['onSite type', (d) => (d.needs[0].onSite = 1), '$.needs[0].onSite', /true or false/],
    ['occupation empty', (d) => (d.needs[0].occupations = ['Hàn', '']), '$.needs[0].occupations[1]', /must not be empty/],
    ['skills type', (d) => (d.offers[0].skills = 'PLC'), '$.offers[0].skills', /array/],
    ['offer kind', (d) => (d.offers[0].kind = 'internship'), '$.offers[0].kind', /"placement"/],
    ['equipment terms value', (d) => (d.offers[1].equipmentTerms = 'sell'), '$.offers[1].equipmentTerms', /"donate", "lend", "lease"/],
    ['need as array', (d) => (d.needs[0] = []), '$.needs[0]', /object/],
    ['collection type', (d) => (d.experts = {}), '$.experts', /array/],
  ]

  it.each(cases)('%s', async (_name, mutate, path, message) => {
    const errors = await errorsOf(broken(mutate))
    expect(errors.map((e) => e.path)).toEqual([path])
    expect(errors[0]!.message).toMatch(message)
  })

  it('rejects something that is not a document at all', async () => {
    expect(await errorsOf('hello')).toEqual([{ path: '$', message: expect.stringMatching(/JSON object/) }])
    expect(await errorsOf(null)).toEqual([{ path: '$', message: expect.stringMatching(/JSON object/) }])
  })

  it('needs version 1 or 2, and stops at another version', async () => {
    expect(await pathsOf(broken((d) => delete d.version))).toEqual(['$.version'])
    for (const version of [3, 0, '2']) {
      const other = await errorsOf(broken((d) => {
        d.version = version
        d.needs[0].kind = 'anything'
      }))
      expect(other).toEqual([{ path: '$.version', message: expect.stringMatching(/unsupported version .*reads versions 1 and 2/) }])
    }
  })
})

describe('offers: owner, kind, capacity and terms', () => {
  const cases: [string, (doc: any) => void, string, RegExp][] = [
    ['both org and expert', (d) => (d.offers[0].expert = 'exp-anna'), '$.offers[0].expert', /exactly one/],
    ['neither org nor expert', (d) => delete d.offers[0].org, '$.offers[0].org', /exactly one/],
    ['null owners', (d) => ((d.offers[3].expert = null), (d.offers[3].org = null)), '$.offers[3].org', /exactly one/],
    ['expert service from a business', (d) => (d.offers[0].kind = 'expert_service'), '$.offers[0].org', /give "expert"/],
    ['placement from an expert', (d) => (d.offers[3].kind = 'placement'), '$.offers[3].expert', /give "org"/],
    ['sponsorship with capacity', (d) => (d.offers[2].capacity = 3), '$.offers[2].capacity', /omit it/],
    ['placement without capacity', (d) => delete d.offers[0].capacity, '$.offers[0].capacity', /required for placement/],
    ['terms on a placement', (d) => (d.offers[0].equipmentTerms = 'lend'), '$.offers[0].equipmentTerms', /only equipment offers/],
  ]

  it.each(cases)('%s', async (_name, mutate, path, message) => {
    const errors = await errorsOf(broken(mutate))
    expect(errors.map((e) => e.path)).toEqual([path])
    expect(errors[0]!.message).toMatch(message)
  })

  it('lets equipment offers leave their terms unstated, and expert services their capacity', async () => {
    expect(await errorsOf(broken((d) => ((d.offers[1].equipmentTerms = null), delete d.offers[3].capacity)))).toEqual([])
  })
})

describe("an expert need's days", () => {
  it('are optional on expert needs, in version 1 and 2 files alike', async () => {
    for (const version of [1, 2]) {
      expect(await errorsOf(broken((d) => ((d.version = version), (d.needs[1].days = 10))))).toEqual([])
      expect(await errorsOf(broken((d) => ((d.version = version), (d.needs[1].days = null))))).toEqual([])
    }
    const parsed = parseImportDocumentSchema(broken((d) => (d.needs[1].days = 10)))
    expect(parsed.ok && parsed.doc.needs[1]!.days).toBe(10)
  })

  it('are refused on other needs, and must be a positive whole number', async () => {
    const cases: [(doc: any) => void, RegExp][] = [
      [(d) => (d.needs[0].days = 10), /only expert needs/],
      [(d) => (d.needs[1].days = 0), /at least 1/],
      [(d) => (d.needs[1].days = 2.5), /whole number/],
      [(d) => (d.needs[1].days = 4000), /at most 3650/],
    ]
    for (const [mutate, message] of cases) {
      const errors = await errorsOf(broken(mutate))
      expect(errors).toHaveLength(1)
      expect(errors[0]!.path).toMatch(/^\$\.needs\[[01]\]\.days$/)
      expect(errors[0]!.message).toMatch(message)
    }
  })
})

describe('keys and references', () => {
  it('reports duplicate keys within a collection, pointing at the first use', async () => {
    const errors = await errorsOf(broken((d) => {
      d.needs[1].key = d.needs[0].key
      d.offers.push({ ...d.offers[0] })
    }))
    expect(errors).toEqual([
      { path: '$.needs[1].key', message: 'duplicate key "need-internship": already used by needs[0]' },
      { path: '$.offers[4].key', message: 'duplicate key "offer-placement": already used by offers[0]' },
    ])
  })

  it('allows the same key in different collections', async () => {
    expect(await errorsOf(broken((d) => (d.experts[0].key = 'org-college', (d.offers[3].expert = 'org-college'))))).toEqual([])
  })

  it('reports unknown organisations and experts', async () => {
    const errors = await errorsOf(broken((d) => {
      d.needs[0].org = 'org-nowhere'
      d.offers[0].org = 'org-nowhere'
      d.offers[3].expert = 'exp-nobody'
    }))
    expect(errors).toEqual([
      { path: '$.needs[0].org', message: 'unknown organisation "org-nowhere": not in this file or the database' },
      { path: '$.offers[0].org', message: 'unknown organisation "org-nowhere": not in this file or the database' },
      { path: '$.offers[3].expert', message: 'unknown expert "exp-nobody": not in this file or the database' },
    ])
  })

  it('checks the kind of the organisation on either side', async () => {
    const errors = await errorsOf(broken((d) => {
      d.needs[1].org = 'org-business'
      d.offers[1].org = 'org-college'
    }))
    expect(errors).toEqual([
      { path: '$.needs[1].org', message: expect.stringMatching(/is a business; needs belong to a college/) },
      { path: '$.offers[1].org', message: expect.stringMatching(/is a college; offers .* belong to a business/) },
    ])
  })

  it('checks kinds against the database too', async () => {
    const doc = buildDocument({ needs: [buildNeed({ org: 'org-db-business' })], offers: [buildOffer({ org: 'org-db-college' })] })
    const lookup = staticLookup({ organizations: { 'org-db-business': 'business', 'org-db-college': 'college' } })
    expect(await pathsOf(doc, lookup)).toEqual(['$.needs[0].org', '$.offers[0].org'])
  })

  it("refuses to change an existing organisation's kind", async () => {
    const lookup = staticLookup({ organizations: { 'org-college': 'business' } })
    expect(await errorsOf(validDocument(), lookup)).toEqual([
      { path: '$.organizations[0].kind', message: '"org-college" already exists as a business; an organisation\'s kind cannot change' },
    ])
  })

  it('lets the file win over the database for a reference in the file', async () => {
    // The database knows exp-anna too, and org-college is a college in both: no error.
    const lookup = staticLookup({ organizations: { 'org-college': 'college' }, experts: ['exp-anna'] })
    expect(await errorsOf(validDocument(), lookup)).toEqual([])
  })
})

describe('every error at once', () => {
  it('reports schema and reference errors together, in document order', async () => {
    const errors = await errorsOf(broken((d) => {
      d.offers[3].price.currency = 'GBP'
      d.offers[3].expert = 'exp-ghost'
      d.needs[1].budget.currency = 'JPY'
      d.needs[0].title = ''
      d.needs[0].org = 'org-ghost'
      d.experts[0].country = 'Germany'
      d.organizations[1].location = { lat: 100, lng: 200 }
    }))
    expect(errors.map((e) => e.path)).toEqual([
      '$.organizations[1].location.lat',
      '$.organizations[1].location.lng',
      '$.experts[0].country',
      '$.needs[0].title',
      '$.needs[0].org',
      '$.needs[1].budget.currency',
      '$.offers[3].price.currency',
      '$.offers[3].expert',
    ])
  })

  it('reports hundreds of errors without stopping', async () => {
    const doc = buildMarketplace({ colleges: 50, businesses: 1, experts: 0, needsPerCollege: 4, offersPerBusiness: 1 }) as any
    for (const need of doc.needs) need.startDate = '2027-02-30'
    expect(await errorsOf(doc)).toHaveLength(200)
  })
})

describe('version 2: training orders', () => {
  const trainingOrder = (overrides: Record<string, unknown> = {}) =>
    buildOffer({
      key: 'offer-training', org: 'org-business', kind: 'training_order', occupations: ['Điện tử công nghiệp'], skills: ['SMT'], capacity: 12,
      standard: 'IPC-A-610 class 2 soldering', certificate: 'National skills certificate, level 2', startDate: '2027-01-01', endDate: '2027-08-31',
      ...overrides,
    })
  /** The valid document as version 2, with a training order (offers[4]) changed by `mutate`. */
  const v2 = (mutate: (doc: any) => void = () => {}) =>
    broken((d) => {
      d.version = 2
      d.offers.push(trainingOrder())
      mutate(d)
    })

  it('reads a training order with its standard, next to every kind of version 1', async () => {
    const result = await validateImportDocument(v2(), { lookup: staticLookup() })
    expect(result).toMatchObject({ ok: true, warnings: [] })
    if (!result.ok) return
    expect(result.doc.offers.map((o) => o.kind)).toEqual(['placement', 'equipment', 'sponsorship', 'expert_service', 'training_order'])
    expect(result.doc.offers[4]).toMatchObject({
      capacity: 12, endDate: '2027-08-31', standard: 'IPC-A-610 class 2 soldering', certificate: 'National skills certificate, level 2', price: null,
    })
    // the standard and certificate are optional; other kinds read them as null
    const plain = await validateImportDocument(v2((d) => (delete d.offers[4].standard, (d.offers[4].certificate = null))), { lookup: staticLookup() })
    expect(plain.ok && plain.doc.offers[4]).toMatchObject({ standard: null, certificate: null })
    expect(plain.ok && plain.doc.offers[0]).toMatchObject({ standard: null, certificate: null })
  })

  it('keeps version 1 as it was: no training orders, and the new fields are unknown there', async () => {
    const v1Order = await errorsOf(broken((d) => d.offers.push(trainingOrder())))
    expect(v1Order).toEqual([{ path: '$.offers[4].kind', message: expect.stringMatching(/"version": 2/) }])
    const v1 = await validateImportDocument(broken((d) => (d.offers[0].standard = 'anything')), { lookup: staticLookup() })
    expect(v1).toMatchObject({ ok: true, warnings: [{ path: '$.offers[0].standard', message: 'unknown field, ignored' }] })
    expect(v1.ok && v1.doc.offers[0]).toMatchObject({ standard: null })
  })

  const cases: [string, (doc: any) => void, string, RegExp][] = [
    ['without capacity', (d) => delete d.offers[4].capacity, '$.offers[4].capacity', /required for training_order offers \(graduates to hire\)/],
    ['without an occupation', (d) => (d.offers[4].occupations = []), '$.offers[4].occupations', /at least one occupation/],
    ['with a price', (d) => (d.offers[4].price = { amount: 9_000_000, currency: 'VND', per: 'month' }), '$.offers[4].price', /no price/],
    ['from an expert', (d) => ((d.offers[4].org = null), (d.offers[4].expert = 'exp-anna')), '$.offers[4].expert', /give "org"/],
    ['a standard on a placement', (d) => (d.offers[0].standard = 'x'), '$.offers[0].standard', /only training_order offers/],
    ['a certificate on an expert service', (d) => (d.offers[3].certificate = 'x'), '$.offers[3].certificate', /only training_order offers/],
    ['an over-long standard', (d) => (d.offers[4].standard = 'x'.repeat(2001)), '$.offers[4].standard', /at most 2000/],
    ['from a college', (d) => (d.offers[4].org = 'org-college'), '$.offers[4].org', /is a college/],
  ]

  it.each(cases)('refuses a training order %s', async (_name, mutate, path, message) => {
    const errors = await errorsOf(v2(mutate))
    expect(errors.map((e) => e.path)).toEqual([path])
    expect(errors[0]!.message).toMatch(message)
  })
})

describe('unknown fields', () => {
  it('are ignored with a warning, not an error', async () => {
    const doc = broken((d) => {
      d.comment = 'exported from Excel'
      d.needs[0].onsite = false
      d.offers[3].price.perDay = true
    })
    const result = await validateImportDocument(doc, { lookup: staticLookup() })
    expect(result.ok).toBe(true)
    expect(result.warnings).toEqual([
      { path: '$.comment', message: 'unknown field, ignored' },
      { path: '$.needs[0].onsite', message: 'unknown field, ignored' },
      { path: '$.offers[3].price.perDay', message: 'unknown field, ignored' },
    ])
  })
})

describe('helpers', () => {
  it('writes JSON paths', () => {
    expect(toJsonPath([])).toBe('$')
    expect(toJsonPath(['needs', 3, 'budget', 'currency'])).toBe('$.needs[3].budget.currency')
    expect(toJsonPath(['needs', 0, 'odd key'])).toBe('$.needs[0]["odd key"]')
  })

  it('knows real calendar dates', () => {
    expect(isCalendarDate('2028-02-29')).toBe(true)
    expect(isCalendarDate('2027-02-29')).toBe(false)
    expect(isCalendarDate('2027-04-31')).toBe(false)
    expect(isCalendarDate('2027-4-1')).toBe(false)
  })

  it('parses the schema alone without any lookup', () => {
    expect(parseImportDocumentSchema(validDocument()).ok).toBe(true)
    expect(parseImportDocumentSchema({ version: 1, needs: [{}] })).toMatchObject({ ok: false })
  })

  it('builds unique keys', () => {
    const keys = [buildCollege(), buildCollege(), buildBusiness(), buildNeed(), buildOffer()].map((r) => r.key)
    expect(new Set(keys).size).toBe(keys.length)
  })
})
