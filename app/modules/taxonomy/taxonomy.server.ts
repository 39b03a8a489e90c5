import { recordAudit } from '~/modules/audit/audit.server'
import { isUniqueViolation, prisma } from '~/modules/db/db.server'
import { foldText } from '~/modules/text/text'
import type { Language } from '~/modules/i18n/i18n'
import { recordSearchRebuild } from '~/modules/outbox/search-index.server'
import type { OccupationInput } from './schemas'

// The bilingual occupation taxonomy (seeds/occupations.json, editable by admins).

export type OccupationSuggestion = { value: string; label: string }

/** Occupation names for a form's suggestions, in the viewer's language first. */
export async function occupationSuggestions(lng: Language): Promise<OccupationSuggestion[]> {
  const occupations = await prisma.occupation.findMany({ select: { nameVi: true, nameEn: true }, orderBy: lng === 'vi' ? { nameVi: 'asc' } : { nameEn: 'asc' } })
  return occupations.map((o) => {
    const [primary, secondary] = lng === 'vi' ? [o.nameVi, o.nameEn] : [o.nameEn, o.nameVi]
    return { value: primary, label: `${primary} (${secondary})` }
  })
}

/** Skill names across the taxonomy, for suggestions. */
export async function skillSuggestions(): Promise<string[]> {
  const occupations = await prisma.occupation.findMany({ select: { skills: true } })
  return [...new Set(occupations.flatMap((o) => o.skills))].sort((a, b) => a.localeCompare(b, 'vi'))
}

// ───────────────────────────── admin editing ─────────────────────────────
// Every change also queues a search rebuild: the indexes' synonyms and the listings'
// occupation documents come from this table.

/** Occupations whose key, names, synonyms or skills contain the query (any case, with or without diacritics). */
export async function listOccupations(query: string, lng: Language) {
  // The taxonomy is a few hundred rows at most: filtering in memory keeps diacritic folding exact.
  const occupations = await prisma.occupation.findMany()
  const needle = foldText(query.trim())
  const matches = needle
    ? occupations.filter((o) => [o.key, o.nameVi, o.nameEn, ...o.synonyms, ...o.skills].some((text) => foldText(text).includes(needle)))
    : occupations
  const nameOf = (o: (typeof occupations)[number]) => (lng === 'vi' ? o.nameVi : o.nameEn)
  return matches.sort((a, b) => nameOf(a).localeCompare(nameOf(b), lng))
}

export async function findOccupation(key: string) {
  return prisma.occupation.findUnique({ where: { key } })
}

export type CreateOccupationResult = { ok: true; id: string } | { ok: false; error: 'moderation.taxonomy.keyTaken' }

export async function createOccupation(adminId: string, key: string, input: OccupationInput): Promise<CreateOccupationResult> {
  const taken: CreateOccupationResult = { ok: false, error: 'moderation.taxonomy.keyTaken' }
  if (await prisma.occupation.findUnique({ where: { key }, select: { id: true } })) return taken
  try {
    return await prisma.$transaction(async (tx) => {
      const occupation = await tx.occupation.create({ data: { key, ...input } })
      await recordAudit(tx, adminId, 'occupation.create', 'Occupation', occupation.id, { key, ...input })
      await recordSearchRebuild(tx, 'occupation')
      return { ok: true as const, id: occupation.id }
    })
  } catch (error) {
    // Another admin created the same key between the check and the insert.
    if (isUniqueViolation(error)) return taken
    throw error
  }
}

/** Saves the names, synonyms and skills; the audit entry keeps what they were before. Returns the key, or null for an unknown id. */
export async function updateOccupation(adminId: string, id: string, input: OccupationInput): Promise<string | null> {
  return prisma.$transaction(async (tx) => {
    const before = await tx.occupation.findUnique({ where: { id } })
    if (!before) return null
    const { count } = await tx.occupation.updateMany({ where: { id }, data: input })
    if (!count) return null
    await recordAudit(tx, adminId, 'occupation.update', 'Occupation', id, {
      key: before.key,
      before: { nameVi: before.nameVi, nameEn: before.nameEn, synonyms: before.synonyms, skills: before.skills },
      after: input,
    })
    await recordSearchRebuild(tx, 'occupation')
    return before.key
  })
}

/**
 * Listings name their occupations in text, so deleting one only removes it from suggestions
 * and synonyms; the audit entry keeps the whole record. Returns the key, or null for an unknown id.
 */
export async function deleteOccupation(adminId: string, id: string): Promise<string | null> {
  return prisma.$transaction(async (tx) => {
    const occupation = await tx.occupation.findUnique({ where: { id } })
    if (!occupation) return null
    const { count } = await tx.occupation.deleteMany({ where: { id } })
    if (!count) return null
    const { id: _id, updatedAt: _updatedAt, ...record } = occupation
    await recordAudit(tx, adminId, 'occupation.delete', 'Occupation', id, record)
    await recordSearchRebuild(tx, 'occupation')
    return occupation.key
  })
}
