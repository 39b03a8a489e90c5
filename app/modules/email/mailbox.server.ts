import { prisma } from '~/modules/db/db.server'

// The development mailbox's read model (who may read it: accounts/permissions.server.ts).

export async function listMailbox(to: string | undefined) {
  const emails = await prisma.email.findMany({
    where: to ? { to } : {},
    orderBy: { createdAt: 'desc' },
    take: 100,
    select: { id: true, to: true, subject: true, createdAt: true },
  })
  return emails.map((e) => ({ ...e, createdAt: e.createdAt.toISOString() }))
}

export async function mailboxEmail(id: string) {
  const email = await prisma.email.findUnique({ where: { id } })
  return email && { to: email.to, subject: email.subject, text: email.text, createdAt: email.createdAt.toISOString() }
}
