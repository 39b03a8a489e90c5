import type { ListingStatus, PlatformRole, VerificationStatus } from '~/generated/prisma/enums'
import type { DetailEntry, DetailMoney } from './view'

// Who sees which listing, and who sees contact details. Pure functions (no I/O) so the
// rules are unit-tested on their own; browse.server.ts applies them to database rows.

/** The parts of the signed-in user these rules look at (a CurrentUser fits). */
export type ViewerSource = {
  platformRole: PlatformRole
  memberships: { org: { id: string; verification: VerificationStatus } }[]
  expertProfile: { id: string; verification: VerificationStatus } | null
}

export type Viewer = {
  isAdmin: boolean
  orgIds: readonly string[]
  expertId: string | null
  /** belongs to a verified organisation, or has a verified expert profile */
  verified: boolean
  /** a city viewer: reads reports, changes nothing (files no listing reports either) */
  readOnly: boolean
}

export function viewerFrom(user: ViewerSource | null): Viewer | null {
  if (!user) return null
  return {
    isAdmin: user.platformRole === 'admin',
    orgIds: user.memberships.map((m) => m.org.id),
    expertId: user.expertProfile?.id ?? null,
    verified:
      user.memberships.some((m) => m.org.verification === 'verified') || user.expertProfile?.verification === 'verified',
    readOnly: user.platformRole === 'city_viewer',
  }
}

export type ListingOwnerIds = { orgId: string | null; expertId: string | null }
export type ListingState = { status: ListingStatus; pendingReview: boolean; hiddenAt: Date | string | null }

/**
 * Anyone may open the listing's page. Drafts, listings waiting for review and listings a
 * moderator hid are not public; closed, filled and expired ones stay reachable (their
 * shared links keep working) and show their status.
 */
export function isPublic(listing: ListingState): boolean {
  return listing.status !== 'draft' && !listing.pendingReview && !listing.hiddenAt
}

/**
 * Listed: public and open. What browsing lists, search indexes and matching proposes — one
 * where-clause for the database and one predicate for rows in hand.
 */
export const LISTED_WHERE = { status: 'open', pendingReview: false, hiddenAt: null } as const

export function isListed(listing: ListingState): boolean {
  return isPublic(listing) && listing.status === 'open'
}

/** A member of the owning organisation, or the owning expert. */
export function canManageListing(viewer: Viewer | null, owner: ListingOwnerIds): boolean {
  if (!viewer) return false
  if (owner.orgId) return viewer.orgIds.includes(owner.orgId)
  return owner.expertId !== null && viewer.expertId === owner.expertId
}

/** Any signed-in member who does not own the listing, except read-only viewers. */
export function canReportListing(viewer: Viewer | null, owner: ListingOwnerIds): boolean {
  return viewer !== null && !viewer.readOnly && !canManageListing(viewer, owner)
}

export function canViewListing(viewer: Viewer | null, listing: ListingState & ListingOwnerIds): boolean {
  return isPublic(listing) || Boolean(viewer?.isAdmin) || canManageListing(viewer, listing)
}

/**
 * Contact details are for people the platform has vetted: members of a verified
 * organisation (or verified experts, who contract with colleges), the listing's owner
 * and admins. Visitors and unverified accounts are asked to log in / get verified.
 */
export function canSeeContacts(viewer: Viewer | null, owner: ListingOwnerIds): boolean {
  if (!viewer) return false
  return viewer.isAdmin || viewer.verified || canManageListing(viewer, owner)
}

/** Same rule for an organisation's own contact data (its address) on its profile. */
export function canSeeOrgContacts(viewer: Viewer | null, orgId: string): boolean {
  return canSeeContacts(viewer, { orgId, expertId: null })
}

/**
 * Kind-specific `details` are free-form JSON written by the listing forms. Any key whose
 * name contains "contact", "phone", "email" or "address" (any case, at any depth:
 * supervisorContact, mentor.phone, siteAddress…) is treated as contact data. Forms that
 * add contact fields must name them so; everything else in `details` is public.
 */
const CONTACT_KEY = /contact|phone|email|address/i

export function isContactKey(key: string): boolean {
  return CONTACT_KEY.test(key)
}

type Json = string | number | boolean | null | Json[] | { [key: string]: Json }

function entryValue(value: Json): DetailEntry['value'] | null {
  if (typeof value === 'string') return value.trim() === '' ? null : value
  if (typeof value === 'number' || typeof value === 'boolean') return value
  if (Array.isArray(value)) {
    const items = value.filter((v): v is string | number => typeof v === 'string' || typeof v === 'number').map(String)
    return items.length > 0 ? items : null
  }
  return null
}

/** `{ amount, currency }`: how the listing forms store money inside details. */
function isMoney(value: { [key: string]: Json }): value is DetailMoney {
  const keys = Object.keys(value)
  return keys.length === 2 && typeof value.amount === 'number' && typeof value.currency === 'string'
}

function flatten(value: Json, path: string[], out: DetailEntry[]) {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    if (isMoney(value)) {
      if (path.length > 0) out.push({ path, value: { amount: value.amount, currency: value.currency } })
      return
    }
    for (const [key, child] of Object.entries(value)) flatten(child, [...path, key], out)
    return
  }
  const shown = entryValue(value)
  if (shown !== null && path.length > 0) out.push({ path, value: shown })
}

/** `details` as displayable entries, split into public information and contact data. */
export function splitDetails(details: unknown): { info: DetailEntry[]; contacts: DetailEntry[] } {
  const entries: DetailEntry[] = []
  if (details !== null && typeof details === 'object' && !Array.isArray(details)) flatten(details as Json, [], entries)
  const contacts = entries.filter((entry) => entry.path.some(isContactKey))
  return { info: entries.filter((entry) => !contacts.includes(entry)), contacts }
}
