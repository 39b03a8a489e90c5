import type { Tx } from '~/modules/db/db.server'

// Who a party is: the people acting for it and its name, read from the database.

/** The people who act for a party, with the language each reads mail in. */
export async function partyMembers(tx: Tx, party: string): Promise<{ id: string; email: string; name: string; locale: string }[]> {
  const [kind, id] = party.split(':')
  const select = { id: true, email: true, name: true, locale: true } as const
  if (kind === 'expert') {
    const profile = await tx.expertProfile.findUnique({ where: { id }, select: { user: { select } } })
    return profile?.user ? [profile.user] : []
  }
  return (await tx.membership.findMany({ where: { orgId: id }, select: { user: { select } }, orderBy: { createdAt: 'asc' } })).map((m) => m.user)
}

/** Parties' names as the other side sees them (an organisation's in the reader's language). */
export async function partyNames(tx: Tx, parties: readonly string[], lng: string): Promise<Map<string, string>> {
  const ids = (kind: string) => parties.filter((p) => p.startsWith(`${kind}:`)).map((p) => p.slice(kind.length + 1))
  const [orgs, experts] = await Promise.all([
    tx.organization.findMany({ where: { id: { in: ids('org') } }, select: { id: true, name: true, nameVi: true } }),
    tx.expertProfile.findMany({ where: { id: { in: ids('expert') } }, select: { id: true, name: true } }),
  ])
  return new Map([
    ...orgs.map((o) => [`org:${o.id}`, (lng === 'vi' ? o.nameVi : null) ?? o.name] as const),
    ...experts.map((e) => [`expert:${e.id}`, e.name] as const),
  ])
}

export async function partyName(tx: Tx, party: string, lng: string): Promise<string> {
  return (await partyNames(tx, [party], lng)).get(party) ?? ''
}
