import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { recordAudit } from '~/modules/audit/audit.server'
import { prisma, type Tx } from '~/modules/db/db.server'
import { recordSearchRebuild } from '~/modules/outbox/search-index.server'
import { seedsDir } from '~/modules/runtime/paths.server'
import { forgetTaxonomy } from './load.server'
import { skillGroupsOf } from './taxonomy'
import {
  parseTaxonomyCsv,
  parseTaxonomyJson,
  taxonomyCsv,
  taxonomyJson,
  toFileRow,
  type OccupationRecord,
  type TaxonomyFileError,
} from './taxonomy-file.server'

// The taxonomy in and out of the database as a whole: the national list (seeds/occupations.json)
// that installations pick up, and the admins' export → edit → import round trip. Every change
// is audited and queues a search rebuild (the indexes' synonyms and the listings' occupation
// keys come from this table), as the admin page's single edits do.

export type TaxonomyFormat = 'json' | 'csv'

/** The national list as shipped (seeds/occupations.json); a broken seed is a bug, so it throws. */
export function nationalList(): OccupationRecord[] {
  const parsed = parseTaxonomyJson(fs.readFileSync(path.join(seedsDir, 'occupations.json'), 'utf8'))
  if (!parsed.ok) throw new Error(`seeds/occupations.json is invalid:\n${parsed.errors.map((e) => `row ${e.row} ${e.field}: ${e.message}`).join('\n')}`)
  return parsed.occupations
}

export async function exportTaxonomy(format: TaxonomyFormat): Promise<string> {
  const occupations = await prisma.occupation.findMany({ orderBy: { key: 'asc' } })
  const rows = occupations.map(toFileRow)
  return format === 'csv' ? taxonomyCsv(rows) : taxonomyJson(rows)
}

const comparable = (o: Pick<OccupationRecord, 'nameVi' | 'nameEn' | 'family' | 'related' | 'synonyms' | 'skills'> & { skillGroups: unknown }) =>
  JSON.stringify([o.nameVi, o.nameEn, o.family, o.related, o.synonyms, o.skills, skillGroupsOf(o.skillGroups)])

export type ImportTaxonomyResult =
  | { ok: true; created: string[]; updated: string[]; unchanged: number }
  | { ok: false; errors: TaxonomyFileError[] }

/**
 * An admin's file: every row checked first (nothing is written when any is wrong), then in one
 * transaction each occupation created or updated by key. Occupations the file does not name
 * stay as they are (delete them on the page): a file of a few rows is a valid partial edit.
 */
export async function importTaxonomy(adminId: string, text: string, format: TaxonomyFormat): Promise<ImportTaxonomyResult> {
  const parsed = format === 'csv' ? parseTaxonomyCsv(text) : parseTaxonomyJson(text)
  if (!parsed.ok) return parsed
  return prisma.$transaction(async (tx) => {
    const existing = new Map((await tx.occupation.findMany()).map((o) => [o.key, o]))
    const created: string[] = []
    const updated: string[] = []
    for (const record of parsed.occupations) {
      const { key, ...fields } = record
      const before = existing.get(key)
      if (!before) {
        const occupation = await tx.occupation.create({ data: record })
        await recordAudit(tx, adminId, 'occupation.create', 'Occupation', occupation.id, { source: 'import', ...record })
        created.push(key)
      } else if (comparable(before) !== comparable(record)) {
        await tx.occupation.update({ where: { id: before.id }, data: fields })
        const { id: _id, updatedAt: _updatedAt, skillGroups, ...was } = before
        await recordAudit(tx, adminId, 'occupation.update', 'Occupation', before.id, {
          source: 'import',
          key,
          before: { ...was, skillGroups: skillGroupsOf(skillGroups) },
          after: fields,
        })
        updated.push(key)
      }
    }
    await recordAudit(tx, adminId, 'taxonomy.import', 'Taxonomy', 'occupations', { format, rows: parsed.occupations.length, created, updated })
    if (created.length || updated.length) await recordSearchRebuild(tx, 'taxonomy-import')
    return { ok: true as const, created, updated, unchanged: parsed.occupations.length - created.length - updated.length }
  }).finally(forgetTaxonomy)
}

/** Adds the seed's occupations whose keys are not in the table (and not in `skip`); returns their keys. */
async function addMissing(tx: Tx, occupations: readonly OccupationRecord[], skip: ReadonlySet<string> = new Set()): Promise<string[]> {
  const present = new Set((await tx.occupation.findMany({ select: { key: true } })).map((o) => o.key))
  const missing = occupations.filter((o) => !present.has(o.key) && !skip.has(o.key))
  if (missing.length) await tx.occupation.createMany({ data: missing, skipDuplicates: true })
  return missing.map((o) => o.key)
}

/**
 * The admin's "load the national list": adds every occupation of seeds/occupations.json
 * missing from the table (one an admin deleted too: they asked for it), never changing one
 * that exists, whatever an admin made of it.
 */
export async function loadNationalList(adminId: string): Promise<string[]> {
  const occupations = nationalList()
  return prisma
    .$transaction(async (tx) => {
      const added = await addMissing(tx, occupations)
      await recordAudit(tx, adminId, 'taxonomy.loadNational', 'Taxonomy', 'occupations', { added })
      if (added.length) await recordSearchRebuild(tx, 'taxonomy-national-list')
      return added
    })
    .finally(forgetTaxonomy)
}

/** The seed's edition: a digest of its keys, so a seed with new occupations is a new edition. */
export function editionOf(occupations: readonly OccupationRecord[]): string {
  return `keys-${createHash('sha256').update(occupations.map((o) => o.key).sort().join('\n')).digest('hex').slice(0, 16)}`
}

/**
 * At start: the seed's edition, once. A first start loads the whole list; an installation
 * that has the taxonomy already gains only occupations new to it — keys no earlier edition
 * held, and none an admin deleted (the audit log keeps deletions) — so admins' edits and
 * deletions stand. Returns the keys added (none when the edition was applied before).
 */
export async function applyTaxonomyEdition(): Promise<{ edition: string; added: string[] }> {
  const occupations = nationalList()
  const edition = editionOf(occupations)
  const added = await prisma
    .$transaction(async (tx) => {
      // Two processes starting at once: the second waits here, then finds the edition applied.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('taxonomy-edition'))`
      if (await tx.taxonomyEdition.findUnique({ where: { edition } })) return null
      const earlier = await tx.taxonomyEdition.findMany({ select: { keys: true } })
      const deletions = await tx.auditLog.findMany({ where: { action: 'occupation.delete', entityType: 'Occupation' }, select: { data: true } })
      const skip = new Set([
        ...earlier.flatMap((e) => e.keys),
        ...deletions.map((d) => (d.data as { key?: unknown }).key).filter((key): key is string => typeof key === 'string'),
      ])
      const firstStart = (await tx.occupation.count()) === 0
      const keys = await addMissing(tx, occupations, skip)
      await tx.taxonomyEdition.create({ data: { edition, keys: occupations.map((o) => o.key), added: keys.length } })
      // A first start builds its indexes from the table anyway.
      if (keys.length && !firstStart) {
        await recordAudit(tx, null, 'taxonomy.edition', 'Taxonomy', 'occupations', { edition, added: keys })
        await recordSearchRebuild(tx, 'taxonomy-edition')
      }
      return keys
    })
    .finally(forgetTaxonomy)
  return { edition, added: added ?? [] }
}

/** The seed into the table, whatever is there (tests and first starts): missing occupations only. Returns the seed's size. */
export async function loadSeedOccupations(): Promise<number> {
  const occupations = nationalList()
  await prisma.occupation.createMany({ data: occupations, skipDuplicates: true })
  forgetTaxonomy()
  return occupations.length
}

/** Larger than the national list as CSV or JSON (about 250 kB) many times over. */
export const MAX_TAXONOMY_FILE_BYTES = 5 * 1024 * 1024

/** A body far larger than any taxonomy file is refused before it is read (the form is read whole). */
export function refuseOversizedUpload(request: Request): void {
  if (Number(request.headers.get('content-length') ?? 0) > 2 * MAX_TAXONOMY_FILE_BYTES) throw new Response('Payload Too Large', { status: 413 })
}

export type TaxonomyUpload = { ok: true; text: string; format: TaxonomyFormat } | { ok: false; error: 'moderation.taxonomyFile.noFile' | 'moderation.taxonomyFile.tooLarge' }

/** The admin's uploaded file: its text, and its format by its name (.csv or .json), else by its first character. */
export async function readTaxonomyUpload(value: FormDataEntryValue | null): Promise<TaxonomyUpload> {
  if (!value || typeof value === 'string' || value.size === 0) return { ok: false, error: 'moderation.taxonomyFile.noFile' }
  if (value.size > MAX_TAXONOMY_FILE_BYTES) return { ok: false, error: 'moderation.taxonomyFile.tooLarge' }
  const text = await value.text()
  const name = value.name.toLowerCase()
  const format: TaxonomyFormat = name.endsWith('.csv') ? 'csv' : name.endsWith('.json') ? 'json' : text.replace(/^\uFEFF/, '').trimStart().startsWith('[') ? 'json' : 'csv'
  return { ok: true, text, format }
}
