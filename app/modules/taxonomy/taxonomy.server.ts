import { prisma } from '~/modules/db/db.server'
import type { Language } from '~/modules/i18n/i18n'

// The bilingual occupation taxonomy (seeds/occupations.json, editable by admins).

export type OccupationSuggestion = { value: string; label: string }

/** Occupation names for a form's suggestions, in the viewer's language first. */
export async function occupationSuggestions(lng: Language): Promise<OccupationSuggestion[]> {
  const occupations = await prisma.occupation.findMany({ orderBy: lng === 'vi' ? { nameVi: 'asc' } : { nameEn: 'asc' } })
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
