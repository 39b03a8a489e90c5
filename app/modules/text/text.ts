import { CONTEXTUAL_SHORT_FORMS, LISTING_WORDS, SHORT_FORMS } from './short-forms'

// Text normalisation for matching: the same folding on both sides of every comparison, so
// "Sửa chữa ô tô", "sua chua o to", "Sửa chua o tô" and "SỬA CHỮA Ô TÔ" are one string (folding
// removes every mark, so text with half its diacritics folds like the full form), short
// forms are written out ("SV TT" is "sinh viên thực tập", "maint. tech" is "maintenance
// technician"), and "Welders" meets "welder". Pure functions, shared by indexing and querying.

/** Lower case, no diacritics (đ → d), punctuation as spaces, single spaces. Keeps "+" and "#" (C++, C#). */
export function foldText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9+#]+/g, ' ')
    .trim()
}

/**
 * English plural endings dropped ("systems" → "system", "batteries" → "battery"). Folded
 * Vietnamese syllables never end in "s", so this touches English words only.
 */
function stem(token: string): string {
  if (token.length <= 3) return token
  if (token.endsWith('ies') && token.length > 4) return `${token.slice(0, -3)}y`
  if (token.endsWith('s') && !/(ss|us|is)$/.test(token)) return token.slice(0, -1)
  return token
}

/**
 * Folded text with its short forms written out, word by word (short-forms.ts): "tt cho sv
 * cd" → "thuc tap cho sinh vien cao dang". Never inside a word; an ambiguous form ("cn")
 * only where a neighbouring word settles it.
 */
export function expandShortForms(folded: string): string {
  const words = folded.split(' ').filter(Boolean)
  return words
    .map((word, i) => {
      const contextual = CONTEXTUAL.get(word)
      if (!contextual) return SHORT.get(word) ?? word
      const [previous = '', following = ''] = [words[i - 1], words[i + 1]]
      return contextual.before.get(following) ?? contextual.after.get(previous) ?? (/^\d+$/.test(previous) ? contextual.afterNumber : undefined) ?? word
    })
    .join(' ')
}

// Maps, so that a word such as "constructor" is never looked up on an object's prototype.
const SHORT = new Map(Object.entries(SHORT_FORMS))
const CONTEXTUAL = new Map(
  Object.entries(CONTEXTUAL_SHORT_FORMS).map(([form, rule]) => [
    form,
    { before: new Map(Object.entries(rule.before)), after: new Map(Object.entries(rule.after)), afterNumber: rule.afterNumber },
  ]),
)

/** Folded text with short forms written out: the words a search and a comparison use. */
export function searchForm(text: string): string {
  return expandShortForms(foldText(text))
}

/** The comparison form of a term: folded, short forms written out, plural endings dropped. */
export function matchForm(text: string): string {
  return searchForm(text).split(' ').filter(Boolean).map(stem).join(' ')
}

/**
 * Edit distance counting an adjacent swap as one edit ("weldnig" → "welding": 1), giving
 * up (returning max + 1) once it exceeds `max`.
 */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1
  const rows: number[][] = [Array.from({ length: b.length + 1 }, (_, j) => j)]
  for (let i = 1; i <= a.length; i++) {
    const row = [i]
    let rowMin = i
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let value = Math.min(rows[i - 1]![j]! + 1, row[j - 1]! + 1, rows[i - 1]![j - 1]! + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, rows[i - 2]![j - 2]! + 1)
      row.push(value)
      rowMin = Math.min(rowMin, value)
    }
    if (rowMin > max) return max + 1
    rows.push(row)
  }
  return rows[a.length]![b.length]!
}

/**
 * A word may carry a typo only from this length: folded Vietnamese syllables are at most 7
 * letters and one letter turns one into another ("dien"/"dieu", "lanh"/"tinh").
 */
export const MIN_TYPO_WORD_LENGTH = 7

/**
 * A folded word that reads as one Vietnamese syllable ("nghiep", "truong"): one letter turns
 * one into another, so it never carries a typo.
 */
const VIETNAMESE_SYLLABLE = /^(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?[aeiouy]{1,3}(ch|ng|nh|[cmnpt])?$/

/** May this folded word carry a slipped key (five letters or more, and not a Vietnamese syllable)? */
export function mayCarryTypo(word: string): boolean {
  return word.length >= 5 && /^[a-z]+$/.test(word) && !VIETNAMESE_SYLLABLE.test(word)
}

/** Longest first, so "thuc tap sinh" goes before "thuc tap" can leave "sinh" behind. */
const LISTING_PHRASES = [...LISTING_WORDS].sort((a, b) => b.split(' ').length - a.split(' ').length)

/**
 * The words of a text that say which field it is about: its comparison form (matchForm)
 * without the words every listing uses (short-forms.ts LISTING_WORDS). "Cần chỗ TT cho SV
 * ngành Vận hành cần trục" → "van hanh can truc".
 */
export function fieldWords(text: string): string[] {
  let form = ` ${matchForm(text)} `
  for (const phrase of LISTING_PHRASES) {
    const padded = ` ${phrase} `
    while (form.includes(padded)) form = form.replace(padded, ' ')
  }
  return form.split(' ').filter(Boolean)
}
