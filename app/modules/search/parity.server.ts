import { prisma } from '~/modules/db/db.server'
import { searchAdmin } from './client.server'
import type { ListingDocument } from './documents.server'
import { indexName, type IndexKind } from './indexes.server'
import { countIndexable } from './sync.server'
import { listedSql } from '~/modules/listings/listed-sql.server'

// Database against index: the counts of public listings and documents, and a random sample
// of listings whose documents must exist with the listing's current version. While search
// entries wait in the outbox a difference is expected (`pendingSync` says how many).

export type KindParity = { database: number; index: number; sampled: number; missing: string[]; stale: string[] }
export type ParityReport = { ok: boolean; needs: KindParity; offers: KindParity; pendingSync: number; error?: string }

async function sampleVersions(kind: IndexKind, size: number): Promise<Map<string, number>> {
  const rows =
    kind === 'needs'
      ? await prisma.$queryRaw<{ id: string; version: Date }[]>`
          SELECT n.id, GREATEST(n."updatedAt", o."updatedAt") AS version
          FROM "Need" n JOIN "Organization" o ON o.id = n."orgId"
          WHERE ${listedSql('n')}
          ORDER BY random() LIMIT ${size}`
      : await prisma.$queryRaw<{ id: string; version: Date }[]>`
          SELECT f.id, GREATEST(f."updatedAt", o."updatedAt", e."updatedAt") AS version
          FROM "Offer" f LEFT JOIN "Organization" o ON o.id = f."orgId" LEFT JOIN "ExpertProfile" e ON e.id = f."expertId"
          WHERE ${listedSql('f')}
          ORDER BY random() LIMIT ${size}`
  return new Map(rows.map((row) => [row.id, new Date(row.version).getTime()]))
}

async function kindParity(kind: IndexKind, database: number, sample: number): Promise<KindParity> {
  const index = searchAdmin().index<ListingDocument>(indexName(kind))
  const stats = await index.getStats()
  const expected = await sampleVersions(kind, sample)
  const ids = [...expected.keys()]
  const found = ids.length
    ? (await index.getDocuments({ ids, fields: ['id', 'version'], limit: ids.length })).results
    : []
  const versions = new Map(found.map((doc) => [doc.id, doc.version]))
  return {
    database,
    index: stats.numberOfDocuments,
    sampled: ids.length,
    missing: ids.filter((id) => !versions.has(id)),
    stale: ids.filter((id) => versions.has(id) && versions.get(id) !== expected.get(id)),
  }
}

export async function searchParity(options: { sample?: number } = {}): Promise<ParityReport> {
  const sample = options.sample ?? 20
  const [counts, pendingSync] = await Promise.all([
    countIndexable(),
    prisma.outboxEntry.count({ where: { kind: 'search_index', status: 'pending' } }),
  ])
  const empty = { database: 0, index: 0, sampled: 0, missing: [], stale: [] }
  try {
    const [needs, offers] = await Promise.all([kindParity('needs', counts.needs, sample), kindParity('offers', counts.offers, sample)])
    const agrees = (p: KindParity) => p.database === p.index && !p.missing.length && !p.stale.length
    return { ok: agrees(needs) && agrees(offers), needs, offers, pendingSync }
  } catch (error) {
    return {
      ok: false,
      needs: { ...empty, database: counts.needs },
      offers: { ...empty, database: counts.offers },
      pendingSync,
      error: error instanceof Error ? error.message : String(error),
    }
  }
}
