import fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import { Taxonomy } from '~/modules/taxonomy/taxonomy'
import { parseTaxonomyCsv, parseTaxonomyJson, taxonomyCsv, taxonomyJson, toFileRow } from '~/modules/taxonomy/taxonomy-file.server'

// The taxonomy as a file (seeds/occupations.json, and CSV for admins), and the national list's
// promises: every row valid, the first 48 occupations' matching unchanged.

const seed = parseTaxonomyJson(fs.readFileSync('seeds/occupations.json', 'utf8'))
const occupations = seed.ok ? seed.occupations : []

describe('the national list as data', () => {
  it('is a valid taxonomy file of over 200 occupations', () => {
    expect(seed.ok ? [] : seed.errors).toEqual([])
    expect(occupations.length).toBeGreaterThanOrEqual(200)
  })

  it('relates no two of the first 48 occupations’ families that were not related before', () => {
    const relations = (rows: typeof occupations, families: Set<string>) => {
      const taxonomy = new Taxonomy(rows)
      return [...families].flatMap((family) => taxonomy.relatedFamilies([family]).filter((other) => families.has(other)).map((other) => `${family}→${other}`)).sort()
    }
    const first = occupations.slice(0, 48)
    const families = new Set(first.map((o) => o.family!))
    expect(relations(occupations, families)).toEqual(relations(first, families))
  })

  it('names each new occupation so that its own names lead to it', () => {
    const taxonomy = new Taxonomy([...occupations].sort((a, b) => a.key.localeCompare(b.key)))
    const astray = occupations
      .slice(48)
      .filter((o) => taxonomy.resolveOccupation(o.nameVi)?.key !== o.key)
      .map((o) => o.key)
    // These share their Vietnamese name's words with an older, broader occupation of their family.
    expect(astray.every((key) => taxonomy.familyOf(taxonomy.resolveOccupation(occupations.find((o) => o.key === key)!.nameVi)!.key) === taxonomy.familyOf(key))).toBe(true)
    expect(astray.length).toBeLessThan(5)
  })
})

describe('taxonomy files', () => {
  it('round-trip through CSV and JSON unchanged, skill groups included', () => {
    const rows = occupations.map(toFileRow)
    const csv = parseTaxonomyCsv(taxonomyCsv(rows))
    const json = parseTaxonomyJson(taxonomyJson(rows))
    expect(csv.ok && csv.occupations).toEqual(occupations)
    expect(json.ok && json.occupations).toEqual(occupations)
  })

  it('reports each bad row with its row number and field', () => {
    const header = 'key,nameVi,nameEn,family,related,synonyms,skills'
    expect(parseTaxonomyCsv(`${header}\nok-key,Tên,Name,,,,\nok-key,Tên,Name,,,,\nBad,,Name,,,a | b=c,\n`)).toEqual({
      ok: false,
      errors: [
        { row: 3, field: 'key', message: 'moderation.taxonomyFile.duplicateKey' },
        { row: 4, field: 'key', message: 'moderation.taxonomy.keyFormat' },
        { row: 4, field: 'nameVi', message: 'validation.required' },
        // "=" belongs in skill groups only.
        { row: 4, field: 'synonyms', message: 'moderation.taxonomyFile.separator' },
      ],
    })
    // A quote left open: the file cannot be read from there on.
    expect(parseTaxonomyCsv(`${header}\nok-key,Tên,Name,,,,\nx,"Tên,Name\n`)).toEqual({ ok: false, errors: [{ row: 3, field: '-', message: 'moderation.taxonomyFile.csvInvalid' }] })
  })
})
