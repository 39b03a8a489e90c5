import type { Language } from '~/modules/i18n/i18n'
import { editDistance, foldText, matchForm, MIN_TYPO_WORD_LENGTH } from '~/modules/text/text'

// The occupation taxonomy as matching uses it (pure; loaded by taxonomy.server.ts). Listings
// name occupations and skills in free text, in Vietnamese (with or without diacritics) or
// English; this resolves each text to a canonical key:
//   - an occupation to its taxonomy key, and that to its family (occupations of one family
//     are the same field for matching) and the families it is related to;
//   - a skill to a concept: every name in one skill group ("pin xe điện", "EV battery") is one
//     concept; groups that share a name merge.
// Resolution tries, in order: the whole text; the longest taxonomy term inside it
// ("Kỹ thuật sửa chữa ô tô" holds "sửa chữa ô tô"); a near spelling (one or two typos in long
// terms). Text that resolves to nothing keeps its own folded form as key, so two listings
// that use the same unknown words still meet.

export type TaxonomyOccupation = {
  key: string
  nameVi: string
  nameEn: string
  family: string | null
  related: string[]
  synonyms: string[]
  skills: string[]
  skillGroups: unknown
}

export type ResolvedOccupation = { key: string; family: string; known: boolean }

/** Keys of text outside the taxonomy start with this, so they never collide with taxonomy keys. */
export const UNKNOWN_PREFIX = '~'
const MAX_SKILL_CONCEPTS_PER_TEXT = 3
const MEMO_LIMIT = 20_000
const MAX_EXPANDED_SYNONYMS = 2
const MAX_EXPANDED_SKILL_NAMES = 2
/** How alike a name and an occupation must be (0..1) for the occupation to be suggested. */
const NEAREST_MIN_SCORE = 0.45
const NEAREST_FALLBACK_SCORE = 0.2

type Term = { form: string; target: string; containable: boolean }
type NearTerm = { form: string; words: string[]; targets: string[]; skill: boolean; total: number }

function isStringGroup(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string')
}

/** Groups of equivalent skill names from the database's JSON (anything malformed is ignored). */
export function skillGroupsOf(value: unknown): string[][] {
  return Array.isArray(value) ? value.filter(isStringGroup) : []
}

/**
 * A term may be found inside longer text only when it is specific enough: two words or
 * more, or one word that is not Vietnamese — an English word of five letters or more
 * ("welding"), or an acronym or name ("PLC", "Java"). A single Vietnamese syllable means
 * too many things once folded: "nguội" (bench fitting) is "người" (person) without its marks.
 */
function containable(original: string, form: string): boolean {
  if (form.includes(' ')) return true
  if (foldText(original) !== original.toLowerCase()) return false
  return form.length >= 5 || (form.length >= 3 && /[A-Z]/.test(original) && !VIETNAMESE_SYLLABLE.test(form))
}

/**
 * A folded form that reads as one Vietnamese syllable. An acronym shaped like one is only
 * matched whole: "SOC" (security operations) is "sóc" in "chăm sóc" (care) once folded.
 */
const VIETNAMESE_SYLLABLE = /^(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?[aeiouy]{1,3}(ch|ng|nh|[cmnpt])?$/

/** The word with one letter left out, each way. */
function oneDeleted(word: string): string[] {
  return Array.from({ length: word.length }, (_, i) => word.slice(0, i) + word.slice(i + 1))
}

class UnionFind {
  private parent = new Map<string, string>()
  find(x: string): string {
    let root = x
    while (this.parent.has(root) && this.parent.get(root) !== root) root = this.parent.get(root)!
    this.parent.set(x, root)
    return root
  }
  add(x: string) {
    if (!this.parent.has(x)) this.parent.set(x, x)
  }
  union(a: string, b: string) {
    const [ra, rb] = [this.find(a), this.find(b)]
    // The smaller form is the root: a concept's key does not depend on load order.
    if (ra !== rb) {
      if (ra < rb) this.parent.set(rb, ra)
      else this.parent.set(ra, rb)
    }
  }
}

export class Taxonomy {
  private readonly occupations = new Map<string, TaxonomyOccupation>()
  private readonly occupationTerms = new Map<string, Term>()
  private readonly skillTerms = new Map<string, Term>()
  private readonly conceptNames = new Map<string, string[]>()
  /** for each skill concept, the occupation (one per family) whose skills name it */
  private readonly conceptOccupations = new Map<string, Map<string, string>>()
  private readonly related = new Map<string, Set<string>>()
  private readonly occupationMemo = new Map<string, ResolvedOccupation | null>()
  private readonly skillMemo = new Map<string, string[]>()

  constructor(rows: readonly TaxonomyOccupation[]) {
    for (const row of rows) {
      this.occupations.set(row.key, row)
      for (const name of [row.nameVi, row.nameEn, ...row.synonyms]) {
        const form = matchForm(name)
        // The first occupation to claim a term keeps it.
        if (form && !this.occupationTerms.has(form)) this.occupationTerms.set(form, { form, target: row.key, containable: containable(name, form) })
      }
      const family = this.familyOf(row.key)
      for (const other of row.related) {
        if (other === family) continue
        this.addRelation(family, other)
        this.addRelation(other, family)
      }
    }

    const concepts = new UnionFind()
    const originals = new Map<string, string>()
    const groups = rows.flatMap((row) => [...skillGroupsOf(row.skillGroups), ...row.skills.map((skill) => [skill])])
    for (const group of groups) {
      const forms = group.map((name) => {
        const form = matchForm(name)
        if (form && !originals.has(form)) originals.set(form, name)
        return form
      }).filter(Boolean)
      for (const form of forms) concepts.add(form)
      for (const form of forms.slice(1)) concepts.union(forms[0]!, form)
    }
    for (const [form, original] of originals) {
      const concept = concepts.find(form)
      this.skillTerms.set(form, { form, target: concept, containable: containable(original, form) })
      const names = this.conceptNames.get(concept) ?? []
      names.push(original)
      this.conceptNames.set(concept, names)
    }
    for (const row of rows) {
      const family = this.familyOf(row.key)
      for (const name of [...skillGroupsOf(row.skillGroups).flat(), ...row.skills]) {
        const concept = concepts.find(matchForm(name))
        const byFamily = this.conceptOccupations.get(concept) ?? new Map<string, string>()
        if (!byFamily.has(family)) byFamily.set(family, row.key)
        this.conceptOccupations.set(concept, byFamily)
      }
    }
  }

  private addRelation(from: string, to: string) {
    const set = this.related.get(from) ?? new Set<string>()
    set.add(to)
    this.related.set(from, set)
  }

  get size(): number {
    return this.occupations.size
  }

  familyOf(key: string): string {
    return this.occupations.get(key)?.family ?? key
  }

  /** Families related to any of `families`, without those families themselves. */
  relatedFamilies(families: readonly string[]): string[] {
    const out = new Set<string>()
    for (const family of families) for (const other of this.related.get(family) ?? []) out.add(other)
    for (const family of families) out.delete(family)
    return [...out]
  }

  occupationName(key: string, lng: Language): string | null {
    const occupation = this.occupations.get(key)
    if (!occupation) return null
    return lng === 'vi' ? occupation.nameVi : occupation.nameEn
  }

  /** The canonical occupation of a free-text name, or its own folded form when unknown. */
  resolveOccupation(text: string): ResolvedOccupation | null {
    const form = matchForm(text)
    if (!form) return null
    const memo = this.occupationMemo.get(form)
    if (memo !== undefined) return memo
    const target = this.lookup(this.occupationTerms, form, 1)[0] ?? this.occupationOfSkill(form)
    const resolved = target
      ? { key: target, family: this.familyOf(target), known: true }
      : { key: `${UNKNOWN_PREFIX}${form}`, family: `${UNKNOWN_PREFIX}${form}`, known: false }
    this.remember(this.occupationMemo, form, resolved)
    return resolved
  }

  /** "Hàn ống" names a skill of one field only (welding): that field's occupation. */
  private occupationOfSkill(form: string): string | undefined {
    const [concept] = this.lookup(this.skillTerms, form, 1)
    const byFamily = concept ? this.conceptOccupations.get(concept) : undefined
    return byFamily?.size === 1 ? [...byFamily.values()][0] : undefined
  }

  /**
   * The occupations nearest to a name the taxonomy may not know, best first: its own
   * occupation when it resolves, then those whose names or skills share its rarer words (a
   * word matches with one typo when long enough). Words common to many names ("kỹ thuật",
   * "công nghệ") count for little.
   */
  nearestOccupations(text: string, limit = 3): string[] {
    const form = matchForm(text)
    if (!form) return []
    const scores = new Map<string, number>()
    const note = (key: string, score: number) => {
      if (score > (scores.get(key) ?? 0)) scores.set(key, score)
    }
    const resolved = this.resolveOccupation(text)
    if (resolved?.known) note(resolved.key, 2)
    const { terms, weights, vocabulary } = this.nearestIndex()
    const weight = (word: string) => weights.get(word) ?? weights.get('')!
    const mine = [...new Set(form.split(' '))]
    const mineTotal = mine.reduce((sum, word) => sum + weight(word), 0)
    // Each of my words and the taxonomy's words it matches: itself, or one typo away when long enough.
    const alike = mine.map((word) => {
      const near = new Set([word])
      if (word.length >= MIN_TYPO_WORD_LENGTH) {
        for (const variant of [word, ...oneDeleted(word)]) {
          for (const other of vocabulary.get(variant) ?? []) if (editDistance(word, other, 1) <= 1) near.add(other)
        }
      }
      return { weight: weight(word), near }
    })
    for (const term of terms) {
      let shared = 0
      for (const { weight: w, near } of alike) if (term.words.some((word) => near.has(word))) shared += w
      if (shared === 0) continue
      const score = ((2 * shared) / (mineTotal + term.total)) * (term.skill ? 0.8 : 1)
      if (score < NEAREST_FALLBACK_SCORE) continue
      for (const key of term.targets) note(key, score)
    }
    // Nothing close: the best of what is somewhat alike ("nuôi chim yến" shares only "nuôi").
    const floor = [...scores.values()].some((score) => score >= NEAREST_MIN_SCORE) ? NEAREST_MIN_SCORE : NEAREST_FALLBACK_SCORE
    return [...scores]
      .filter(([, score]) => score >= floor)
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, limit)
      .map(([key]) => key)
  }

  private nearestMemo: { terms: NearTerm[]; weights: Map<string, number>; vocabulary: Map<string, Set<string>> } | null = null

  /**
   * What nearestOccupations compares with, built once: every occupation and skill term with its
   * words, the occupations it points at, and its weight; how telling each word of the
   * occupations' names is (rarer words weigh more; '' holds the weight of a word no name uses).
   */
  private nearestIndex() {
    if (this.nearestMemo) return this.nearestMemo
    const counts = new Map<string, number>()
    for (const term of this.occupationTerms.values()) for (const word of new Set(term.form.split(' '))) counts.set(word, (counts.get(word) ?? 0) + 1)
    const total = Math.max(1, this.occupationTerms.size)
    const weights = new Map([...counts].map(([word, count]) => [word, Math.log(1 + total / count)]))
    weights.set('', Math.log(1 + total))
    const weight = (word: string) => weights.get(word) ?? weights.get('')!
    const termOf = (form: string, targets: string[], skill: boolean): NearTerm => {
      const words = [...new Set(form.split(' '))]
      return { form, words, targets, skill, total: words.reduce((sum, word) => sum + weight(word), 0) }
    }
    const terms = [
      ...[...this.occupationTerms.values()].map((term) => termOf(term.form, [term.target], false)),
      ...[...this.skillTerms.values()].map((term) => termOf(term.form, [...(this.conceptOccupations.get(term.target)?.values() ?? [])], true)),
    ]
    // Words long enough to carry a typo, by themselves and each of their one-letter deletions:
    // two words one edit apart share one of these (an adjacent swap too).
    const vocabulary = new Map<string, Set<string>>()
    for (const word of new Set(terms.flatMap((term) => term.words))) {
      if (word.length < MIN_TYPO_WORD_LENGTH) continue
      for (const variant of [word, ...oneDeleted(word)]) {
        const words = vocabulary.get(variant) ?? new Set<string>()
        words.add(word)
        vocabulary.set(variant, words)
      }
    }
    this.nearestMemo = { terms, weights, vocabulary }
    return this.nearestMemo
  }

  resolveOccupations(texts: readonly string[]): ResolvedOccupation[] {
    const out = new Map<string, ResolvedOccupation>()
    for (const text of texts) {
      const resolved = this.resolveOccupation(text)
      if (resolved && !out.has(resolved.key)) out.set(resolved.key, resolved)
    }
    return [...out.values()]
  }

  /** The skill concepts a free-text skill names (usually one; "PLC và HMI" names two). */
  resolveSkill(text: string): string[] {
    const form = matchForm(text)
    if (!form) return []
    const memo = this.skillMemo.get(form)
    if (memo) return memo
    const found = this.lookup(this.skillTerms, form, MAX_SKILL_CONCEPTS_PER_TEXT)
    const concepts = found.length ? [...new Set(found)] : [`${UNKNOWN_PREFIX}${form}`]
    this.remember(this.skillMemo, form, concepts)
    return concepts
  }

  resolveSkills(texts: readonly string[]): string[] {
    return [...new Set(texts.flatMap((text) => this.resolveSkill(text)))]
  }

  /**
   * Names a search should also find a listing by: its occupations' names in both languages
   * with the first synonym with Vietnamese marks and the first without, and the first other
   * names of its skills. Carried by the document, so the query needs no synonym expansion for
   * them (see searchSynonyms). Few on purpose: at 12 synonyms and 6 skill names these terms
   * made up half the index (docs/benchmarks.md), for no gain in matching (keys do that).
   */
  expansionTerms(occupationKeys: readonly string[], skillKeys: readonly string[]): string[] {
    const terms = new Map<string, string>()
    const add = (name: string) => {
      const form = foldText(name)
      if (form && !terms.has(form)) terms.set(form, name)
    }
    for (const key of occupationKeys) {
      const occupation = this.occupations.get(key)
      if (!occupation) continue
      // The first synonyms with Vietnamese marks and the first without (mostly English).
      const marked = occupation.synonyms.filter((name) => foldText(name) !== name.toLowerCase())
      const plain = occupation.synonyms.filter((name) => foldText(name) === name.toLowerCase())
      const half = MAX_EXPANDED_SYNONYMS / 2
      ;[occupation.nameVi, occupation.nameEn, ...marked.slice(0, half), ...plain.slice(0, half)].forEach(add)
    }
    for (const key of skillKeys) (this.conceptNames.get(key) ?? []).slice(0, MAX_EXPANDED_SKILL_NAMES).forEach(add)
    return [...terms.values()]
  }

  /**
   * Meilisearch synonyms: each occupation's Vietnamese and English names lead to each other.
   * Only those: every multi-word synonym makes Meilisearch try more phrasings of each query
   * (all the taxonomy's synonyms took a 3 ms query to 40 ms), and documents already carry
   * their occupations' and skills' other names (expansionTerms).
   */
  searchSynonyms(): Record<string, string[]> {
    const synonyms = new Map<string, Set<string>>()
    for (const occupation of this.occupations.values()) {
      const pairs: [string, string][] = [
        [occupation.nameVi, occupation.nameEn],
        [occupation.nameEn, occupation.nameVi],
      ]
      for (const [from, to] of pairs) {
        for (const key of new Set([from.toLowerCase(), foldText(from)])) {
          if (!key || foldText(to) === foldText(from)) continue
          const set = synonyms.get(key) ?? new Set<string>()
          set.add(to)
          synonyms.set(key, set)
        }
      }
    }
    return Object.fromEntries([...synonyms].map(([key, set]) => [key, [...set]]))
  }

  private remember<T>(memo: Map<string, T>, form: string, value: T) {
    if (memo.size >= MEMO_LIMIT) memo.clear()
    memo.set(form, value)
  }

  /** Targets of `form`: exact term; else the longest terms inside it (up to `limit`, not overlapping); else a near spelling. */
  private lookup(terms: Map<string, Term>, form: string, limit: number): string[] {
    const exact = terms.get(form)
    if (exact) return [exact.target]

    const tokens = form.split(' ')
    const found: string[] = []
    const used = new Array<boolean>(tokens.length).fill(false)
    for (let length = tokens.length - 1; length >= 1 && found.length < limit; length--) {
      for (let start = 0; start + length <= tokens.length && found.length < limit; start++) {
        if (used.slice(start, start + length).some(Boolean)) continue
        const term = terms.get(tokens.slice(start, start + length).join(' '))
        if (!term?.containable) continue
        found.push(term.target)
        used.fill(true, start, start + length)
      }
    }
    if (found.length) return found

    // A near spelling: the same words but one, which has one typo and is long enough to carry one.
    let best: string | null = null
    for (const term of terms.values()) {
      const termTokens = term.form.split(' ')
      if (termTokens.length !== tokens.length) continue
      const different = termTokens.flatMap((word, i) => (word === tokens[i] ? [] : [i]))
      if (different.length !== 1) continue
      const [mine, theirs] = [tokens[different[0]!]!, termTokens[different[0]!]!]
      if (Math.min(mine.length, theirs.length) < MIN_TYPO_WORD_LENGTH || editDistance(mine, theirs, 1) > 1) continue
      best = term.target
      break
    }
    return best ? [best] : []
  }
}
