import { describe, expect, it } from 'vitest'
import { updateExpertProfile, updateOrgProfile } from '~/modules/accounts/profiles.server'
import { prisma } from '~/modules/db/db.server'
import * as expertProfile from '~/routes/expert.profile'
import * as orgProfile from '~/routes/org.$key.profile'
import { cookieFor, join, makeExpert, makeOrgs, makeUser, searchEntriesFor, databaseNow } from '../support/moderation-fixtures'
import { args, errorsOf, get, locationOf, post, run } from '../support/routes'

// Profile editing: an organisation's owners edit its public profile, an expert edits their
// own; refusals (404 for other organisations, 403 for members who are not owners), bad input
// and the audit trail.

const VALID_ORG = {
  name: 'Van Tri Vocational College',
  nameVi: 'Trường Cao đẳng Nghề Vân Trì',
  district: 'Đông Anh',
  address: 'Thôn Vân Trì, xã Vân Nội',
  website: 'vantri.edu.vn',
  description: 'Đào tạo điện công nghiệp và cơ khí.',
  lat: '21.1367',
  lng: '105.8497',
}

async function scene() {
  const { college, business } = await makeOrgs()
  const owner = await makeUser()
  await join(owner.id, college.id, 'owner')
  const member = await makeUser()
  await join(member.id, college.id, 'member')
  const otherOwner = await makeUser()
  await join(otherOwner.id, business.id, 'owner')
  return { college, business, owner, member, otherOwner }
}

const path = (key: string) => `/org/${key}/profile`
const loadOrg = (key: string, cookie?: string) => run(() => orgProfile.loader(args(get(path(key), { cookie }), { key })))
const saveOrg = (key: string, form: Record<string, string>, cookie?: string) => run(() => orgProfile.action(args(post(path(key), { cookie, form }), { key })))

describe('organisation profile', () => {
  it('lets an owner see and save the profile, audited with the changed fields only', async () => {
    const { college, owner } = await scene()
    const cookie = await cookieFor(owner.id)
    const loaded = await loadOrg(college.key, cookie)
    expect(loaded.status).toBe(200)
    expect((loaded.data as Awaited<ReturnType<typeof orgProfile.loader>>).org).toMatchObject({ key: college.key, name: college.name })

    const since = await databaseNow()
    const saved = await saveOrg(college.key, VALID_ORG, cookie)
    expect(locationOf(saved)).toBe(`/org/${college.key}/profile?saved=1`)
    expect(await prisma.organization.findUniqueOrThrow({ where: { id: college.id } })).toMatchObject({
      name: 'Van Tri Vocational College',
      nameVi: 'Trường Cao đẳng Nghề Vân Trì',
      district: 'Đông Anh',
      address: 'Thôn Vân Trì, xã Vân Nội',
      website: 'https://vantri.edu.vn/',
      description: 'Đào tạo điện công nghiệp và cơ khí.',
      lat: 21.1367,
      lng: 105.8497,
    })
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { entityId: college.id, action: 'org.profile_update' } })
    expect(audit.actorId).toBe(owner.id)
    expect((audit.data as { changes: Record<string, unknown> }).changes.name).toEqual({ before: college.name, after: 'Van Tri Vocational College' })
    // Its listings' search documents carry the name and place, so they are re-indexed.
    expect(await searchEntriesFor(college.id, since)).toEqual([{ organizations: [college.id] }])

    // Clearing optional fields clears them; only what changed is in the audit entry.
    await saveOrg(college.key, { name: 'Van Tri Vocational College', nameVi: 'Trường Cao đẳng Nghề Vân Trì' }, cookie)
    expect(await prisma.organization.findUniqueOrThrow({ where: { id: college.id } })).toMatchObject({
      district: null,
      address: null,
      website: null,
      description: null,
      lat: null,
      lng: null,
    })
    const second = await prisma.auditLog.findFirstOrThrow({ where: { entityId: college.id, action: 'org.profile_update' }, orderBy: { createdAt: 'desc' } })
    expect(Object.keys((second.data as { changes: object }).changes).sort()).toEqual(['address', 'description', 'district', 'lat', 'lng', 'website'])
  })

  it('answers bad input with 400 and translation keys next to the fields, saving nothing', async () => {
    const { college, owner } = await scene()
    const cookie = await cookieFor(owner.id)
    const since = await databaseNow()
    const bad = await saveOrg(college.key, { ...VALID_ORG, name: ' ', website: 'javascript:alert(1)', lat: '95', lng: 'east' }, cookie)
    expect(bad.status).toBe(400)
    expect(errorsOf(bad)).toEqual({
      name: ['validation.required'],
      website: ['moderation.profile.websiteInvalid'],
      lat: ['moderation.profile.latInvalid'],
      lng: ['moderation.profile.lngInvalid'],
    })
    const half = await saveOrg(college.key, { name: 'X', lat: '21.0' }, cookie)
    expect(errorsOf(half)).toEqual({ lng: ['moderation.profile.coordinatesPair'] })
    expect((await prisma.organization.findUniqueOrThrow({ where: { id: college.id } })).name).toBe(college.name)
    expect(await prisma.auditLog.count({ where: { entityId: college.id, action: 'org.profile_update' } })).toBe(0)
    expect(await searchEntriesFor(college.id, since)).toEqual([])
  })

  it("answers 404 to another organisation's owner (and for unknown keys), 403 to a member who is not an owner", async () => {
    const { college, member, otherOwner } = await scene()
    const stranger = await cookieFor(otherOwner.id)
    expect(await loadOrg(college.key, stranger)).toMatchObject({ thrown: true, status: 404 })
    expect(await saveOrg(college.key, VALID_ORG, stranger)).toMatchObject({ thrown: true, status: 404 })
    expect(await loadOrg('no-such-org', stranger)).toMatchObject({ thrown: true, status: 404 })

    const colleague = await cookieFor(member.id)
    expect(await loadOrg(college.key, colleague)).toMatchObject({ thrown: true, status: 403 })
    expect(await saveOrg(college.key, VALID_ORG, colleague)).toMatchObject({ thrown: true, status: 403 })

    const admin = await cookieFor((await makeUser({ platformRole: 'admin' })).id)
    expect(await saveOrg(college.key, VALID_ORG, admin)).toMatchObject({ thrown: true, status: 404 })

    const signedOut = await saveOrg(college.key, VALID_ORG)
    expect(locationOf(signedOut)).toBe(`/login?redirectTo=${encodeURIComponent(path(college.key))}`)

    expect((await prisma.organization.findUniqueOrThrow({ where: { id: college.id } })).name).toBe(college.name)
    expect(await prisma.auditLog.count({ where: { entityId: college.id } })).toBe(0)
  })

  it('scopes the write to owners even when called directly with a guessed id', async () => {
    const { college, member, otherOwner } = await scene()
    const input = { name: 'Hijacked', nameVi: null, district: null, address: null, website: null, description: null }
    expect(await updateOrgProfile(otherOwner.id, college.id, input)).toBe(false)
    expect(await updateOrgProfile(member.id, college.id, input)).toBe(false)
    expect((await prisma.organization.findUniqueOrThrow({ where: { id: college.id } })).name).toBe(college.name)
  })
})

describe('expert profile', () => {
  async function expertUser() {
    const expert = await makeExpert()
    const user = await makeUser({ name: expert.name })
    await prisma.expertProfile.update({ where: { id: expert.id }, data: { userId: user.id } })
    return { expert, user, cookie: await cookieFor(user.id) }
  }

  const load = (cookie?: string) => run(() => expertProfile.loader(args(get('/expert/profile', { cookie }))))
  const save = (form: Record<string, string>, cookie?: string) => run(() => expertProfile.action(args(post('/expert/profile', { cookie, form }))))

  it('lets the expert see and save their profile, audited', async () => {
    const { expert, user, cookie } = await expertUser()
    const since = await databaseNow()
    const loaded = await load(cookie)
    expect((loaded.data as Awaited<ReturnType<typeof expertProfile.loader>>).profile).toMatchObject({
      key: expert.key,
      name: expert.name,
      languages: expert.languages,
    })
    const saved = await save(
      {
        name: 'Dr. Katrin Hoffmann',
        headline: 'Mechatronics trainer (IHK)',
        bio: 'Fifteen years at Bosch Rexroth.',
        country: 'de',
        languages: 'de, EN, vi',
        credentials: 'Meisterbrief Mechatronik (2009)',
      },
      cookie,
    )
    expect(locationOf(saved)).toBe('/expert/profile?saved=1')
    expect(await prisma.expertProfile.findUniqueOrThrow({ where: { id: expert.id } })).toMatchObject({
      name: 'Dr. Katrin Hoffmann',
      headline: 'Mechatronics trainer (IHK)',
      bio: 'Fifteen years at Bosch Rexroth.',
      country: 'DE',
      languages: ['de', 'en', 'vi'],
      credentials: 'Meisterbrief Mechatronik (2009)',
    })
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { entityId: expert.id, action: 'expert.profile_update' } })
    expect(audit.actorId).toBe(user.id)
    expect((audit.data as { changes: Record<string, unknown> }).changes.languages).toEqual({ before: expert.languages, after: ['de', 'en', 'vi'] })
    expect(await searchEntriesFor(expert.id, since)).toEqual([{ experts: [expert.id] }])
  })

  it('answers bad input with 400 and translation keys, saving nothing', async () => {
    const { expert, cookie } = await expertUser()
    const bad = await save({ name: '', headline: 'x'.repeat(201), country: 'Germany', languages: 'german' }, cookie)
    expect(bad.status).toBe(400)
    expect(errorsOf(bad)).toEqual({
      name: ['validation.required'],
      headline: ['validation.tooLong'],
      country: ['validation.country'],
      languages: ['moderation.profile.languagesInvalid'],
    })
    expect((await prisma.expertProfile.findUniqueOrThrow({ where: { id: expert.id } })).name).toBe(expert.name)
  })

  it('answers 404 to a user without an expert profile, and never edits another expert', async () => {
    const { expert } = await expertUser()
    const { college } = await makeOrgs()
    const orgMember = await makeUser()
    await join(orgMember.id, college.id, 'owner')
    const cookie = await cookieFor(orgMember.id)
    expect(await load(cookie)).toMatchObject({ thrown: true, status: 404 })
    expect(await save({ name: 'X', headline: 'Y', country: 'VN', languages: 'vi' }, cookie)).toMatchObject({ thrown: true, status: 404 })
    expect(await updateExpertProfile(orgMember.id, { name: 'X', headline: 'Y', bio: '', country: 'VN', languages: ['vi'], credentials: '' })).toBe(false)
    expect((await prisma.expertProfile.findUniqueOrThrow({ where: { id: expert.id } })).name).toBe(expert.name)
    expect(locationOf(await load())).toBe(`/login?redirectTo=${encodeURIComponent('/expert/profile')}`)
  })
})
