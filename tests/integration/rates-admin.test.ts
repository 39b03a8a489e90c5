import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { prisma } from '~/modules/db/db.server'
import { matchesForNeed } from '~/modules/matching/matching.server'
import { loadRates } from '~/modules/money/exchange-rates.server'
import * as ratesRoute from '~/routes/admin.rates'
import { buildCollege, buildDocument, buildExpert, buildNeed, buildOffer } from '../factories/listings'
import { drainOutbox, startTestSearch, type TestSearch } from '../support/search'
import { cookieFor, load, makeUser, memberOf } from '../support/listing-fixtures'
import { args, errorsOf, expectRedirect, get, post, run } from '../support/routes'

// /admin/rates: admins edit VND per unit of each supported currency. Bad input is refused
// next to the field, nothing else may touch it, every change is audited and queues an index
// rebuild in its own transaction, and matching converts with the new rate at once.

let search: TestSearch
let admin: { id: string; cookie: string }

const WINDOW = { startDate: '2027-03-01', endDate: '2027-06-30' }
const college = buildCollege()
const expert = buildExpert({ languages: ['en'] })
const need = buildNeed({
  org: college, kind: 'expert', occupations: ['Hàn'], skills: ['hàn TIG'], languages: ['en'], budget: { amount: 500, currency: 'USD', per: 'day' }, ...WINDOW,
})
// 12,000,000 VND a day: ≈ 456 USD at the default 26,300 VND per USD, 600 USD at 20,000.
const vndService = buildOffer({
  expert, kind: 'expert_service', occupations: ['Welding'], skills: ['TIG welding'], languages: ['en'], remote: false,
  price: { amount: 12_000_000, currency: 'VND', per: 'day' }, ...WINDOW,
})

beforeAll(async () => {
  search = await startTestSearch()
  await load(buildDocument({ organizations: [college], experts: [expert], needs: [need], offers: [vndService] }))
  await drainOutbox()
  const user = await makeUser({ name: 'Quản Trị Viên' })
  await prisma.user.update({ where: { id: user.id }, data: { platformRole: 'admin' } })
  admin = { id: user.id, cookie: await cookieFor(user.id) }
}, 120_000)

afterAll(async () => {
  await search?.stop()
})

const save = (form: Record<string, string>, cookie = admin.cookie) => run(() => ratesRoute.action(args(post('/admin/rates', { form, cookie }))))
const stored = (currency: string) => prisma.exchangeRate.findUnique({ where: { base_quote: { base: currency, quote: 'VND' } } })

describe('who may see and change the rates', () => {
  it('sends visitors to log in and refuses members with 403', async () => {
    const visitor = await run(() => ratesRoute.loader(args(get('/admin/rates'))))
    expectRedirect(visitor, `/login?redirectTo=${encodeURIComponent('/admin/rates')}`)
    const member = await memberOf(college.key, 'owner')
    expect((await run(() => ratesRoute.loader(args(get('/admin/rates', { cookie: member.cookie }))))).status).toBe(403)
    const refused = await save({ currency: 'USD', rate: '1' }, member.cookie)
    expect(refused.status).toBe(403)
    expect(await stored('USD')).toBeNull()
  })
})

describe('validation', () => {
  it.each([
    [{ currency: 'USD', rate: '' }, 'rate', 'validation.required'],
    [{ currency: 'USD', rate: 'abc' }, 'rate', 'matching.rates.errors.format'],
    [{ currency: 'USD', rate: '-26300' }, 'rate', 'matching.rates.errors.format'],
    [{ currency: 'USD', rate: '1.123456789' }, 'rate', 'matching.rates.errors.format'],
    [{ currency: 'USD', rate: '1234567890123' }, 'rate', 'matching.rates.errors.format'],
    [{ currency: 'USD', rate: '0' }, 'rate', 'matching.rates.errors.positive'],
    [{ currency: 'USD', rate: '0.00' }, 'rate', 'matching.rates.errors.positive'],
    [{ currency: 'USD', rate: '26.300' }, 'rate', 'matching.rates.errors.ambiguous'],
    [{ currency: 'VND', rate: '1' }, 'currency', 'matching.rates.errors.currency'],
    [{ currency: 'GBP', rate: '33000' }, 'currency', 'matching.rates.errors.currency'],
  ])('refuses %j next to the field', async (form, field, message) => {
    const outcome = await save(form)
    expect(outcome.status).toBe(400)
    expect(errorsOf(outcome)[field]).toEqual([message])
    expect(await prisma.exchangeRate.count()).toBe(0)
    expect(await prisma.auditLog.count({ where: { entityType: 'ExchangeRate' } })).toBe(0)
  })
})

describe('saving a rate', () => {
  it('stores it, audits it, queues an index rebuild, and matching uses it at once', async () => {
    expect((await matchesForNeed(need.key)).matches.map((m) => m.listing.key)).toContain(vndService.key)
    await prisma.outboxEntry.deleteMany({ where: { kind: 'search_index' } })

    expectRedirect(await save({ currency: 'USD', rate: '20000' }), '/admin/rates?saved=USD')
    const row = await stored('USD')
    expect(row?.rate.toString()).toBe('20000')
    expect(row?.updatedById).toBe(admin.id)
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { entityType: 'ExchangeRate', entityId: 'USD/VND' } })
    expect(audit).toMatchObject({ actorId: admin.id, action: 'exchangeRate.update', data: { base: 'USD', quote: 'VND', before: null, after: '20000' } })
    const rebuilds = await prisma.outboxEntry.findMany({ where: { kind: 'search_index' } })
    expect(rebuilds.map((entry) => entry.payload)).toEqual([expect.objectContaining({ reindex: true })])

    // 12,000,000 VND a day is now 600 USD: over the 500 USD budget.
    expect((await loadRates()).get('USD')).toBe(20_000)
    expect((await matchesForNeed(need.key)).matches.map((m) => m.listing.key)).not.toContain(vndService.key)

    // A decimal comma is a decimal point; the audit keeps the previous value.
    expectRedirect(await save({ currency: 'USD', rate: '26300,5' }), '/admin/rates?saved=USD')
    expect((await stored('USD'))?.rate.toString()).toBe('26300.5')
    const second = await prisma.auditLog.findFirstOrThrow({ where: { entityId: 'USD/VND' }, orderBy: { createdAt: 'desc' } })
    expect(second.data).toMatchObject({ before: '20000', after: '26300.5' })
    expect((await matchesForNeed(need.key)).matches.map((m) => m.listing.key)).toContain(vndService.key)

    // The rebuilds run and the index stays whole.
    await drainOutbox()
  })

  it('lists every stored row and each currency with its editor', async () => {
    await prisma.exchangeRate.create({ data: { base: 'VND', quote: 'EUR', rate: '0.0000327' } })
    const page = await run(() => ratesRoute.loader(args(get('/admin/rates', { cookie: admin.cookie }))))
    expect(page.status).toBe(200)
    const data = page.data as Awaited<ReturnType<typeof ratesRoute.loader>>
    expect(data.currencies.map((c) => c.currency)).toEqual(['USD', 'EUR'])
    expect(data.currencies[0]!.stored).toMatchObject({ rate: '26300.5', updatedBy: 'Quản Trị Viên' })
    expect(data.currencies[1]).toMatchObject({ stored: null, default: 30_600 })
    expect(data.rows.map((r) => `${r.base}/${r.quote}`)).toEqual(['USD/VND', 'VND/EUR'])
  })
})
