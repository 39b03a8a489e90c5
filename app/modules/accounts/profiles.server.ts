import type { Prisma } from '~/generated/prisma/client'
import { recordAudit } from '~/modules/audit/audit.server'
import { prisma } from '~/modules/db/db.server'
import { recordOwnerIndexChange } from '~/modules/outbox/search-index.server'
import type { ExpertProfileInput, OrgProfileInput } from './profile-schemas'

// Owners edit their organisation's public profile; experts edit their own profile. Writes
// are scoped by the owner as well as by the route's permission check, so a guessed id
// changes nothing. The audit entry keeps the fields that changed, before and after; the
// owner's listings are re-indexed, since their search documents carry its name and place.

type Fields = Record<string, Prisma.InputJsonValue | null>

function changesBetween(before: Fields, after: Fields): Prisma.InputJsonObject {
  const changes: Record<string, Prisma.InputJsonObject> = {}
  for (const [field, value] of Object.entries(after)) {
    if (JSON.stringify(before[field]) !== JSON.stringify(value)) changes[field] = { before: before[field] ?? null, after: value }
  }
  return changes
}

/** Saves the organisation's public profile if `actorId` owns it; false otherwise. */
export async function updateOrgProfile(actorId: string, orgId: string, input: OrgProfileInput): Promise<boolean> {
  const data = { ...input, lat: input.lat ?? null, lng: input.lng ?? null }
  return prisma.$transaction(async (tx) => {
    const owned = { id: orgId, memberships: { some: { userId: actorId, role: 'owner' as const } } }
    const before = await tx.organization.findFirst({
      where: owned,
      select: { name: true, nameVi: true, district: true, address: true, website: true, description: true, lat: true, lng: true },
    })
    if (!before) return false
    await tx.organization.updateMany({ where: owned, data })
    await recordAudit(tx, actorId, 'org.profile_update', 'Organization', orgId, { changes: changesBetween(before, data) })
    await recordOwnerIndexChange(tx, 'organization', orgId)
    return true
  })
}

/** Saves the expert profile linked to `userId`; false when the user has none. */
export async function updateExpertProfile(userId: string, input: ExpertProfileInput): Promise<boolean> {
  return prisma.$transaction(async (tx) => {
    const before = await tx.expertProfile.findUnique({
      where: { userId },
      select: { id: true, name: true, headline: true, bio: true, country: true, languages: true, credentials: true },
    })
    if (!before) return false
    await tx.expertProfile.update({ where: { id: before.id, userId }, data: input })
    const { id, ...previous } = before
    await recordAudit(tx, userId, 'expert.profile_update', 'ExpertProfile', id, { changes: changesBetween(previous, input) })
    await recordOwnerIndexChange(tx, 'expert', id)
    return true
  })
}

export async function findOrganization(key: string) {
  return prisma.organization.findUnique({ where: { key } })
}

/** The expert profile its user edits (the user is known to have one). */
export async function expertProfileOf(userId: string) {
  return prisma.expertProfile.findUniqueOrThrow({
    where: { userId },
    select: { key: true, name: true, headline: true, bio: true, country: true, languages: true, credentials: true, verification: true },
  })
}

/** An organisation's members (oldest first) and its open invitations (newest first). */
export async function membersOf(orgId: string) {
  const [members, invitations] = await Promise.all([
    prisma.membership.findMany({ where: { orgId }, include: { user: { select: { name: true, email: true } } }, orderBy: { createdAt: 'asc' } }),
    prisma.invitation.findMany({ where: { orgId, acceptedAt: null, expiresAt: { gt: new Date() } }, orderBy: { createdAt: 'desc' } }),
  ])
  return { members, invitations }
}
