import type { Language } from '~/modules/i18n/i18n'
import { foldText } from '~/modules/text/text'
import { loadTaxonomy } from './load.server'

// Occupation names in the viewer's language. Listings name their occupations in free text, in
// whichever language their poster wrote; where the taxonomy knows the occupation, its chip
// shows the taxonomy's name in the viewer's language (as match reasons do), else the text.
// Text already in the viewer's language is the poster's own words and stays: a Vietnamese
// viewer keeps "Nghiệp vụ lễ tân" (written with Vietnamese marks), an English one "TIG welder".

/** Written with Vietnamese marks (đ, ă, ơ, tones): Vietnamese. Without, English or Vietnamese typed bare. */
function hasVietnameseMarks(text: string): boolean {
  return foldText(text) !== text.toLowerCase().replace(/[^a-z0-9+#]+/g, ' ').trim()
}

/** `text → name` for each text the taxonomy knows, not in the viewer's language, whose name in `lng` differs from it. */
export async function occupationDisplayNames(texts: Iterable<string>, lng: Language): Promise<Record<string, string>> {
  const taxonomy = await loadTaxonomy()
  const names: Record<string, string> = {}
  for (const text of new Set(texts)) {
    const resolved = taxonomy.resolveOccupation(text)
    const name = resolved?.known ? taxonomy.occupationName(resolved.key, lng) : null
    if (!resolved || !name || name === text) continue
    const marked = hasVietnameseMarks(text)
    // In English, Vietnamese is marked text, or bare text that is the occupation's Vietnamese name.
    const otherLanguage = lng === 'en' ? marked || foldText(text) === foldText(taxonomy.occupationName(resolved.key, 'vi') ?? '') : !marked
    if (otherLanguage) names[text] = name
  }
  return names
}

/** Every string of every `occupations` array in a page's data (listing cards, matches, hits, a listing's own). */
function occupationTexts(value: unknown, into: Set<string>, depth = 0): Set<string> {
  if (depth > 8 || value === null || typeof value !== 'object') return into
  if (Array.isArray(value)) {
    for (const item of value) occupationTexts(item, into, depth + 1)
    return into
  }
  for (const [key, item] of Object.entries(value)) {
    if (key === 'occupations' && Array.isArray(item)) {
      for (const text of item) if (typeof text === 'string') into.add(text)
    } else occupationTexts(item, into, depth + 1)
  }
  return into
}

/**
 * A page's loader data with `occupationNames`: the display names of the occupations it shows
 * (OccupationChips reads them from the matched routes' data).
 */
export async function withOccupationNames<T extends object>(data: T, lng: Language): Promise<T & { occupationNames: Record<string, string> }> {
  return { ...data, occupationNames: await occupationDisplayNames(occupationTexts(data, new Set()), lng) }
}
