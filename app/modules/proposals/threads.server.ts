import { Prisma } from '~/generated/prisma/client'
import type { CurrentUser } from '~/modules/accounts/permissions.server'
import { recordAudit } from '~/modules/audit/audit.server'
import { prisma } from '~/modules/db/db.server'
import { viewerFrom } from '~/modules/listings/visibility'
import { partiesOf, roleIn, type Party } from './parties'
import { notifyParty } from './proposals.server'

// A proposal's thread: messages between the two parties, how far each user has read, the
// blocks and the reports of messages.

export type ThreadFailure = { ok: false; error: 'not-found' | 'closed' | 'blocked' | 'already-reported' }

/** The statuses in which the two sides can still write to each other. */
const OPEN_THREAD = ['sent', 'accepted'] as const

/**
 * Posts a message from a party. `clientKey` comes with the reply form: the same form sent
 * twice (a double click, a retried request) posts, and mails, one message.
 */
export async function postMessage(user: CurrentUser, proposalId: string, body: string, clientKey: string | undefined, now = new Date()): Promise<{ ok: true; id: string; created: boolean } | ThreadFailure> {
  const viewer = viewerFrom(user)
  return prisma.$transaction(async (tx) => {
    const proposal = await tx.proposal.findUnique({ where: { id: proposalId }, select: { id: true, status: true, senderParty: true, recipientParty: true } })
    const role = proposal ? roleIn(viewer, proposal) : null
    if (!proposal || !role) return { ok: false as const, error: 'not-found' as const }
    if (!(OPEN_THREAD as readonly string[]).includes(proposal.status)) return { ok: false as const, error: 'closed' as const }
    const [mine, theirs] = role === 'sender' ? [proposal.senderParty, proposal.recipientParty] : [proposal.recipientParty, proposal.senderParty]
    if (await tx.partyBlock.findUnique({ where: { blocker_blocked: { blocker: theirs, blocked: mine } } })) return { ok: false as const, error: 'blocked' as const }
    const { count } = await tx.message.createMany({ data: [{ proposalId, authorId: user.id, body, clientKey: clientKey ?? null, createdAt: now }], skipDuplicates: true })
    const message = clientKey
      ? await tx.message.findUniqueOrThrow({ where: { proposalId_clientKey: { proposalId, clientKey } }, select: { id: true } })
      : await tx.message.findFirstOrThrow({ where: { proposalId, authorId: user.id }, orderBy: { createdAt: 'desc' }, select: { id: true } })
    if (!count) return { ok: true as const, id: message.id, created: false }
    await tx.proposal.update({ where: { id: proposalId }, data: { updatedAt: now } })
    await tx.proposalRead.upsert({ where: { proposalId_userId: { proposalId, userId: user.id } }, create: { proposalId, userId: user.id, lastReadAt: now }, update: { lastReadAt: now } })
    await notifyParty(tx, theirs, proposalId, 'message')
    return { ok: true as const, id: message.id, created: true }
  })
}

/** The user has seen the thread up to now. */
export async function markRead(userId: string, proposalId: string, now = new Date()): Promise<void> {
  await prisma.proposalRead.upsert({
    where: { proposalId_userId: { proposalId, userId } },
    create: { proposalId, userId, lastReadAt: now },
    update: { lastReadAt: now },
  })
}

/**
 * Unread items per proposal of the user's parties: messages from others since the user last
 * read the thread, plus 1 for a proposal from someone else the user has never opened.
 */
export async function unreadByProposal(userId: string, parties: readonly Party[]): Promise<Map<string, number>> {
  if (!parties.length) return new Map()
  const rows = await prisma.$queryRaw<{ id: string; unread: bigint }[]>`
    SELECT p.id,
      (SELECT count(*) FROM "Message" m
         WHERE m."proposalId" = p.id AND m."authorId" <> ${userId} AND m."createdAt" > COALESCE(r."lastReadAt", 'epoch'::timestamp))
      + CASE WHEN r."lastReadAt" IS NULL AND p."authorId" <> ${userId} THEN 1 ELSE 0 END AS unread
    FROM "Proposal" p
    LEFT JOIN "ProposalRead" r ON r."proposalId" = p.id AND r."userId" = ${userId}
    WHERE p."senderParty" IN (${Prisma.join(parties)}) OR p."recipientParty" IN (${Prisma.join(parties)})`
  return new Map(rows.filter((row) => row.unread > 0n).map((row) => [row.id, Number(row.unread)]))
}

/** The navigation's count: everything unread across the user's proposals. */
export async function unreadTotal(user: CurrentUser): Promise<number> {
  const viewer = viewerFrom(user)
  if (!viewer || viewer.readOnly) return 0
  let total = 0
  for (const count of (await unreadByProposal(user.id, partiesOf(viewer))).values()) total += count
  return total
}

/** The user's party blocks (or unblocks) the other party of the proposal: no new proposals or messages from it. */
export async function setBlock(user: CurrentUser, proposalId: string, block: boolean): Promise<{ ok: true } | ThreadFailure> {
  const viewer = viewerFrom(user)
  return prisma.$transaction(async (tx) => {
    const proposal = await tx.proposal.findUnique({ where: { id: proposalId }, select: { senderParty: true, recipientParty: true } })
    const role = proposal ? roleIn(viewer, proposal) : null
    if (!proposal || !role) return { ok: false as const, error: 'not-found' as const }
    const [blocker, blocked] = role === 'sender' ? [proposal.senderParty, proposal.recipientParty] : [proposal.recipientParty, proposal.senderParty]
    if (block) {
      await tx.partyBlock.createMany({ data: [{ blocker, blocked, createdById: user.id }], skipDuplicates: true })
    } else {
      await tx.partyBlock.deleteMany({ where: { blocker, blocked } })
    }
    await recordAudit(tx, user.id, block ? 'party.block' : 'party.unblock', 'Proposal', proposalId, { blocker, blocked })
    return { ok: true as const }
  })
}

/** Whether `blocker` blocks `blocked`. */
export async function isBlocked(blocker: string, blocked: string): Promise<boolean> {
  return Boolean(await prisma.partyBlock.findUnique({ where: { blocker_blocked: { blocker, blocked } } }))
}

/** A party reports a message from the other side; admins see it in the moderation queue. Once per reporter. */
export async function reportMessage(user: CurrentUser, proposalId: string, messageId: string, reason: string): Promise<{ ok: true } | ThreadFailure> {
  const viewer = viewerFrom(user)
  const message = await prisma.message.findFirst({
    where: { id: messageId, proposalId },
    select: { id: true, authorId: true, proposal: { select: { senderParty: true, recipientParty: true } } },
  })
  if (!message || !roleIn(viewer, message.proposal) || message.authorId === user.id) return { ok: false, error: 'not-found' }
  return prisma.$transaction(async (tx) => {
    const { count } = await tx.messageReport.createMany({ data: [{ messageId, reporterId: user.id, reason }], skipDuplicates: true })
    if (!count) return { ok: false as const, error: 'already-reported' as const }
    await recordAudit(tx, user.id, 'message.report', 'Message', messageId, { proposalId })
    return { ok: true as const }
  })
}
