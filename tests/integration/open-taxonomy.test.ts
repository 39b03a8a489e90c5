import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { prisma } from '~/modules/db/db.server'
import { importDocument } from '~/modules/import/import.server'
import { searchAdmin } from '~/modules/search/client.server'
import { indexName } from '~/modules/search/indexes.server'
import { forgetTaxonomy, loadTaxonomy } from '~/modules/taxonomy/load.server'
import { parseTaxonomyCsv } from '~/modules/taxonomy/taxonomy-file.server'
import { applyTaxonomyEdition, editionOf, nationalList } from '~/modules/taxonomy/transfer.server'
import * as editListing from '~/routes/$listings.$key.edit'
import * as newListing from '~/routes/$listings.new'
import * as adminOccupations from '~/routes/admin.occupations'
import * as exportOccupations from '~/routes/admin.occupations_.export'
import * as adminTerms from '~/routes/admin.occupation-terms'
import * as suggest from '~/routes/occupations.suggest'
import { buildCollege, buildDocument, buildExpert, buildNeed, buildOffer } from '../factories/listings'
import { FUTURE, cookieFor, load, makeUser, memberOf, redirectKey } from '../support/listing-fixtures'
import { databaseNow, searchEntriesFor } from '../support/moderation-fixtures'
import { args, get, locationOf, post, run, type Form } from '../support/routes'
import { drainOutbox, startTestSearch, type TestSearch } from '../support/search'

// Issue 16, parts 1 and 2: the national list and how installations get it, the taxonomy's
// export → edit → import round trip, unknown occupations (the form's suggestions, the admins'
// queue, mapping re-indexing the listings in a real Meilisearch), occupations in the other
// language, and refusals to everyone but admins.

let search: TestSearch
let adminId: string
let admin: string
const COLLEGE = 'college-open-taxonomy'

beforeAll(async () => {
  search = await startTestSearch()
  const user = await makeUser({ platformRole: 'admin' })
  adminId = user.id
  admin = await cookieFor(user.id)
  await load(buildDocument({ organizations: [buildCollege({ key: COLLEGE })] }))
})

afterAll(async () => {
  await search?.stop()
})

async function exported(format: 'csv' | 'json', cookie = admin) {
  const outcome = await run(() => exportOccupations.loader(args(get(`/admin/occupations/export?format=${format}`, { cookie }))))
  return outcome
}

const importFile = (text: string, name: string, cookie = admin) =>
  run(() => adminOccupations.action(args(post('/admin/occupations', { cookie, form: { intent: 'import', file: new File([text], name) } }))))

type ImportErrors = { importErrors: { row: number; field: string; message: string }[] }

async function documentOf(kind: 'needs' | 'offers', id: string) {
  return searchAdmin().index(indexName(kind)).getDocument<{ occupationKeys: string[]; occupationFamilies: string[]; taxonomyTerms: string[] }>(id)
}

describe('the national list', () => {
  it('holds over 200 well-formed occupations, the first 48 as they were', () => {
    const list = nationalList()
    expect(list.length).toBeGreaterThanOrEqual(200)
    expect(new Set(list.map((o) => o.key)).size).toBe(list.length)
    expect(list.slice(0, 3).map((o) => o.key)).toEqual(['cong-nghe-o-to', 'sua-chua-xe-may', 'co-dien-tu'])
    for (const o of list) expect(o.family, o.key).toMatch(/^[a-z0-9-]+$/)
    for (const o of list.slice(48)) {
      expect(o.synonyms.length, o.key).toBeGreaterThanOrEqual(4)
      expect(o.skills.length, o.key).toBeGreaterThanOrEqual(3)
    }
    const families = new Set(list.map((o) => o.family))
    for (const o of list) for (const related of o.related) expect(families, `${o.key} → ${related}`).toContain(related)
    for (const family of ['shipbuilding', 'aviation', 'mining', 'printing', 'textile', 'footwear', 'chemical', 'social-work', 'environment', 'fisheries', 'forestry'])
      expect(families).toContain(family)
  })
})

describe('taxonomy export → edit → import', () => {
  it('round-trips as CSV: an edited synonym and a new occupation come back, audited, with a rebuild queued', async () => {
    const csv = await exported('csv')
    expect(csv.response?.headers.get('content-type')).toContain('text/csv')
    const text = await csv.response!.text()
    const parsed = parseTaxonomyCsv(text)
    expect(parsed.ok && parsed.occupations.length).toBe(await prisma.occupation.count())

    // Unchanged, the file changes nothing.
    const same = await importFile(text, 'occupations.csv')
    expect(locationOf(same)).toBe(`/admin/occupations?imported=${encodeURIComponent(`0/0/${await prisma.occupation.count()}`)}`)

    const since = await databaseNow()
    const lines = text.split('\r\n')
    const weldingLine = lines.findIndex((line) => line.startsWith('han,'))
    const cells = lines[weldingLine]!.split(',')
    // key,nameVi,nameEn,family,related,synonyms,skills: a synonym more (no commas in this row's cells).
    cells[5] = `${cells[5]} | thợ hàn xì`
    lines[weldingLine] = cells.join(',')
    lines.splice(1, 0, 'lam-gom-raku,Làm gốm Raku,Raku pottery,crafts,fine-arts,gốm raku | raku firing,nung raku = raku firing | tráng men')
    const edited = await importFile(lines.join('\r\n'), 'occupations.csv')
    expect(locationOf(edited)).toMatch(/imported=1%2F1%2F/)
    const welding = await prisma.occupation.findUniqueOrThrow({ where: { key: 'han' } })
    expect(welding.synonyms.at(-1)).toBe('thợ hàn xì')
    expect(await prisma.occupation.findUniqueOrThrow({ where: { key: 'lam-gom-raku' } })).toMatchObject({
      nameEn: 'Raku pottery',
      family: 'crafts',
      related: ['fine-arts'],
      skills: ['nung raku', 'raku firing', 'tráng men'],
      skillGroups: [['nung raku', 'raku firing']],
    })
    const audits = await prisma.auditLog.findMany({ where: { actorId: adminId, createdAt: { gte: since } }, orderBy: { createdAt: 'asc' } })
    expect(audits.map((a) => a.action).sort()).toEqual(['occupation.create', 'occupation.update', 'taxonomy.import'])
    expect(audits.find((a) => a.action === 'occupation.update')?.data).toMatchObject({ key: 'han', source: 'import', after: { synonyms: welding.synonyms } })
    expect(await searchEntriesFor(null, since)).toEqual([{ reindex: true }])
    forgetTaxonomy()
    expect((await loadTaxonomy()).resolveOccupation('Thợ hàn xì')?.key).toBe('han')
  })

  it('round-trips as JSON, in the seed file’s format', async () => {
    const json = await exported('json')
    const rows = JSON.parse(await json.response!.text()) as { key: string; skills: (string | string[])[] }[]
    expect(rows.length).toBe(await prisma.occupation.count())
    expect(rows.find((r) => r.key === 'cong-nghe-o-to')?.skills[0]).toEqual(expect.arrayContaining(['chẩn đoán động cơ', 'engine diagnostics']))
    const again = await importFile(JSON.stringify(rows), 'occupations.json')
    expect(locationOf(again)).toMatch(/imported=0%2F0%2F/)
  })

  it('refuses an invalid file with every problem by row and field, changing nothing', async () => {
    const before = await prisma.occupation.findMany({ orderBy: { key: 'asc' } })
    const since = await databaseNow()
    const csv = [
      'key,nameVi,nameEn,family,related,synonyms,skills',
      'moi-hop-le,Nghề mới,New trade,crafts,,nghề mới,',
      'Bad Key,Tên,Name,crafts,,,',
      'han,,Welding,welding,,,',
      `moi-hop-le,Nghề mới,New trade,crafts,,${'x'.repeat(121)},`,
    ].join('\n')
    const refused = await importFile(csv, 'occupations.csv')
    expect(refused.status).toBe(400)
    expect((refused.data as ImportErrors).importErrors).toEqual([
      { row: 3, field: 'key', message: 'moderation.taxonomy.keyFormat' },
      { row: 4, field: 'nameVi', message: 'validation.required' },
      { row: 5, field: 'synonyms', message: 'moderation.taxonomy.itemTooLong' },
    ])
    const duplicate = await importFile(JSON.stringify([{ key: 'han', nameVi: 'Hàn', nameEn: 'Welding' }, { key: 'han', nameVi: 'Hàn', nameEn: 'Welding' }]), 'x.json')
    expect((duplicate.data as ImportErrors).importErrors).toEqual([{ row: 2, field: 'key', message: 'moderation.taxonomyFile.duplicateKey' }])
    expect((await importFile('{"key":', 'x.json')).data).toMatchObject({ importErrors: [{ message: 'moderation.taxonomyFile.jsonInvalid' }] })
    expect((await importFile('key,nameVi\nhan,Hàn', 'x.csv')).data).toMatchObject({
      importErrors: ['nameEn', 'family', 'related', 'synonyms', 'skills'].map((field) => ({ row: 1, field, message: 'moderation.taxonomyFile.missingColumn' })),
    })
    const huge = await run(() => adminOccupations.action(args(post('/admin/occupations', { cookie: admin, form: { intent: 'import' }, headers: { 'content-length': String(50 * 1024 * 1024) } }))))
    expect(huge).toMatchObject({ thrown: true, status: 413 })
    const tooLarge = await importFile('x'.repeat(5 * 1024 * 1024 + 1), 'big.csv')
    expect(tooLarge.data).toMatchObject({ importErrors: [{ field: 'file', message: 'moderation.taxonomyFile.tooLarge' }] })
    const noFile = await run(() => adminOccupations.action(args(post('/admin/occupations', { cookie: admin, form: { intent: 'import' } }))))
    expect(noFile.data).toMatchObject({ importErrors: [{ field: 'file', message: 'moderation.taxonomyFile.noFile' }] })
    expect(await prisma.occupation.findMany({ orderBy: { key: 'asc' } })).toEqual(before)
    expect(await prisma.auditLog.count({ where: { createdAt: { gte: since } } })).toBe(0)
    expect(await searchEntriesFor(null, since)).toEqual([])
  })
})

describe('unknown occupations', () => {
  const form = (overrides: Form = {}): Form => ({
    orgKey: COLLEGE,
    title: 'Thực tập nuôi chim yến cho sinh viên',
    'occupations[0]': 'Nuôi chim yến',
    'skills[0]': 'chăn nuôi gia cầm',
    quantity: '6',
    ...FUTURE,
    stipendAmount: '1.000.000',
    stipendCurrency: 'VND',
    ...overrides,
  })

  it('are answered with the nearest known occupations; kept, they join the admins’ queue', async () => {
    const { cookie } = await memberOf(COLLEGE)
    const submit = (fields: Form) => run(() => newListing.action(args(post('/needs/new?kind=internship', { form: fields, cookie }), { listings: 'needs' })))
    const hinted = await submit(form())
    expect(hinted.status).toBe(400)
    const data = hinted.data as { result: { error: Record<string, string[]> }; unknownOccupations: { text: string; suggestions: { key: string }[] }[] }
    expect(data.result.error.occupations).toEqual(['listings.validation.unknownOccupation'])
    expect(data.unknownOccupations).toHaveLength(1)
    expect(data.unknownOccupations[0]!.text).toBe('Nuôi chim yến')
    expect(data.unknownOccupations[0]!.suggestions.length).toBeGreaterThan(0)
    expect(await prisma.need.count({ where: { title: form().title as string } })).toBe(0)

    // A known occupation is not held up.
    const known = await submit(form({ title: 'Thực tập hàn', 'occupations[0]': 'Hàn' }))
    redirectKey(known, 'needs')

    const kept = await submit(form({ keepOccupations: 'on' }))
    const key = redirectKey(kept, 'needs')
    const need = await prisma.need.findUniqueOrThrow({ where: { key } })
    const term = await prisma.unknownOccupationTerm.findUniqueOrThrow({ where: { term: 'nuoi chim yen' } })
    expect(term).toMatchObject({ examples: ['Nuôi chim yến'], count: 1, needIds: [need.id], status: 'open' })
    expect(term.context).toEqual(expect.arrayContaining(['Thực tập nuôi chim yến cho sinh viên', 'chăn nuôi gia cầm']))

    // Editing it again asks nothing about the occupations it already has.
    const edit = await run(() =>
      editListing.action(args(post(`/needs/${key}/edit`, { form: form({ title: 'Thực tập nuôi yến' }), cookie }), { listings: 'needs', key })),
    )
    expect(locationOf(edit)).toBe(`/needs/${key}`)
    expect((await prisma.unknownOccupationTerm.findUniqueOrThrow({ where: { term: 'nuoi chim yen' } })).count).toBe(1)
  })

  it('suggests occupations while typing (signed in only)', async () => {
    const { cookie } = await memberOf(COLLEGE)
    const answer = await run(() => suggest.loader(args(get('/occupations/suggest?q=weldign', { cookie }))))
    const body = (await answer.response!.json()) as { suggestions: { value: string; known: boolean }[] }
    expect(body.suggestions[0]).toMatchObject({ value: 'Hàn', known: true })
    const unknown = await run(() => suggest.loader(args(get(`/occupations/suggest?q=${encodeURIComponent('sửa chữa tàu thủy')}`, { cookie }))))
    const near = (await unknown.response!.json()) as { suggestions: { value: string }[] }
    expect(near.suggestions.map((s) => s.value)).toEqual(expect.arrayContaining(['Đóng tàu thủy']))
    expect(locationOf(await run(() => suggest.loader(args(get('/occupations/suggest?q=han')))))).toMatch(/^\/login/)
  })

  it('mapped by an admin, become a synonym and re-index their listings in Meilisearch', async () => {
    await drainOutbox()
    const term = await prisma.unknownOccupationTerm.findUniqueOrThrow({ where: { term: 'nuoi chim yen' } })
    const needId = term.needIds[0]!
    expect(await documentOf('needs', needId)).toMatchObject({ occupationKeys: ['~nuoi chim yen'], occupationFamilies: ['~nuoi chim yen'] })

    const page = await run(() => adminTerms.loader(args(get('/admin/occupation-terms', { cookie: admin }))))
    const listed = (page.data as { terms: { id: string; suggestions: { key: string; because: string }[] }[] }).terms.find((t) => t.id === term.id)
    // The poster's skill ("chăn nuôi gia cầm") points at livestock.
    expect(listed?.suggestions).toContainEqual(expect.objectContaining({ key: 'chan-nuoi-thu-y' }))

    const badKey = await run(() => adminTerms.action(args(post('/admin/occupation-terms', { cookie: admin, form: { intent: 'map', termId: term.id, occupationKey: 'no-such-occupation' } }))))
    expect(badKey).toMatchObject({ status: 400, data: { error: 'moderation.unknownTerms.occupationNotFound' } })

    const since = await databaseNow()
    const mapped = await run(() => adminTerms.action(args(post('/admin/occupation-terms', { cookie: admin, form: { intent: 'map', termId: term.id, occupationKey: 'chan-nuoi-thu-y' } }))))
    expect(locationOf(mapped)).toBe('/admin/occupation-terms?mapped=nuoi+chim+yen')
    const livestock = await prisma.occupation.findUniqueOrThrow({ where: { key: 'chan-nuoi-thu-y' } })
    expect(livestock.synonyms.at(-1)).toBe('Nuôi chim yến')
    expect(await prisma.unknownOccupationTerm.findUniqueOrThrow({ where: { id: term.id } })).toMatchObject({ status: 'mapped', occupationKey: 'chan-nuoi-thu-y', resolvedById: adminId })
    expect(await prisma.auditLog.findFirst({ where: { action: 'unknownTerm.map', entityId: term.id } })).toMatchObject({ actorId: adminId })
    expect(await prisma.auditLog.findFirst({ where: { action: 'occupation.update', entityId: livestock.id, createdAt: { gte: since } } })).not.toBeNull()
    expect(await searchEntriesFor(needId, since)).toHaveLength(1)

    await drainOutbox()
    expect(await documentOf('needs', needId)).toMatchObject({ occupationKeys: ['chan-nuoi-thu-y'], occupationFamilies: ['livestock'] })

    // Done once: a second click finds it done.
    const again = await run(() => adminTerms.action(args(post('/admin/occupation-terms', { cookie: admin, form: { intent: 'map', termId: term.id, occupationKey: 'han' } }))))
    expect(again).toMatchObject({ status: 409, data: { error: 'moderation.unknownTerms.alreadyResolved' } })
  })

  it('can be dismissed, which only takes them off the queue', async () => {
    const row = await prisma.unknownOccupationTerm.create({ data: { term: 'xyz nghe la', examples: ['XYZ nghề lạ'], count: 0 } })
    const dismissed = await run(() => adminTerms.action(args(post('/admin/occupation-terms', { cookie: admin, form: { intent: 'dismiss', termId: row.id } }))))
    expect(locationOf(dismissed)).toMatch(/dismissed=/)
    expect(await prisma.unknownOccupationTerm.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ status: 'dismissed' })
    const open = await run(() => adminTerms.loader(args(get('/admin/occupation-terms', { cookie: admin }))))
    expect((open.data as { terms: { id: string }[] }).terms.map((t) => t.id)).not.toContain(row.id)
    const missing = await run(() => adminTerms.action(args(post('/admin/occupation-terms', { cookie: admin, form: { intent: 'dismiss', termId: 'nope' } }))))
    expect(missing).toMatchObject({ thrown: true, status: 404 })
  })
})

describe('occupations in the other language', () => {
  it('are imported (v2), kept by v1 files, and bridge an unknown occupation to an English expert’s offer', async () => {
    const expert = buildExpert({ languages: ['en'] })
    const need = buildNeed({ org: COLLEGE, kind: 'expert', title: 'Chuyên gia dạy chế tác đàn', occupations: ['Chế tác nhạc cụ'], skills: [], languages: ['en'], ...FUTURE })
    const offer = buildOffer({ expert, kind: 'expert_service', title: 'Luthier and trainer', occupations: ['Musical instrument making'], skills: [], languages: ['en'], ...FUTURE })
    const withOther = { ...need, occupationsOther: ['Musical instrument making'] }
    const result = await importDocument(buildDocument({ version: 2, organizations: [], experts: [expert], needs: [withOther], offers: [offer] }))
    expect(result.ok, JSON.stringify(result)).toBe(true)
    const row = await prisma.need.findUniqueOrThrow({ where: { key: need.key } })
    expect(row.occupationsOther).toEqual(['Musical instrument making'])
    // A version 1 file (no such field) leaves them.
    expect((await importDocument(buildDocument({ version: 1, organizations: [], experts: [expert], needs: [need], offers: [offer] }))).ok).toBe(true)
    expect((await prisma.need.findUniqueOrThrow({ where: { key: need.key } })).occupationsOther).toEqual(['Musical instrument making'])

    await drainOutbox()
    const offerRow = await prisma.offer.findUniqueOrThrow({ where: { key: offer.key } })
    const [needDoc, offerDoc] = await Promise.all([documentOf('needs', row.id), documentOf('offers', offerRow.id)])
    expect(offerDoc.occupationKeys).toEqual(['~musical instrument making'])
    expect(needDoc.occupationKeys).toEqual(['~che tac nhac cu', '~musical instrument making'])
    expect(needDoc.taxonomyTerms).toContain('Musical instrument making')
  })
})

describe('listings saved without the forms', () => {
  it('join the queue when an admin searches the existing listings, each counted once', async () => {
    const scan = () => run(() => adminTerms.action(args(post('/admin/occupation-terms', { cookie: admin, form: { intent: 'scan' } }))))
    expect(await prisma.unknownOccupationTerm.findUnique({ where: { term: 'che tac nhac cu' } })).toBeNull()
    expect(locationOf(await scan())).toMatch(/^\/admin\/occupation-terms\?scanned=[1-9]/)
    const need = await prisma.need.findFirstOrThrow({ where: { occupations: { has: 'Chế tác nhạc cụ' } } })
    const offer = await prisma.offer.findFirstOrThrow({ where: { occupations: { has: 'Musical instrument making' } } })
    expect(await prisma.unknownOccupationTerm.findUniqueOrThrow({ where: { term: 'che tac nhac cu' } })).toMatchObject({ needIds: [need.id], count: 1 })
    expect(await prisma.unknownOccupationTerm.findUniqueOrThrow({ where: { term: 'musical instrument making' } })).toMatchObject({ offerIds: [offer.id], count: 1 })
    await scan()
    expect((await prisma.unknownOccupationTerm.findUniqueOrThrow({ where: { term: 'che tac nhac cu' } })).count).toBe(1)
    expect(await prisma.auditLog.count({ where: { action: 'unknownTerm.scan', actorId: adminId } })).toBe(2)
  })
})

describe('installations pick up the national list', () => {
  it('adds the new occupations once, keeping what admins edited or deleted', async () => {
    const list = nationalList()
    // An installation from before: the first 48 occupations, one edited and one deleted by an admin.
    await prisma.occupation.deleteMany({ where: { key: { notIn: list.slice(0, 48).map((o) => o.key) } } })
    await prisma.occupation.update({ where: { key: 'cat-toc' }, data: { nameEn: 'Barbering (our name)' } })
    const deleted = await prisma.occupation.delete({ where: { key: 'tieng-duc' } })
    await prisma.auditLog.create({ data: { actorId: adminId, action: 'occupation.delete', entityType: 'Occupation', entityId: deleted.id, data: { key: 'tieng-duc' } } })
    await prisma.taxonomyEdition.deleteMany()
    const since = await databaseNow()

    const first = await applyTaxonomyEdition()
    expect(first.edition).toBe(editionOf(list))
    expect(first.added).toHaveLength(list.length - 48)
    expect(await prisma.occupation.count()).toBe(list.length - 1)
    expect(await prisma.occupation.findUnique({ where: { key: 'tieng-duc' } })).toBeNull()
    expect((await prisma.occupation.findUniqueOrThrow({ where: { key: 'cat-toc' } })).nameEn).toBe('Barbering (our name)')
    expect(await prisma.taxonomyEdition.findUniqueOrThrow({ where: { edition: first.edition } })).toMatchObject({ added: list.length - 48 })
    expect(await searchEntriesFor(null, since)).toEqual([{ reindex: true }])

    // Applied once: a later start, or an occupation an admin deletes now, changes nothing.
    await prisma.occupation.delete({ where: { key: 'gom-su' } })
    expect(await applyTaxonomyEdition()).toEqual({ edition: first.edition, added: [] })
    expect(await prisma.occupation.findUnique({ where: { key: 'gom-su' } })).toBeNull()

    // The admin's button brings back every missing occupation, audited, and never touches the edited one.
    const button = await run(() => adminOccupations.action(args(post('/admin/occupations', { cookie: admin, form: { intent: 'load-national' } }))))
    expect(locationOf(button)).toBe('/admin/occupations?national=2')
    expect(await prisma.occupation.count()).toBe(list.length)
    expect((await prisma.occupation.findUniqueOrThrow({ where: { key: 'cat-toc' } })).nameEn).toBe('Barbering (our name)')
    expect(await prisma.auditLog.findFirst({ where: { action: 'taxonomy.loadNational' }, orderBy: { createdAt: 'desc' } })).toMatchObject({
      actorId: adminId,
      data: { added: expect.arrayContaining(['tieng-duc', 'gom-su']) },
    })
  })
})

describe('refusals', () => {
  it('answer 403 to members and city viewers on every taxonomy admin page and action, changing nothing', async () => {
    const { cookie: member } = await memberOf(COLLEGE)
    const viewer = await cookieFor((await makeUser({ platformRole: 'city_viewer' })).id)
    const term = await prisma.unknownOccupationTerm.create({ data: { term: 'nghe bi mat', examples: ['Nghề bí mật'] } })
    const before = await prisma.occupation.count()
    for (const cookie of [member, viewer]) {
      expect(await exported('csv', cookie)).toMatchObject({ thrown: true, status: 403 })
      expect(await importFile('key,nameVi,nameEn,family,related,synonyms,skills\nspam,Spam,Spam,,,,', 'x.csv', cookie)).toMatchObject({ thrown: true, status: 403 })
      expect(await run(() => adminOccupations.action(args(post('/admin/occupations', { cookie, form: { intent: 'load-national' } }))))).toMatchObject({ thrown: true, status: 403 })
      expect(await run(() => adminTerms.loader(args(get('/admin/occupation-terms', { cookie }))))).toMatchObject({ thrown: true, status: 403 })
      for (const form of [{ intent: 'map', termId: term.id, occupationKey: 'han' }, { intent: 'dismiss', termId: term.id }, { intent: 'scan' }]) {
        expect(await run(() => adminTerms.action(args(post('/admin/occupation-terms', { cookie, form }))))).toMatchObject({ thrown: true, status: 403 })
      }
    }
    expect(locationOf(await run(() => adminTerms.loader(args(get('/admin/occupation-terms')))))).toMatch(/^\/login/)
    expect(await prisma.occupation.count()).toBe(before)
    expect(await prisma.unknownOccupationTerm.findUniqueOrThrow({ where: { id: term.id } })).toMatchObject({ status: 'open' })
  })
})
