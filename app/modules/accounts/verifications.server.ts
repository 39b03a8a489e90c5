import { prisma } from '~/modules/db/db.server'

// The admins' verification queue: organisations and experts waiting for a decision, and the
// latest decisions with their evidence.

const WAITING = { in: ['pending', 'unverified'] as ('pending' | 'unverified')[] }
const DECISIONS = ['org.verified', 'org.rejected', 'expert.verified', 'expert.rejected']
const HISTORY_LIMIT = 50

/**
 * The latest decisions with their evidence. The audit log holds every decision and its note
 * (an expert profile has no note column; an organisation's latest note is also on the row).
 */
async function decisionHistory() {
  const entries = await prisma.auditLog.findMany({
    where: { action: { in: DECISIONS } },
    orderBy: { createdAt: 'desc' },
    take: HISTORY_LIMIT,
    select: { id: true, action: true, entityId: true, data: true, createdAt: true, actor: { select: { name: true } } },
  })
  const ids = (type: string) => entries.filter((e) => e.action.startsWith(type)).map((e) => e.entityId)
  const [orgs, experts] = await Promise.all([
    prisma.organization.findMany({ where: { id: { in: ids('org.') } }, select: { id: true, name: true, nameVi: true } }),
    prisma.expertProfile.findMany({ where: { id: { in: ids('expert.') } }, select: { id: true, name: true } }),
  ])
  const names = new Map<string, { name: string; nameVi: string | null }>([
    ...orgs.map((o) => [o.id, { name: o.name, nameVi: o.nameVi }] as const),
    ...experts.map((e) => [e.id, { name: e.name, nameVi: null }] as const),
  ])
  return entries.map((entry) => {
    const note = (entry.data as { note?: unknown }).note
    return {
      id: entry.id,
      subject: entry.action.startsWith('org.') ? ('org' as const) : ('expert' as const),
      decision: entry.action.endsWith('.verified') ? ('verified' as const) : ('rejected' as const),
      // A deleted organisation or profile keeps its history, without a name.
      name: names.get(entry.entityId) ?? null,
      note: typeof note === 'string' && note ? note : null,
      admin: entry.actor?.name ?? null,
      at: entry.createdAt.toISOString(),
    }
  })
}

/** Who waits for verification (oldest first, those with evidence before the rest), and the latest decisions. */
export async function verificationQueue() {
  const [organizations, experts, history] = await Promise.all([
    prisma.organization.findMany({
      where: { verification: WAITING },
      orderBy: [{ verification: 'asc' }, { createdAt: 'asc' }],
      take: 100,
      select: {
        id: true,
        key: true,
        kind: true,
        name: true,
        nameVi: true,
        district: true,
        website: true,
        verification: true,
        verificationNote: true,
      },
    }),
    prisma.expertProfile.findMany({
      where: { verification: WAITING },
      orderBy: [{ verification: 'asc' }, { createdAt: 'asc' }],
      take: 100,
      select: { id: true, key: true, name: true, country: true, headline: true, verification: true },
    }),
    decisionHistory(),
  ])
  return { organizations, experts, history }
}
