import { prisma } from '~/modules/db/db.server'
import { Taxonomy } from './taxonomy'

// The taxonomy from the database, rebuilt when an admin changes it: a cheap version check
// (count and last change) at most every few seconds, so matching rarely touches the database.

const CHECK_INTERVAL_MS = 5_000

type Cached = { taxonomy: Taxonomy; version: string; checkedAt: number }
const globalForTaxonomy = globalThis as unknown as { __matchingTaxonomy?: Cached }

async function currentVersion(): Promise<string> {
  const [row] = await prisma.$queryRaw<{ count: bigint; latest: Date | null }[]>`
    SELECT count(*) AS count, max("updatedAt") AS latest FROM "Occupation"`
  return `${row?.count ?? 0}:${row?.latest?.toISOString() ?? ''}`
}

export async function loadTaxonomy(): Promise<Taxonomy> {
  const cached = globalForTaxonomy.__matchingTaxonomy
  if (cached && Date.now() - cached.checkedAt < CHECK_INTERVAL_MS) return cached.taxonomy
  const version = await currentVersion()
  if (cached && cached.version === version) {
    cached.checkedAt = Date.now()
    return cached.taxonomy
  }
  const rows = await prisma.occupation.findMany({ orderBy: { key: 'asc' } })
  const taxonomy = new Taxonomy(rows)
  globalForTaxonomy.__matchingTaxonomy = { taxonomy, version, checkedAt: Date.now() }
  return taxonomy
}

/** Forget the cached taxonomy (tests that change it). */
export function forgetTaxonomy() {
  globalForTaxonomy.__matchingTaxonomy = undefined
}
