import { Prisma } from '~/generated/prisma/client'

/** LISTED_WHERE (visibility.ts) for raw queries over "Need" or "Offer", optionally aliased ("n" → n."status"). */
export function listedSql(alias?: string): Prisma.Sql {
  const column = (name: string) => Prisma.raw(alias ? `${alias}."${name}"` : `"${name}"`)
  return Prisma.sql`${column('status')} = 'open' AND NOT ${column('pendingReview')} AND ${column('hiddenAt')} IS NULL`
}
