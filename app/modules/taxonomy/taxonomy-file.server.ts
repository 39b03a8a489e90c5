import { CsvError, parse } from 'csv-parse/sync'
import { z } from 'zod'
import { MAX_ITEM_LENGTH, OCCUPATION_KEY_PATTERN } from './schemas'
import { skillGroupsOf, type TaxonomyOccupation } from './taxonomy'

// The taxonomy as a file: seeds/occupations.json's format (JSON), or the same rows as CSV for
// a spreadsheet. Admins export it, edit it and import it again (transfer.server.ts); the
// national list loads from it. A skill is one name, or a group of equivalent names
// (Vietnamese, English, abbreviations): the database keeps every name in `skills`
// (suggestions) and the groups in `skillGroups` (matching).
//
// CSV: one occupation a row under the header `key,nameVi,nameEn,family,related,synonyms,skills`;
// lists (related, synonyms, skills) separate their items with " | ", and a skill group its
// names with " = " ("pin xe điện = EV battery | OBD-II"). docs/taxonomy-file.md says so for admins.

export const CSV_COLUMNS = ['key', 'nameVi', 'nameEn', 'family', 'related', 'synonyms', 'skills'] as const
const LIST_SEPARATOR = '|'
const GROUP_SEPARATOR = '='
/** Generous: the seed's richest occupations hold about 60 synonyms and 120 skill names. */
const MAX_FILE_ITEMS = 300

/** One problem of an imported file: the row (JSON: the occupation's position from 1; CSV: the line), the field and a translation key. */
export type TaxonomyFileError = { row: number; field: string; message: string }

/** An occupation as the Occupation table holds it (skill groups read as lists of names). */
export type OccupationRecord = Omit<TaxonomyOccupation, 'skillGroups'> & { skillGroups: string[][] }

const item = z
  .string({ error: 'moderation.taxonomyFile.text' })
  .trim()
  .min(1, 'validation.required')
  .max(MAX_ITEM_LENGTH, 'moderation.taxonomy.itemTooLong')
  .refine((text) => !text.includes(LIST_SEPARATOR) && !text.includes(GROUP_SEPARATOR), 'moderation.taxonomyFile.separator')
const key = z.string({ error: 'validation.required' }).trim().regex(OCCUPATION_KEY_PATTERN, 'moderation.taxonomy.keyFormat')
const name = z.string({ error: 'validation.required' }).trim().min(1, 'validation.required').max(200, 'validation.tooLong')
const list = <T extends z.ZodType>(of: T) => z.array(of, { error: 'moderation.taxonomyFile.list' }).max(MAX_FILE_ITEMS, 'moderation.taxonomy.tooManyItems')

export const OccupationRowSchema = z
  .object(
    {
      key,
      nameVi: name,
      nameEn: name,
      family: key.nullish(),
      related: list(key).default([]),
      synonyms: list(item).default([]),
      skills: list(z.union([item, z.array(item, { error: 'moderation.taxonomyFile.list' }).min(1, 'validation.required')], { error: 'moderation.taxonomyFile.text' })).default([]),
    },
    { error: 'moderation.taxonomyFile.row' },
  )
  .transform(({ skills, family, ...occupation }): OccupationRecord => ({
    ...occupation,
    family: family || null,
    skills: [...new Set(skills.flat())],
    skillGroups: skills.filter((skill): skill is string[] => Array.isArray(skill) && skill.length > 1),
  }))

export type OccupationRow = z.input<typeof OccupationRowSchema>

/**
 * A record as a file row, its skills in their order: a group where its first name stands, the
 * rest alone (groups none of whose names remain at the end), so an unchanged file imports as
 * unchanged.
 */
export function toFileRow(record: Pick<OccupationRecord, 'key' | 'nameVi' | 'nameEn' | 'family' | 'related' | 'synonyms' | 'skills'> & { skillGroups: unknown }) {
  const groups = skillGroupsOf(record.skillGroups)
  const written = new Set<string[]>()
  const skills: (string | string[])[] = []
  for (const name of record.skills) {
    const group = groups.find((g) => g.includes(name))
    if (!group) skills.push(name)
    else if (!written.has(group)) {
      written.add(group)
      skills.push(group)
    }
  }
  for (const group of groups) if (!written.has(group)) skills.push(group)
  return {
    key: record.key,
    nameVi: record.nameVi,
    nameEn: record.nameEn,
    family: record.family,
    related: record.related,
    synonyms: record.synonyms,
    skills,
  }
}

export type ParsedTaxonomyFile = { ok: true; occupations: OccupationRecord[] } | { ok: false; errors: TaxonomyFileError[] }

/** Rows (already as objects) checked one by one; every problem with its row and field; a key twice is a problem too. */
function validateRows(rows: { row: number; value: unknown }[]): ParsedTaxonomyFile {
  const errors: TaxonomyFileError[] = []
  const occupations: OccupationRecord[] = []
  const seen = new Map<string, number>()
  for (const { row, value } of rows) {
    const parsed = OccupationRowSchema.safeParse(value)
    if (!parsed.success) {
      for (const issue of parsed.error.issues) errors.push({ row, field: issue.path.filter((p) => typeof p === 'string').join('.') || '-', message: issue.message })
      continue
    }
    const first = seen.get(parsed.data.key)
    if (first !== undefined) errors.push({ row, field: 'key', message: 'moderation.taxonomyFile.duplicateKey' })
    else seen.set(parsed.data.key, row)
    occupations.push(parsed.data)
  }
  if (rows.length === 0) errors.push({ row: 0, field: '-', message: 'moderation.taxonomyFile.empty' })
  return errors.length ? { ok: false, errors } : { ok: true, occupations }
}

export function parseTaxonomyJson(text: string): ParsedTaxonomyFile {
  let document: unknown
  try {
    document = JSON.parse(text.replace(/^\uFEFF/, ''))
  } catch {
    return { ok: false, errors: [{ row: 0, field: '-', message: 'moderation.taxonomyFile.jsonInvalid' }] }
  }
  if (!Array.isArray(document)) return { ok: false, errors: [{ row: 0, field: '-', message: 'moderation.taxonomyFile.jsonNotList' }] }
  return validateRows(document.map((value, index) => ({ row: index + 1, value })))
}

const splitList = (cell: string) =>
  cell
    .split(LIST_SEPARATOR)
    .map((part) => part.trim())
    .filter(Boolean)

export function parseTaxonomyCsv(text: string): ParsedTaxonomyFile {
  let records: { record: string[]; info: { lines: number } }[]
  try {
    records = parse(text, { bom: true, info: true, relax_column_count: true, skip_empty_lines: true }) as unknown as typeof records
  } catch (error) {
    if (!(error instanceof CsvError)) throw error
    return { ok: false, errors: [{ row: typeof error.lines === 'number' ? error.lines : 0, field: '-', message: 'moderation.taxonomyFile.csvInvalid' }] }
  }
  const [header, ...body] = records
  const columns = header?.record.map((cell) => cell.trim()) ?? []
  const missing = CSV_COLUMNS.filter((column) => !columns.includes(column))
  if (missing.length) return { ok: false, errors: missing.map((column) => ({ row: 1, field: column, message: 'moderation.taxonomyFile.missingColumn' })) }
  const cell = (record: string[], column: (typeof CSV_COLUMNS)[number]) => record[columns.indexOf(column)] ?? ''
  return validateRows(
    body.map(({ record, info }) => {
      const family = cell(record, 'family').trim()
      return {
        row: info.lines,
        value: {
          key: cell(record, 'key'),
          nameVi: cell(record, 'nameVi'),
          nameEn: cell(record, 'nameEn'),
          family: family || null,
          related: splitList(cell(record, 'related')),
          synonyms: splitList(cell(record, 'synonyms')),
          skills: splitList(cell(record, 'skills')).map((skill) => {
            const names = skill.split(GROUP_SEPARATOR).map((part) => part.trim()).filter(Boolean)
            return names.length === 1 ? names[0]! : names
          }),
        },
      }
    }),
  )
}

const csvCell = (text: string) => (/[",\n\r]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text)

export function taxonomyCsv(rows: ReturnType<typeof toFileRow>[]): string {
  const lines = rows.map((row) =>
    [
      row.key,
      row.nameVi,
      row.nameEn,
      row.family ?? '',
      row.related.join(` ${LIST_SEPARATOR} `),
      row.synonyms.join(` ${LIST_SEPARATOR} `),
      row.skills.map((skill) => (Array.isArray(skill) ? skill.join(` ${GROUP_SEPARATOR} `) : skill)).join(` ${LIST_SEPARATOR} `),
    ]
      .map(csvCell)
      .join(','),
  )
  // A byte-order mark, so spreadsheet programs read the Vietnamese as UTF-8.
  return `\uFEFF${[CSV_COLUMNS.join(','), ...lines].join('\r\n')}\r\n`
}

/** seeds/occupations.json's layout: one occupation a line. */
export function taxonomyJson(rows: ReturnType<typeof toFileRow>[]): string {
  return `[\n${rows.map((row) => JSON.stringify(row)).join(',\n')}\n]\n`
}
