import type { MemberRole, VerificationStatus } from '~/generated/prisma/client'
import { prisma } from '~/modules/db/db.server'
import { importDocument } from '~/modules/import/import.server'
import { buildBusiness, buildCollege, buildDocument, buildExpert, buildNeed, buildOffer } from '../factories/listings'
import { cookieFor, makeUser } from '../factories/users'

export { cookieFor, makeUser }

// Fixtures of the moderation, taxonomy and profile tests: people, organisations and
// listings in the test file's database. Loaders and actions are called with the helpers of routes.ts.

export async function join(userId: string, orgId: string, role: MemberRole = 'member') {
  await prisma.membership.create({ data: { userId, orgId, role } })
}

/** A college and a business (imported, so they look like real data), with the given verification. */
export async function makeOrgs(verification: VerificationStatus = 'verified') {
  const college = buildCollege({ verified: verification === 'verified' })
  const business = buildBusiness({ verified: verification === 'verified' })
  await importOk({ organizations: [college, business] })
  if (verification !== 'verified' && verification !== 'unverified') {
    await prisma.organization.updateMany({ where: { key: { in: [college.key, business.key] } }, data: { verification } })
  }
  return {
    college: await prisma.organization.findUniqueOrThrow({ where: { key: college.key } }),
    business: await prisma.organization.findUniqueOrThrow({ where: { key: business.key } }),
  }
}

export async function importOk(parts: Parameters<typeof buildDocument>[0]) {
  const result = await importDocument(buildDocument(parts))
  if (!result.ok) throw new Error(`import failed: ${JSON.stringify(result)}`)
}

export async function makeNeed(orgKey: string, overrides: Parameters<typeof buildNeed>[0] = {}) {
  const need = buildNeed({ org: orgKey, ...overrides })
  await importOk({ needs: [need] })
  return prisma.need.findUniqueOrThrow({ where: { key: need.key } })
}

export async function makeOffer(orgKey: string, overrides: Parameters<typeof buildOffer>[0] = {}) {
  const offer = buildOffer({ org: orgKey, ...overrides })
  await importOk({ offers: [offer] })
  return prisma.offer.findUniqueOrThrow({ where: { key: offer.key } })
}

export async function makeExpert(verified = true) {
  const expert = buildExpert({ verified })
  await importOk({ experts: [expert] })
  return prisma.expertProfile.findUniqueOrThrow({ where: { key: expert.key } })
}

/** The database's clock, to tell outbox entries a step queued from earlier ones (imports queue some too). */
export async function databaseNow(): Promise<Date> {
  const [row] = await prisma.$queryRaw<{ now: Date }[]>`SELECT now() AS now`
  return row!.now
}

/** Search-index payloads queued (outbox) since `since` that name this id, or ask for a full rebuild (id null). */
export async function searchEntriesFor(id: string | null, since: Date) {
  const entries = await prisma.outboxEntry.findMany({ where: { kind: 'search_index', createdAt: { gte: since } }, select: { payload: true } })
  return entries
    .map((e) => e.payload as Record<string, unknown>)
    .filter((payload) => (id === null ? payload.reindex === true : Object.values(payload).some((v) => Array.isArray(v) && v.includes(id))))
}
