import fs from 'node:fs'
import path from 'node:path'
import { Taxonomy, type TaxonomyOccupation } from '~/modules/taxonomy/taxonomy'

// The seed taxonomy (seeds/occupations.json) as the database holds it after loading: skill
// groups split into the flat `skills` list and `skillGroups` (as demo-data.server.ts does).

type SeedOccupation = Omit<TaxonomyOccupation, 'skills' | 'skillGroups' | 'family'> & { family?: string | null; skills: (string | string[])[] }

export function seedTaxonomyRows(): TaxonomyOccupation[] {
  const seed = JSON.parse(fs.readFileSync(path.resolve('seeds/occupations.json'), 'utf8')) as SeedOccupation[]
  return seed.map((o) => ({
    ...o,
    family: o.family ?? null,
    related: o.related ?? [],
    skills: [...new Set(o.skills.flat())],
    skillGroups: o.skills.filter((s): s is string[] => Array.isArray(s) && s.length > 1),
  }))
}

export function seedTaxonomy(): Taxonomy {
  return new Taxonomy(seedTaxonomyRows())
}
