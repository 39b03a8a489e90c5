import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { prisma } from '~/modules/db/db.server'
import { todayInHanoi } from '~/modules/i18n/i18n'
import type { ImportNeedInput, ImportOfferInput } from '~/modules/import/format'
import { importDocument } from '~/modules/import/import.server'
import { recordListingIndexChange } from '~/modules/outbox/search-index.server'
import { savedSearchDigestKey, sendSavedSearchDigests } from '~/modules/saved-searches/saved-searches.server'
import * as listRoute from '~/routes/searches._index'
import * as openRoute from '~/routes/searches.$id'
import { buildBusiness, buildCollege, buildDocument, buildNeed, buildOffer } from '../factories/listings'
import { cookieFor, makeUser } from '../factories/users'
import { args, errorsOf, expectRedirect, get, post, run } from '../support/routes'
import { drainOutbox, startTestSearch, type TestSearch } from '../support/search'

// Saved searches against a real Meilisearch: saved from the search page's query, listed,
// renamed and deleted by their owner only, and a daily email of the listings published since
// the last one that match (the search page's rules), sent once per search per day even when
// several runs race (issue 11, part 5).

let search: TestSearch
const DAY = 24 * 60 * 60 * 1000
const WINDOW = { startDate: '2027-03-01', endDate: '2027-06-30' }
const college = buildCollege({ district: 'Cầu Giấy' })
const business = buildBusiness({ district: 'Long Biên' })

beforeAll(async () => {
  search = await startTestSearch()
  const result = await importDocument(buildDocument({ organizations: [college, business] }))
  if (!result.ok) throw new Error(JSON.stringify(result.errors))
}, 120_000)

afterAll(async () => {
  await search?.stop()
})

async function person(locale: 'vi' | 'en' = 'vi') {
  const user = await makeUser({ locale, name: locale === 'vi' ? 'Hoa' : 'Anna' })
  return { ...user, cookie: await cookieFor(user.id) }
}

/** Imports listings and brings the search index in line. */
async function publish(parts: { needs?: ImportNeedInput[]; offers?: ImportOfferInput[] }) {
  const result = await importDocument(buildDocument(parts))
  if (!result.ok) throw new Error(JSON.stringify(result.errors))
  await drainOutbox()
}

const accountingOffer = (title: string, extra: Partial<ImportOfferInput> = {}) =>
  buildOffer({ org: business, kind: 'placement', title, occupations: ['Kế toán doanh nghiệp'], skills: ['MISA'], languages: ['vi'], capacity: 2, ...WINDOW, ...extra })

async function save(cookie: string, form: Record<string, string>) {
  return run(() => listRoute.action(args(post('/searches', { cookie, form: { intent: 'save', ...form } }))))
}

const searchesOf = (userId: string) => prisma.savedSearch.findMany({ where: { userId }, orderBy: { createdAt: 'asc' } })
const digestsTo = (email: string) => prisma.email.findMany({ where: { to: email, template: 'saved-search-digest' }, orderBy: { createdAt: 'asc' } })

describe('saving and managing', () => {
  it('saves the search page’s query (canonical, without the page), named by its words unless named', async () => {
    const user = await person()
    expectRedirect(await save(user.cookie, { query: 'page=3&q=k%E1%BA%BF+to%C3%A1n&sort=relevance&need=internship' }), '/searches?done=created')
    expectRedirect(await save(user.cookie, { query: '', name: '  Mọi tin  ' }), '/searches?done=created')
    expectRedirect(await save(user.cookie, { query: 'offer=equipment' }), '/searches?done=created')
    const [words, named, unnamed] = await searchesOf(user.id)
    expect(words).toMatchObject({ name: 'kế toán', query: 'q=k%E1%BA%BF+to%C3%A1n&need=internship' })
    expect(named).toMatchObject({ name: 'Mọi tin', query: '' })
    expect(unnamed).toMatchObject({ name: 'Tất cả tin đăng', query: 'offer=equipment' })
    // New listings count from the moment of saving.
    expect(Math.abs(words!.lastDigestAt.getTime() - words!.createdAt.getTime())).toBeLessThan(5_000)

    const tooLong = await save(user.cookie, { query: '', name: 'x'.repeat(101) })
    expect(tooLong.status).toBe(400)
    expect(errorsOf(tooLong).name).toEqual(['savedSearches.errors.nameTooLong'])
    expect(await searchesOf(user.id)).toHaveLength(3)
  })

  it('lists, opens, renames and deletes for the owner only: another user gets 404', async () => {
    const owner = await person()
    const other = await person()
    await save(owner.cookie, { query: 'q=h%C3%A0n', name: 'Hàn' })
    await save(other.cookie, { query: 'q=PLC', name: 'PLC' })
    const [mine] = await searchesOf(owner.id)
    const [theirs] = await searchesOf(other.id)

    const page = await run(() => listRoute.loader(args(get('/searches', { cookie: owner.cookie }))))
    expect((page.data as { searches: { id: string; href: string }[] }).searches).toEqual([expect.objectContaining({ id: mine!.id, href: '/search?q=h%C3%A0n' })])

    expectRedirect(await run(() => openRoute.loader(args(get(`/searches/${mine!.id}`, { cookie: owner.cookie }), { id: mine!.id }))), '/search?q=h%C3%A0n')
    const refusals = [
      () => openRoute.loader(args(get(`/searches/${theirs!.id}`, { cookie: owner.cookie }), { id: theirs!.id })),
      () => listRoute.action(args(post('/searches', { cookie: owner.cookie, form: { intent: 'rename', id: theirs!.id, name: 'Của tôi' } }))),
      () => listRoute.action(args(post('/searches', { cookie: owner.cookie, form: { intent: 'delete', id: theirs!.id } }))),
      () => listRoute.action(args(post('/searches', { cookie: owner.cookie, form: { intent: 'delete', id: 'nope' } }))),
    ]
    for (const call of refusals) expect((await run(call)).status).toBe(404)
    expect(await searchesOf(other.id)).toEqual([expect.objectContaining({ id: theirs!.id, name: 'PLC' })])

    const empty = await run(() => listRoute.action(args(post('/searches', { cookie: owner.cookie, form: { intent: 'rename', id: mine!.id, name: ' ' } }))))
    expect(empty.status).toBe(400)
    expect(errorsOf(empty).name).toEqual(['validation.required'])
    expectRedirect(await run(() => listRoute.action(args(post('/searches', { cookie: owner.cookie, form: { intent: 'rename', id: mine!.id, name: 'Hàn MIG' } })))), '/searches?done=renamed')
    expect((await searchesOf(owner.id))[0]!.name).toBe('Hàn MIG')
    expectRedirect(await run(() => listRoute.action(args(post('/searches', { cookie: owner.cookie, form: { intent: 'delete', id: mine!.id } })))), '/searches?done=deleted')
    expect(await searchesOf(owner.id)).toHaveLength(0)

    // Not signed in: to the login page, nothing changed.
    for (const call of [
      () => listRoute.loader(args(get('/searches'))),
      () => listRoute.action(args(post('/searches', { form: { intent: 'delete', id: theirs!.id } }))),
      () => openRoute.loader(args(get(`/searches/${theirs!.id}`), { id: theirs!.id })),
    ]) {
      expectRedirect(await run(call), /^\/login\?redirectTo=/)
    }
    expect(await searchesOf(other.id)).toHaveLength(1)
  })
})

describe('the daily email', () => {
  it('lists only new, public, open listings that match, once per search per day however many runs race', async () => {
    // Before the search was saved: not new.
    const old = accountingOffer('Thực tập kế toán tổng hợp (cũ)')
    await publish({ offers: [old] })
    const owner = await person()
    const english = await person('en')
    await save(owner.cookie, { query: 'q=ke+toan&offer=placement', name: 'Kế toán' })
    await save(english.cookie, { query: 'q=accounting', name: 'Accounting' })
    const [saved] = await searchesOf(owner.id)
    expect(saved!.lastDigestAt.getTime()).toBeGreaterThan((await prisma.offer.findUniqueOrThrow({ where: { key: old.key } })).createdAt.getTime())

    const fresh = accountingOffer('Thực tập kế toán thuế mùa quyết toán')
    const closed = accountingOffer('Thực tập kế toán đã đóng', { status: 'closed' })
    const hidden = accountingOffer('Thực tập kế toán bị ẩn')
    const otherWords = buildOffer({ org: business, kind: 'placement', title: 'Thực tập hàn MIG', occupations: ['Hàn'], languages: ['vi'], ...WINDOW })
    const otherKind = buildOffer({ org: business, kind: 'equipment', title: 'Phần mềm kế toán cho phòng máy', occupations: ['Kế toán doanh nghiệp'], languages: ['vi'], equipmentTerms: 'donate', ...WINDOW })
    const need = buildNeed({ org: college, kind: 'internship', title: 'Cần chỗ thực tập kế toán', occupations: ['Kế toán doanh nghiệp'], ...WINDOW })
    await publish({ offers: [fresh, closed, hidden, otherWords, otherKind], needs: [need] })
    await prisma.$transaction(async (tx) => {
      const row = await tx.offer.update({ where: { key: hidden.key }, data: { hiddenAt: new Date() } })
      await recordListingIndexChange(tx, 'offer', row.id)
    })
    await drainOutbox()

    // Tomorrow morning, from four instances at once.
    const tomorrow = new Date(Date.now() + DAY)
    const runs = await Promise.all(Array.from({ length: 4 }, () => sendSavedSearchDigests(tomorrow)))
    const mails = await digestsTo(owner.email)
    expect(mails).toHaveLength(1)
    expect(runs.reduce((sum, n) => sum + n, 0)).toBe(await prisma.email.count({ where: { template: 'saved-search-digest' } }))
    const [mail] = mails
    expect(mail).toMatchObject({ locale: 'vi', subject: 'Tin đăng mới khớp với tìm kiếm đã lưu của bạn' })
    expect(mail!.text).toContain('Có 1 tin đăng mới khớp với tìm kiếm "Kế toán"')
    expect(mail!.text).toContain(`Đề nghị: ${fresh.title}`)
    expect(mail!.text).toContain(`/offers/${fresh.key}`)
    expect(mail!.text).toContain(`/searches/${saved!.id}`)
    for (const notListed of [old, closed, hidden, otherWords, otherKind, need]) expect(mail!.text).not.toContain(notListed.title)
    expect(await prisma.outboxEntry.findUnique({ where: { idempotencyKey: savedSearchDigestKey(saved!.id, todayInHanoi(tomorrow)) } })).toMatchObject({ kind: 'email' })
    expect((await prisma.savedSearch.findUniqueOrThrow({ where: { id: saved!.id } })).lastDigestAt).toEqual(tomorrow)

    // English words find the Vietnamese listings through the taxonomy; the need is listed too (no kind filter).
    const [en] = await digestsTo(english.email)
    expect(en).toMatchObject({ locale: 'en', subject: 'New listings match your saved search' })
    expect(en!.text).toContain(`Offer: ${fresh.title}`)
    expect(en!.text).toContain(`Need: ${need.title}`)
    expect(en!.text).not.toContain(old.title)

    // Later the same day: nothing more, even with a new match.
    // (Published an hour after this morning's email: the clock here is simulated, so its time is set.)
    const later = accountingOffer('Thực tập kế toán kho')
    await publish({ offers: [later] })
    await prisma.$transaction(async (tx) => {
      const row = await tx.offer.update({ where: { key: later.key }, data: { createdAt: new Date(tomorrow.getTime() + 60 * 60 * 1000) } })
      await recordListingIndexChange(tx, 'offer', row.id)
    })
    await drainOutbox()
    await sendSavedSearchDigests(new Date(tomorrow.getTime() + 2 * 60 * 60 * 1000))
    expect(await digestsTo(owner.email)).toHaveLength(1)

    // The next day: only what is new since the last email.
    await sendSavedSearchDigests(new Date(Date.now() + 2 * DAY))
    const [, second] = await digestsTo(owner.email)
    expect(second!.text).toContain(later.title)
    expect(second!.text).not.toContain(fresh.title)
  })

  it('sends nothing when nothing is new, but moves on; a listing the index has not taken yet waits for a later email', async () => {
    const owner = await person()
    await save(owner.cookie, { query: 'q=c%C6%A1+kh%C3%AD', name: 'Cơ khí' })
    const [saved] = await searchesOf(owner.id)
    await prisma.savedSearch.update({ where: { id: saved!.id }, data: { lastDigestAt: new Date(Date.now() - 2 * DAY) } })
    const day1 = new Date(Date.now() + DAY)
    await sendSavedSearchDigests(day1)
    expect(await digestsTo(owner.email)).toHaveLength(0)
    expect((await prisma.savedSearch.findUniqueOrThrow({ where: { id: saved!.id } })).lastDigestAt).toEqual(day1)

    // Published, but its index update is still waiting (Meilisearch was down): not in this email, not lost.
    const waiting = buildOffer({ org: business, kind: 'placement', title: 'Thực tập cơ khí chế tạo', occupations: ['Cắt gọt kim loại'], languages: ['vi'], ...WINDOW })
    const result = await importDocument(buildDocument({ offers: [waiting] }))
    if (!result.ok) throw new Error(JSON.stringify(result.errors))
    await prisma.offer.update({ where: { key: waiting.key }, data: { createdAt: new Date(day1.getTime() + 60_000) } })
    const day2 = new Date(day1.getTime() + DAY)
    await sendSavedSearchDigests(day2)
    expect(await digestsTo(owner.email)).toHaveLength(0)
    const held = (await prisma.savedSearch.findUniqueOrThrow({ where: { id: saved!.id } })).lastDigestAt
    expect(held.getTime()).toBeLessThan(day1.getTime() + 60_000)

    await prisma.$transaction(async (tx) => {
      const row = await tx.offer.findUniqueOrThrow({ where: { key: waiting.key } })
      await recordListingIndexChange(tx, 'offer', row.id)
    })
    await drainOutbox()
    await sendSavedSearchDigests(new Date(day2.getTime() + DAY))
    const [mail] = await digestsTo(owner.email)
    expect(mail!.text).toContain(waiting.title)
  })
})
