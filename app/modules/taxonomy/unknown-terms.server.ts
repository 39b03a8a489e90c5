import type { ListingStatus, UnknownTermStatus } from '~/generated/prisma/client'
import { recordAudit } from '~/modules/audit/audit.server'
import { prisma, type Tx } from '~/modules/db/db.server'
import type { Language } from '~/modules/i18n/i18n'
import { recordListingIndexChange } from '~/modules/outbox/search-index.server'
import { matchForm } from '~/modules/text/text'
import { forgetTaxonomy, loadTaxonomy } from './load.server'
import type { Taxonomy } from './taxonomy'

// Occupations posters name that the taxonomy does not know. A form suggests the nearest known
// ones; a listing saved with its own name anyway puts the name in the admins' queue
// (UnknownOccupationTerm), with suggested mappings. Mapping a term makes it a synonym of the
// chosen occupation and re-indexes the listings that use it, so they now carry that
// occupation's key and family; dismissing only takes it off the queue.

const MAX_EXAMPLES = 5
const MAX_CONTEXT = 12
const SUGGESTIONS = 3

export type OccupationChoice = { key: string; nameVi: string; nameEn: string }

function choice(taxonomy: Taxonomy, key: string): OccupationChoice | null {
  const nameVi = taxonomy.occupationName(key, 'vi')
  const nameEn = taxonomy.occupationName(key, 'en')
  return nameVi && nameEn ? { key, nameVi, nameEn } : null
}

export type UnknownOccupation = { text: string; suggestions: OccupationChoice[] }

/**
 * The names among `texts` the taxonomy does not know, each with its nearest occupations. An
 * empty taxonomy knows nothing and suggests nothing, so it never holds a poster up.
 */
export async function unknownOccupations(texts: readonly string[]): Promise<UnknownOccupation[]> {
  const taxonomy = await loadTaxonomy()
  if (taxonomy.size === 0) return []
  return texts
    .filter((text) => taxonomy.resolveOccupation(text)?.known === false)
    .map((text) => ({
      text,
      suggestions: taxonomy
        .nearestOccupations(text, SUGGESTIONS)
        .map((key) => choice(taxonomy, key))
        .filter((c): c is OccupationChoice => c !== null),
    }))
}

/** The form's suggestions while typing: the occupations nearest to `query`, in the viewer's language first. */
export async function suggestOccupations(query: string, lng: Language): Promise<{ value: string; label: string; known: boolean }[]> {
  const taxonomy = await loadTaxonomy()
  const text = query.trim().slice(0, 200)
  if (!text) return []
  const known = taxonomy.resolveOccupation(text)?.known ?? false
  return taxonomy
    .nearestOccupations(text, SUGGESTIONS + 2)
    .map((key) => choice(taxonomy, key))
    .filter((c): c is OccupationChoice => c !== null)
    .map((c) => {
      const [primary, secondary] = lng === 'vi' ? [c.nameVi, c.nameEn] : [c.nameEn, c.nameVi]
      return { value: primary, label: `${primary} (${secondary})`, known }
    })
}

const addOnce = (list: readonly string[], items: readonly string[], max: number) => {
  const out = [...list]
  const seen = new Set(out.map((item) => matchForm(item)))
  for (const item of items) {
    const form = matchForm(item)
    if (!form || seen.has(form) || out.length >= max) continue
    seen.add(form)
    out.push(item)
  }
  return out
}

/**
 * In the listing's own transaction: the occupations it names that the taxonomy does not
 * know join the queue (or count this listing once more), with the poster's other words.
 */
export async function recordUnknownOccupations(
  tx: Tx,
  listing: { type: 'need' | 'offer'; id: string; title: string; occupations: readonly string[]; skills: readonly string[] },
): Promise<void> {
  const taxonomy = await loadTaxonomy()
  if (taxonomy.size === 0) return
  const context = [listing.title, ...listing.skills].map((text) => text.trim()).filter(Boolean)
  const idsField = listing.type === 'need' ? 'needIds' : 'offerIds'
  for (const text of listing.occupations) {
    const resolved = taxonomy.resolveOccupation(text)
    if (!resolved || resolved.known) continue
    const term = matchForm(text)
    // Two saves naming one new term at once: the row is locked (or created) before it is read.
    await tx.$executeRaw`INSERT INTO "UnknownOccupationTerm" (id, term, "updatedAt") VALUES (gen_random_uuid()::text, ${term}, now()) ON CONFLICT (term) DO NOTHING`
    const [row] = await tx.$queryRaw<{ id: string; examples: string[]; context: string[]; needIds: string[]; offerIds: string[] }[]>`
      SELECT id, examples, context, "needIds", "offerIds" FROM "UnknownOccupationTerm" WHERE term = ${term} FOR UPDATE`
    if (!row) continue
    const ids = row[idsField].includes(listing.id) ? row[idsField] : [...row[idsField], listing.id]
    const needIds = listing.type === 'need' ? ids : row.needIds
    const offerIds = listing.type === 'offer' ? ids : row.offerIds
    await tx.unknownOccupationTerm.update({
      where: { id: row.id },
      data: {
        examples: addOnce(row.examples, [text.trim()], MAX_EXAMPLES),
        context: addOnce(row.context, context, MAX_CONTEXT),
        [idsField]: ids,
        count: needIds.length + offerIds.length,
      },
    })
  }
}

export type UnknownTermView = {
  id: string
  term: string
  examples: string[]
  context: string[]
  count: number
  status: UnknownTermStatus
  occupationKey: string | null
  /** nearest occupations by the term itself, then by the posters' other words */
  suggestions: (OccupationChoice & { because: 'term' | 'context' })[]
}

/** The queue: open terms, most used first (or the mapped and dismissed ones, newest first). */
export async function listUnknownTerms(status: UnknownTermStatus = 'open'): Promise<UnknownTermView[]> {
  const [taxonomy, rows] = await Promise.all([
    loadTaxonomy(),
    prisma.unknownOccupationTerm.findMany({
      where: { status },
      orderBy: status === 'open' ? [{ count: 'desc' }, { createdAt: 'asc' }] : [{ resolvedAt: 'desc' }],
      take: 100,
    }),
  ])
  return rows.map((row) => {
    // The first two spellings are enough (each look-up scans the taxonomy, a few ms).
    const byTerm = [...new Set(row.examples.slice(0, 2).flatMap((example) => taxonomy.nearestOccupations(example, SUGGESTIONS)))]
    const byContext = taxonomy
      .resolveOccupations(row.context)
      .filter((o) => o.known)
      .map((o) => o.key)
    const suggestions: UnknownTermView['suggestions'] = []
    for (const [keys, because] of [[byTerm, 'term'], [byContext, 'context']] as const) {
      for (const key of keys) {
        const found = choice(taxonomy, key)
        if (found && !suggestions.some((s) => s.key === key)) suggestions.push({ ...found, because })
      }
    }
    return {
      id: row.id,
      term: row.term,
      examples: row.examples,
      context: row.context,
      count: row.count,
      status: row.status,
      occupationKey: row.occupationKey,
      suggestions: suggestions.slice(0, 6),
    }
  })
}

export type ResolveTermResult = { ok: true; term: string } | { ok: false; error: 'not-found' | 'occupation-not-found' | 'already-resolved' }

/**
 * An admin maps a term to an occupation: the posters' spellings become its synonyms (audited),
 * and each listing that used the term is re-indexed through the outbox, so its document now
 * carries the occupation's key and family.
 */
export async function mapUnknownTerm(adminId: string, termId: string, occupationKey: string): Promise<ResolveTermResult> {
  const result = await prisma.$transaction(async (tx): Promise<ResolveTermResult> => {
    const [locked] = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "UnknownOccupationTerm" WHERE id = ${termId} FOR UPDATE`
    if (!locked) return { ok: false, error: 'not-found' }
    const term = await tx.unknownOccupationTerm.findUniqueOrThrow({ where: { id: termId } })
    if (term.status !== 'open') return { ok: false, error: 'already-resolved' }
    const occupation = await tx.occupation.findUnique({ where: { key: occupationKey } })
    if (!occupation) return { ok: false, error: 'occupation-not-found' }
    const synonyms = addOnce(occupation.synonyms, term.examples.length ? term.examples : [term.term], Number.MAX_SAFE_INTEGER)
    const added = synonyms.slice(occupation.synonyms.length)
    await tx.occupation.update({ where: { id: occupation.id }, data: { synonyms } })
    await tx.unknownOccupationTerm.update({ where: { id: term.id }, data: { status: 'mapped', occupationKey, resolvedById: adminId, resolvedAt: new Date() } })
    await recordAudit(tx, adminId, 'occupation.update', 'Occupation', occupation.id, {
      source: 'unknown-term',
      key: occupation.key,
      before: { synonyms: occupation.synonyms },
      after: { synonyms },
    })
    await recordAudit(tx, adminId, 'unknownTerm.map', 'UnknownOccupationTerm', term.id, { term: term.term, occupationKey, synonymsAdded: added })
    await recordTermListingsIndexChange(tx, term)
    return { ok: true, term: term.term }
  })
  // This process's next match reads the taxonomy again, with the new synonyms.
  forgetTaxonomy()
  return result
}

export async function dismissUnknownTerm(adminId: string, termId: string): Promise<ResolveTermResult> {
  return prisma.$transaction(async (tx): Promise<ResolveTermResult> => {
    const { count } = await tx.unknownOccupationTerm.updateMany({
      where: { id: termId, status: 'open' },
      data: { status: 'dismissed', resolvedById: adminId, resolvedAt: new Date() },
    })
    if (!count) {
      const exists = await tx.unknownOccupationTerm.findUnique({ where: { id: termId }, select: { id: true } })
      return { ok: false, error: exists ? 'already-resolved' : 'not-found' }
    }
    const term = await tx.unknownOccupationTerm.findUniqueOrThrow({ where: { id: termId } })
    await recordAudit(tx, adminId, 'unknownTerm.dismiss', 'UnknownOccupationTerm', term.id, { term: term.term })
    return { ok: true, term: term.term }
  })
}

/** The term's listings that still exist, each queued for the search index. */
async function recordTermListingsIndexChange(tx: Tx, term: { needIds: string[]; offerIds: string[] }) {
  const [needs, offers] = await Promise.all([
    tx.need.findMany({ where: { id: { in: term.needIds } }, select: { id: true } }),
    tx.offer.findMany({ where: { id: { in: term.offerIds } }, select: { id: true } }),
  ])
  for (const need of needs) await recordListingIndexChange(tx, 'need', need.id)
  for (const offer of offers) await recordListingIndexChange(tx, 'offer', offer.id)
}

const SCAN_BATCH = 200
const LIVE: ListingStatus[] = ['draft', 'open']

/**
 * The listings saved without the forms (bulk imports, and all saved before the queue
 * existed) into the queue: every listing not closed by its owner, in batches, each listing
 * counted once however often it is scanned. Returns how many listings named an unknown occupation.
 */
export async function scanListingsForUnknownOccupations(adminId: string): Promise<number> {
  const taxonomy = await loadTaxonomy()
  let found = 0
  for (const type of ['need', 'offer'] as const) {
    let cursor: string | undefined
    for (;;) {
      const query = {
        where: { status: { in: LIVE } },
        select: { id: true, title: true, occupations: true, skills: true },
        orderBy: { id: 'asc' as const },
        take: SCAN_BATCH,
        ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
      }
      const rows = type === 'need' ? await prisma.need.findMany(query) : await prisma.offer.findMany(query)
      if (rows.length === 0) break
      cursor = rows.at(-1)!.id
      const naming = rows.filter((row) => row.occupations.some((text) => taxonomy.resolveOccupation(text)?.known === false))
      found += naming.length
      if (naming.length) await prisma.$transaction(async (tx) => {
        for (const row of naming) await recordUnknownOccupations(tx, { type, ...row })
      })
    }
  }
  await prisma.auditLog.create({ data: { actorId: adminId, action: 'unknownTerm.scan', entityType: 'UnknownOccupationTerm', entityId: 'listings', data: { listings: found } } })
  return found
}
