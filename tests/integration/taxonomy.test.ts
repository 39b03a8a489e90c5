import { beforeAll, describe, expect, it } from 'vitest'
import { prisma } from '~/modules/db/db.server'
import { loadOccupations } from '~/modules/composition/demo-data.server'
import { occupationSuggestions, skillSuggestions } from '~/modules/taxonomy/taxonomy.server'
import { foldText } from '~/modules/text/text'
import * as adminOccupations from '~/routes/admin.occupations'
import { cookieFor, join, makeOrgs, makeUser, searchEntriesFor, databaseNow } from '../support/moderation-fixtures'
import { args, errorsOf, get, locationOf, post, run } from '../support/routes'

// The admins' occupation page: search with or without diacritics, add, edit, delete, with
// validation, audit and refusals; the seeded taxonomy (seeds/occupations.json) is the data.

type Page = Awaited<ReturnType<typeof adminOccupations.loader>>

let seeded = 0
let cookie: string
let adminId: string

beforeAll(async () => {
  seeded = await loadOccupations()
  const admin = await makeUser({ platformRole: 'admin' })
  adminId = admin.id
  cookie = await cookieFor(admin.id)
})

async function page(query = '', headers: Record<string, string> = {}) {
  const outcome = await run(() => adminOccupations.loader(args(get(`/admin/occupations${query}`, { cookie, headers }))))
  expect(outcome.status).toBe(200)
  return outcome.data as Page
}

async function act(form: Record<string, string>, as = cookie) {
  return run(() => adminOccupations.action(args(post('/admin/occupations', { cookie: as, form }))))
}

const keysOf = (data: Page) => data.occupations.map((o) => o.key)

describe('admin occupations: list and search', () => {
  it('lists the whole seeded taxonomy, sorted by name in the viewer’s language', async () => {
    expect(seeded).toBeGreaterThan(20)
    const vi = await page()
    expect(vi.occupations).toHaveLength(seeded)
    const namesVi = vi.occupations.map((o) => o.nameVi)
    expect(namesVi).toEqual([...namesVi].sort((a, b) => a.localeCompare(b, 'vi')))
    const en = await page('', { 'accept-language': 'en' })
    const namesEn = en.occupations.map((o) => o.nameEn)
    expect(namesEn).toEqual([...namesEn].sort((a, b) => a.localeCompare(b, 'en')))
  })

  it('finds occupations by name, synonym, skill or key, with or without diacritics', async () => {
    const electrician = await prisma.occupation.findUniqueOrThrow({ where: { key: 'dien-cong-nghiep' } })
    expect(electrician.nameVi).toBe('Điện công nghiệp')
    for (const query of ['Điện công nghiệp', 'DIEN CONG NGHIEP', electrician.synonyms.at(-1)!, electrician.skills[0]!, 'dien-cong']) {
      expect(keysOf(await page(`?q=${encodeURIComponent(query)}`)), query).toContain('dien-cong-nghiep')
    }
    expect(keysOf(await page('?q=dien-dan'))).toEqual(['dien-dan-dung'])
    expect(await page('?q=zzzz-nothing')).toMatchObject({ occupations: [], q: 'zzzz-nothing' })
    expect(foldText('Đường Lâm – Hàn TIG')).toBe('duong lam han tig')
  })

  it('opens an occupation for editing by key, and says so when the key is unknown', async () => {
    const electrician = await prisma.occupation.findUniqueOrThrow({ where: { key: 'dien-cong-nghiep' } })
    const editing = await page('?edit=dien-cong-nghiep')
    expect(editing.editing).toEqual({
      id: electrician.id,
      key: 'dien-cong-nghiep',
      nameVi: electrician.nameVi,
      nameEn: electrician.nameEn,
      synonyms: electrician.synonyms,
      skills: electrician.skills,
    })
    expect(await page('?edit=no-such-key')).toMatchObject({ editing: null, editMissing: true })
  })
})

describe('admin occupations: changes', () => {
  it('adds an occupation (lists from lines), audited, and refuses a taken key', async () => {
    const since = await databaseNow()
    const created = await act({
      intent: 'create',
      key: 'van-hanh-may-in-3d',
      nameVi: 'Vận hành máy in 3D',
      nameEn: '3D printer operation',
      synonyms: 'in 3D\nin 3d\nvan hanh may in 3D\n\nadditive manufacturing',
      skills: 'FDM\nSLA\nslicer (Cura)',
    })
    expect(locationOf(created)).toBe('/admin/occupations?saved=van-hanh-may-in-3d')
    const row = await prisma.occupation.findUniqueOrThrow({ where: { key: 'van-hanh-may-in-3d' } })
    expect(row).toMatchObject({
      nameVi: 'Vận hành máy in 3D',
      nameEn: '3D printer operation',
      synonyms: ['in 3D', 'van hanh may in 3D', 'additive manufacturing'],
      skills: ['FDM', 'SLA', 'slicer (Cura)'],
    })
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { entityId: row.id, action: 'occupation.create' } })
    expect(audit).toMatchObject({ actorId: adminId, entityType: 'Occupation', data: { key: 'van-hanh-may-in-3d', nameEn: '3D printer operation' } })

    const taken = await act({ intent: 'create', key: 'van-hanh-may-in-3d', nameVi: 'Khác', nameEn: 'Other' })
    expect(taken.status).toBe(400)
    expect(errorsOf(taken)).toEqual({ key: ['moderation.taxonomy.keyTaken'] })
    expect((taken.data as { formId: string }).formId).toBe('occupation-create')
    expect(await prisma.occupation.count({ where: { key: 'van-hanh-may-in-3d' } })).toBe(1)
    expect(await occupationSuggestions('vi')).toContainEqual({ value: 'Vận hành máy in 3D', label: 'Vận hành máy in 3D (3D printer operation)' })
    // Search synonyms come from the taxonomy: a rebuild is queued with the change.
    expect(await searchEntriesFor(null, since)).toEqual([{ reindex: true }])
  })

  it('answers bad input with 400 and translation keys, saving nothing', async () => {
    const before = await prisma.occupation.count()
    const bad = await act({ intent: 'create', key: 'Hàn Điện', nameVi: ' ', nameEn: 'Welding', skills: 'x'.repeat(121) })
    expect(bad.status).toBe(400)
    expect(errorsOf(bad)).toEqual({ key: ['moderation.taxonomy.keyFormat'], nameVi: ['validation.required'], skills: ['moderation.taxonomy.itemTooLong'] })
    const unknownIntent = await act({ intent: 'rename', occupationId: 'x' })
    expect(unknownIntent.status).toBe(400)
    expect(await prisma.occupation.count()).toBe(before)
  })

  it('edits names, synonyms and skills, keeping the key, with before and after in the audit log', async () => {
    const occupation = await prisma.occupation.findUniqueOrThrow({ where: { key: 'dien-dan-dung' } })
    const since = await databaseNow()
    const saved = await act({
      intent: 'update',
      occupationId: occupation.id,
      key: 'hacked-key',
      nameVi: 'Điện dân dụng và tòa nhà',
      nameEn: 'Residential and building electrician',
      synonyms: 'điện dân dụng\ndien dan dung\nbuilding electrician',
      skills: 'đi dây điện\nlắp đặt chiếu sáng',
    })
    expect(locationOf(saved)).toBe('/admin/occupations?saved=dien-dan-dung')
    const after = await prisma.occupation.findUniqueOrThrow({ where: { id: occupation.id } })
    // Matching notices the change by the rows' latest updatedAt.
    expect(after.updatedAt.getTime()).toBeGreaterThan(occupation.updatedAt.getTime())
    expect(after).toMatchObject({
      key: 'dien-dan-dung',
      nameVi: 'Điện dân dụng và tòa nhà',
      nameEn: 'Residential and building electrician',
      synonyms: ['điện dân dụng', 'dien dan dung', 'building electrician'],
      skills: ['đi dây điện', 'lắp đặt chiếu sáng'],
    })
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { entityId: occupation.id, action: 'occupation.update' } })
    expect(audit.data).toMatchObject({
      key: 'dien-dan-dung',
      before: { nameVi: occupation.nameVi, skills: occupation.skills },
      after: { nameVi: 'Điện dân dụng và tòa nhà', skills: ['đi dây điện', 'lắp đặt chiếu sáng'] },
    })
    expect(await skillSuggestions()).toContain('lắp đặt chiếu sáng')
    expect(await searchEntriesFor(null, since)).toEqual([{ reindex: true }])

    const empty = await act({ intent: 'update', occupationId: occupation.id, nameVi: 'Điện', nameEn: '' })
    expect(errorsOf(empty)).toEqual({ nameEn: ['validation.required'] })
    expect((empty.data as { formId: string }).formId).toBe(`occupation-${occupation.id}`)
    expect(await act({ intent: 'update', occupationId: 'no-such-id', nameVi: 'A', nameEn: 'B' })).toMatchObject({ thrown: true, status: 404 })
  })

  it('deletes an occupation, keeping the whole record in the audit log', async () => {
    const occupation = await prisma.occupation.findFirstOrThrow({ where: { key: { not: 'dien-dan-dung' } }, orderBy: { key: 'desc' } })
    const since = await databaseNow()
    const deleted = await act({ intent: 'delete', occupationId: occupation.id })
    expect(locationOf(deleted)).toBe(`/admin/occupations?deleted=${occupation.key}`)
    expect(await prisma.occupation.findUnique({ where: { id: occupation.id } })).toBeNull()
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { entityId: occupation.id, action: 'occupation.delete' } })
    const { id: _id, updatedAt: _updatedAt, ...record } = occupation
    expect(audit.data).toEqual(record)
    expect(audit.data).toMatchObject({ key: occupation.key, nameVi: occupation.nameVi, synonyms: occupation.synonyms, skills: occupation.skills })
    expect(await searchEntriesFor(null, since)).toEqual([{ reindex: true }])
    expect(await act({ intent: 'delete', occupationId: occupation.id })).toMatchObject({ thrown: true, status: 404 })
  })

  it('answers 403 to members, organisation owners and city viewers, loader and action, changing nothing', async () => {
    const { college } = await makeOrgs()
    const owner = await makeUser()
    await join(owner.id, college.id, 'owner')
    const occupation = await prisma.occupation.findUniqueOrThrow({ where: { key: 'dien-cong-nghiep' } })
    for (const user of [owner, await makeUser({ platformRole: 'city_viewer' }), await makeUser()]) {
      const as = await cookieFor(user.id)
      expect(await run(() => adminOccupations.loader(args(get('/admin/occupations', { cookie: as }))))).toMatchObject({ thrown: true, status: 403 })
      expect(await act({ intent: 'delete', occupationId: occupation.id }, as)).toMatchObject({ thrown: true, status: 403 })
      expect(await act({ intent: 'create', key: 'spam', nameVi: 'Spam', nameEn: 'Spam' }, as)).toMatchObject({ thrown: true, status: 403 })
    }
    expect(await prisma.occupation.findUnique({ where: { id: occupation.id } })).not.toBeNull()
    expect(await prisma.occupation.findUnique({ where: { key: 'spam' } })).toBeNull()
    const signedOut = await run(() => adminOccupations.loader(args(get('/admin/occupations'))))
    expect(locationOf(signedOut)).toBe(`/login?redirectTo=${encodeURIComponent('/admin/occupations')}`)
  })
})
