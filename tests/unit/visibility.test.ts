import { describe, expect, it } from 'vitest'
import { parseNeedFilters, parseOfferFilters } from '~/modules/listings/browse-filters'
import { summarise } from '~/modules/listings/meta'
import {
  canManageListing,
  canSeeContacts,
  canSeeOrgContacts,
  canViewListing,
  isContactKey,
  isPublic,
  splitDetails,
  viewerFrom,
  canReportListing,
  type ListingState,
  type Viewer,
  type ViewerSource,
} from '~/modules/listings/visibility'

const open: ListingState = { status: 'open', pendingReview: false, hiddenAt: null }
const ownedByOrg = { orgId: 'org-a', expertId: null }
const ownedByExpert = { orgId: null, expertId: 'exp-a' }

function viewer(overrides: Partial<Viewer> = {}): Viewer {
  return { isAdmin: false, orgIds: [], expertId: null, verified: false, readOnly: false, ...overrides }
}

describe('viewerFrom', () => {
  const base: ViewerSource = { platformRole: 'member', memberships: [], expertProfile: null }

  it('is null for a visitor', () => {
    expect(viewerFrom(null)).toBeNull()
  })

  it('counts a user verified through any verified organisation or a verified expert profile', () => {
    const unverifiedMember = viewerFrom({ ...base, memberships: [{ org: { id: 'o1', verification: 'pending' } }] })
    expect(unverifiedMember).toEqual({ isAdmin: false, orgIds: ['o1'], expertId: null, verified: false, readOnly: false })
    const twoOrgs = viewerFrom({
      ...base,
      memberships: [
        { org: { id: 'o1', verification: 'rejected' } },
        { org: { id: 'o2', verification: 'verified' } },
      ],
    })
    expect(twoOrgs?.verified).toBe(true)
    expect(twoOrgs?.orgIds).toEqual(['o1', 'o2'])
    expect(viewerFrom({ ...base, expertProfile: { id: 'e1', verification: 'verified' } })).toMatchObject({ expertId: 'e1', verified: true })
    expect(viewerFrom({ ...base, expertProfile: { id: 'e1', verification: 'unverified' } })?.verified).toBe(false)
  })

  it('makes only platform admins admins (not city viewers)', () => {
    expect(viewerFrom({ ...base, platformRole: 'admin' })?.isAdmin).toBe(true)
    expect(viewerFrom({ ...base, platformRole: 'city_viewer' })?.isAdmin).toBe(false)
  })
})

describe('listing visibility', () => {
  it('makes open, closed, filled and expired listings public, but not drafts, waiting or hidden ones', () => {
    for (const status of ['open', 'closed', 'filled', 'expired'] as const) expect(isPublic({ ...open, status })).toBe(true)
    expect(isPublic({ ...open, status: 'draft' })).toBe(false)
    expect(isPublic({ ...open, pendingReview: true })).toBe(false)
    expect(isPublic({ ...open, hiddenAt: new Date() })).toBe(false)
    expect(isPublic({ ...open, hiddenAt: '2026-01-01T00:00:00Z' })).toBe(false)
  })

  it('lets members of the owning organisation or the owning expert manage, nobody else', () => {
    expect(canManageListing(null, ownedByOrg)).toBe(false)
    expect(canManageListing(viewer({ orgIds: ['org-b', 'org-a'] }), ownedByOrg)).toBe(true)
    expect(canManageListing(viewer({ orgIds: ['org-b'] }), ownedByOrg)).toBe(false)
    expect(canManageListing(viewer({ isAdmin: true }), ownedByOrg)).toBe(false)
    expect(canManageListing(viewer({ expertId: 'exp-a' }), ownedByExpert)).toBe(true)
    expect(canManageListing(viewer({ expertId: 'exp-b' }), ownedByExpert)).toBe(false)
    // A viewer without an expert profile must not match an offer without one either.
    expect(canManageListing(viewer(), { orgId: null, expertId: null })).toBe(false)
  })

  it('shows non-public listings to their owners and admins only', () => {
    for (const state of [
      { ...open, status: 'draft' as const },
      { ...open, pendingReview: true },
      { ...open, hiddenAt: new Date() },
    ]) {
      const listing = { ...state, ...ownedByOrg }
      expect(canViewListing(null, listing)).toBe(false)
      expect(canViewListing(viewer({ orgIds: ['org-b'], verified: true }), listing)).toBe(false)
      expect(canViewListing(viewer({ orgIds: ['org-a'] }), listing)).toBe(true)
      expect(canViewListing(viewer({ isAdmin: true }), listing)).toBe(true)
    }
    expect(canViewListing(null, { ...open, ...ownedByOrg })).toBe(true)
  })
})

describe('contact details', () => {
  it('are for verified members, the owner and admins; not for visitors or unverified accounts', () => {
    expect(canSeeContacts(null, ownedByOrg)).toBe(false)
    expect(canSeeContacts(viewer({ orgIds: ['org-b'] }), ownedByOrg)).toBe(false)
    expect(canSeeContacts(viewer({ orgIds: ['org-b'], verified: true }), ownedByOrg)).toBe(true)
    expect(canSeeContacts(viewer({ orgIds: ['org-a'] }), ownedByOrg)).toBe(true)
    expect(canSeeContacts(viewer({ expertId: 'exp-a' }), ownedByExpert)).toBe(true)
    expect(canSeeContacts(viewer({ isAdmin: true }), ownedByOrg)).toBe(true)
    expect(canSeeOrgContacts(null, 'org-a')).toBe(false)
    expect(canSeeOrgContacts(viewer({ orgIds: ['org-a'] }), 'org-a')).toBe(true)
    expect(canSeeOrgContacts(viewer({ orgIds: ['org-b'] }), 'org-a')).toBe(false)
  })

  it('are the details keys naming a contact, phone, email or address, in any case', () => {
    for (const key of ['supervisorContact', 'contact', 'phone', 'mentorPhone', 'Email', 'e_mail_address', 'siteAddress', 'CONTACT_PERSON']) {
      expect(isContactKey(key), key).toBe(true)
    }
    for (const key of ['supervisor', 'mentor', 'site', 'purpose', 'workPermit', 'condition']) expect(isContactKey(key), key).toBe(false)
  })

  it('are split out of details at any depth, and empty values are dropped', () => {
    const { info, contacts } = splitDetails({
      purpose: 'Xưởng hàn mới',
      supervisorContact: '0912 345 678',
      mentor: { name: 'Chị Lan', phone: '0987 654 321', email: 'lan@example.vn' },
      siteAddress: '12 Trần Duy Hưng',
      shuttleBus: true,
      shifts: ['sáng', 'chiều'],
      floorArea: 450,
      notes: '   ',
      missing: null,
    })
    expect(info).toEqual([
      { path: ['purpose'], value: 'Xưởng hàn mới' },
      { path: ['mentor', 'name'], value: 'Chị Lan' },
      { path: ['shuttleBus'], value: true },
      { path: ['shifts'], value: ['sáng', 'chiều'] },
      { path: ['floorArea'], value: 450 },
    ])
    expect(contacts).toEqual([
      { path: ['supervisorContact'], value: '0912 345 678' },
      { path: ['mentor', 'phone'], value: '0987 654 321' },
      { path: ['mentor', 'email'], value: 'lan@example.vn' },
      { path: ['siteAddress'], value: '12 Trần Duy Hưng' },
    ])
    // Everything under a contact key is contact data, whatever the inner names.
    expect(splitDetails({ contact: { name: 'A', line: 'B' } })).toEqual({
      info: [],
      contacts: [
        { path: ['contact', 'name'], value: 'A' },
        { path: ['contact', 'line'], value: 'B' },
      ],
    })
  })

  it('keep money stored in details ({ amount, currency }) as one entry', () => {
    expect(splitDetails({ deposit: { amount: 5_000_000, currency: 'VND' }, condition: 'good' }).info).toEqual([
      { path: ['deposit'], value: { amount: 5_000_000, currency: 'VND' } },
      { path: ['condition'], value: 'good' },
    ])
    // Any other object is walked into, key by key.
    expect(splitDetails({ deposit: { amount: 5, currency: 'VND', note: 'x' } }).info).toHaveLength(3)
  })

  it('tolerate details that are not an object', () => {
    for (const details of [null, 'text', 42, ['a'], undefined]) expect(splitDetails(details)).toEqual({ info: [], contacts: [] })
  })
})

describe('browse filters', () => {
  it('read valid filters and default to page 1', () => {
    const params = new URLSearchParams({ kind: 'internship', occupation: ' Hàn ', district: 'Cầu Giấy', language: 'en', page: '3' })
    expect(parseNeedFilters(params)).toEqual({
      filters: { kind: 'internship', occupation: 'Hàn', district: 'Cầu Giấy', language: 'en', page: 3 },
      errors: {},
    })
    expect(parseOfferFilters(new URLSearchParams())).toEqual({ filters: { page: 1 }, errors: {} })
    expect(parseOfferFilters(new URLSearchParams({ kind: 'expert_service', occupation: '' })).filters).toEqual({ kind: 'expert_service', page: 1 })
  })

  it('ignore a bad filter with a message for its field, keeping the good ones', () => {
    const { filters, errors } = parseNeedFilters(
      new URLSearchParams({ kind: 'placement', occupation: 'x'.repeat(101), language: 'english', page: '0', district: 'Đống Đa' }),
    )
    expect(filters).toEqual({ district: 'Đống Đa', page: 1 })
    expect(errors).toEqual({
      kind: 'validation.choose',
      occupation: 'validation.tooLong',
      language: 'browse.filters.invalidLanguage',
      page: 'browse.filters.invalidPage',
    })
    expect(parseOfferFilters(new URLSearchParams({ page: 'abc' })).errors).toEqual({ page: 'browse.filters.invalidPage' })
    expect(parseOfferFilters(new URLSearchParams({ page: '2.5' })).errors).toEqual({ page: 'browse.filters.invalidPage' })
    // A need kind is not an offer kind.
    expect(parseOfferFilters(new URLSearchParams({ kind: 'internship' })).errors).toEqual({ kind: 'validation.choose' })
  })
})

describe('meta descriptions', () => {
  it('keep short text and cut long text at a word with an ellipsis', () => {
    expect(summarise('  Ngắn   gọn ')).toBe('Ngắn gọn')
    const long = 'Sinh viên năm ba cần mười hai tuần thực tập tại nhà máy '.repeat(5)
    const cut = summarise(long, 40)
    expect(cut.length).toBeLessThanOrEqual(40)
    expect(cut.endsWith('…')).toBe(true)
    expect(long.startsWith(cut.slice(0, -1))).toBe(true)
    expect(cut.slice(0, -1)).not.toMatch(/\s$/)
  })
})

describe('canReportListing', () => {
  it('lets signed-in members report what they do not own', () => {
    expect(canReportListing(viewer({ orgIds: ['org-b'] }), ownedByOrg)).toBe(true)
    expect(canReportListing(viewer({ expertId: 'exp-b' }), ownedByExpert)).toBe(true)
  })

  it('refuses visitors, owners and the read-only city viewer', () => {
    expect(canReportListing(null, ownedByOrg)).toBe(false)
    expect(canReportListing(viewer({ orgIds: ['org-a'] }), ownedByOrg)).toBe(false)
    expect(canReportListing(viewer({ expertId: 'exp-a' }), ownedByExpert)).toBe(false)
    expect(canReportListing(viewerFrom({ platformRole: 'city_viewer', memberships: [], expertProfile: null }), ownedByOrg)).toBe(false)
  })
})
