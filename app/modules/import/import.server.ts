import { randomBytes, randomInt } from 'node:crypto'
import type { OrgKind, Prisma, VerificationStatus } from '~/generated/prisma/client'
import { prisma, type Tx } from '~/modules/db/db.server'
import { recordSearchIndexChanges } from '~/modules/outbox/search-index.server'
import { toMinorUnits } from '~/utils/money'
import {
  COLLECTIONS,
  KEY_PATTERN,
  isImportFormatVersion,
  knownFields,
  safeParseImportDocument,
  toJsonPath,
  type Collection,
  type ImportDocument,
  type ImportIssue,
  type ImportLocation,
  type ImportMoney,
} from './format'

// Bulk import (spec: import-format.md). Validate everything first — the schema, then the
// references against the file and the database — and report every error with its JSON
// path; write nothing unless the whole file is valid. Then upsert by `key` in one
// transaction and count, per collection, what was created, updated or already unchanged.
//
// Ownership: the file is the source of truth for the fields the format carries. Fields it
// does not carry (address, funding goal, details, moderation, memberships, accounts) are
// never touched, and records missing from the file are left alone (nothing is deleted).
// The one exception inside `details`: a training order's `standard` and `certificate`
// (version 2) are its details' keys of those names; its other details keys are kept.
//
// Verification (`verified`): `true` makes the record verified (verifiedAt kept if it already
// was, else now). `false` (or absent: the format's default) makes a verified record
// unverified again; records that are pending or rejected stay so, because for the file
// those are "not verified" too and they carry an admin's workflow.

export type { ImportIssue }
export type CollectionCounts = { created: number; updated: number; unchanged: number }
export type ImportCounts = Record<Collection, CollectionCounts>

export type ValidationResult =
  | { ok: true; doc: ImportDocument; warnings: ImportIssue[] }
  | { ok: false; errors: ImportIssue[]; warnings: ImportIssue[] }

export type ImportResult =
  | { ok: true; counts: ImportCounts; warnings: ImportIssue[] }
  | { ok: false; errors: ImportIssue[]; warnings: ImportIssue[] }

// ───────────────────────────── references ─────────────────────────────

/** How validation learns about records that are already in the database. */
export type ReferenceLookup = {
  /** kind of each organisation among `keys` that exists */
  organizationKinds(keys: string[]): Promise<Map<string, OrgKind>>
  /** those of `keys` that name an existing expert */
  expertKeys(keys: string[]): Promise<Set<string>>
}

const READ_CHUNK = 5_000
const WRITE_CHUNK = 1_000

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}

async function findByKeys<T>(keys: readonly string[], find: (keys: string[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = []
  for (const part of chunks([...new Set(keys)], READ_CHUNK)) out.push(...(await find(part)))
  return out
}

export function databaseLookup(db: Tx = prisma): ReferenceLookup {
  return {
    async organizationKinds(keys) {
      const rows = await findByKeys(keys, (part) =>
        db.organization.findMany({ where: { key: { in: part } }, select: { key: true, kind: true } }),
      )
      return new Map(rows.map((row) => [row.key, row.kind]))
    },
    async expertKeys(keys) {
      const rows = await findByKeys(keys, (part) =>
        db.expertProfile.findMany({ where: { key: { in: part } }, select: { key: true } }),
      )
      return new Set(rows.map((row) => row.key))
    },
  }
}

/** A lookup over fixed data (tests, dry runs): `staticLookup({ organizations: { 'org-a': 'college' } })`. */
export function staticLookup(existing: { organizations?: Record<string, OrgKind>; experts?: string[] } = {}): ReferenceLookup {
  const orgs = new Map(Object.entries(existing.organizations ?? {}))
  const experts = new Set(existing.experts ?? [])
  return {
    organizationKinds: async (keys) => new Map(keys.flatMap((k) => (orgs.has(k) ? [[k, orgs.get(k)!] as const] : []))),
    expertKeys: async (keys) => new Set(keys.filter((k) => experts.has(k))),
  }
}

type Issue = { path: (string | number)[]; message: string }

type RawRecord = Record<string, unknown>

function rawRecords(input: unknown, name: Collection): { record: RawRecord; index: number }[] {
  const records = (input as Record<string, unknown> | null)?.[name]
  if (!Array.isArray(records)) return []
  return records.flatMap((record: unknown, index) =>
    record !== null && typeof record === 'object' && !Array.isArray(record) ? [{ record: record as RawRecord, index }] : [],
  )
}

const validKey = (value: unknown): value is string => typeof value === 'string' && KEY_PATTERN.test(value)

/**
 * Cross-references, read from the raw input so they are checked even in records with
 * other errors: a need's org is a college, an offer's org a business and its expert an
 * expert, each in the file or already in the database; an organisation keeps its kind.
 */
async function checkReferences(input: unknown, lookup: ReferenceLookup): Promise<Issue[]> {
  const issues: Issue[] = []
  const fileOrgs = new Map<string, OrgKind | undefined>()
  for (const { record } of rawRecords(input, 'organizations')) {
    if (!validKey(record.key) || fileOrgs.has(record.key)) continue
    fileOrgs.set(record.key, record.kind === 'college' || record.kind === 'business' ? record.kind : undefined)
  }
  const fileExperts = new Set(rawRecords(input, 'experts').flatMap(({ record }) => (validKey(record.key) ? [record.key] : [])))
  const needs = rawRecords(input, 'needs')
  const offers = rawRecords(input, 'offers')
  // A collection that is there but not an array: its keys are unknown, so is whether a
  // reference to it resolves (the schema error says what is wrong).
  const unreadable = (name: Collection) => {
    const value = (input as Record<string, unknown> | null)?.[name]
    return value !== undefined && !Array.isArray(value)
  }
  const checkOrgs = !unreadable('organizations')
  const checkExperts = !unreadable('experts')

  const orgRefs = [...needs, ...offers].flatMap(({ record }) => (validKey(record.org) ? [record.org] : []))
  const expertRefs = offers.flatMap(({ record }) =>
    validKey(record.expert) && !fileExperts.has(record.expert) ? [record.expert] : [],
  )
  const [dbOrgs, dbExperts] = await Promise.all([
    lookup.organizationKinds([...new Set([...fileOrgs.keys(), ...orgRefs])]),
    lookup.expertKeys([...new Set(expertRefs)]),
  ])

  rawRecords(input, 'organizations').forEach(({ record, index }) => {
    if (!validKey(record.key)) return
    const stored = dbOrgs.get(record.key)
    const kind = fileOrgs.get(record.key)
    if (stored && kind && stored !== kind) {
      issues.push({
        path: ['organizations', index, 'kind'],
        message: `"${record.key}" already exists as a ${stored}; an organisation's kind cannot change`,
      })
    }
  })

  const orgKind = (key: string): OrgKind | undefined | null =>
    fileOrgs.has(key) ? fileOrgs.get(key) : (dbOrgs.get(key) ?? null) // null: unknown key

  for (const { record, index } of needs) {
    if (!checkOrgs || !validKey(record.org)) continue
    const kind = orgKind(record.org)
    if (kind === null) {
      issues.push({ path: ['needs', index, 'org'], message: `unknown organisation "${record.org}": not in this file or the database` })
    } else if (kind === 'business') {
      issues.push({ path: ['needs', index, 'org'], message: `"${record.org}" is a business; needs belong to a college` })
    }
  }
  for (const { record, index } of offers) {
    if (checkOrgs && validKey(record.org)) {
      const kind = orgKind(record.org)
      if (kind === null) {
        issues.push({ path: ['offers', index, 'org'], message: `unknown organisation "${record.org}": not in this file or the database` })
      } else if (kind === 'college') {
        issues.push({ path: ['offers', index, 'org'], message: `"${record.org}" is a college; offers with "org" belong to a business` })
      }
    }
    if (checkExperts && validKey(record.expert) && !fileExperts.has(record.expert) && !dbExperts.has(record.expert)) {
      issues.push({ path: ['offers', index, 'expert'], message: `unknown expert "${record.expert}": not in this file or the database` })
    }
  }
  return issues
}

/** Fields this version does not know: ignored, reported as warnings (they may be typos). */
function unknownFields(input: unknown): Issue[] {
  const warnings: Issue[] = []
  const KNOWN_FIELDS = knownFields((input as { version?: unknown } | null)?.version)
  const check = (value: unknown, known: readonly string[], path: (string | number)[]) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return
    for (const field of Object.keys(value)) {
      if (!known.includes(field)) warnings.push({ path: [...path, field], message: 'unknown field, ignored' })
    }
  }
  check(input, KNOWN_FIELDS.document, [])
  for (const name of COLLECTIONS) {
    for (const { record, index } of rawRecords(input, name)) {
      check(record, KNOWN_FIELDS[name], [name, index])
      check(record.location, KNOWN_FIELDS.location, [name, index, 'location'])
      if (name === 'needs') check(record.budget, KNOWN_FIELDS.money, [name, index, 'budget'])
      if (name === 'offers') check(record.price, KNOWN_FIELDS.money, [name, index, 'price'])
    }
  }
  return warnings
}

const SECTION_ORDER: readonly string[] = ['version', ...COLLECTIONS]

/** Document order: by section, then record index; otherwise as found. */
function sortIssues(issues: Issue[]): ImportIssue[] {
  const rank = (issue: Issue) => {
    const section = SECTION_ORDER.indexOf(String(issue.path[0]))
    const index = typeof issue.path[1] === 'number' ? issue.path[1] : -1
    return [section === -1 ? -1 : section, index] as const
  }
  return issues
    .map((issue, order) => ({ issue, order, rank: rank(issue) }))
    .sort((a, b) => a.rank[0] - b.rank[0] || a.rank[1] - b.rank[1] || a.order - b.order)
    .map(({ issue }) => ({ path: toJsonPath(issue.path), message: issue.message }))
}

type SchemaCheck = {
  doc: ImportDocument | null
  issues: Issue[]
  warnings: ImportIssue[]
  /** another `version`: its other fields are not checked */
  otherVersion: boolean
}

function checkSchema(input: unknown): SchemaCheck {
  const result = safeParseImportDocument(input)
  const warnings = sortIssues(unknownFields(input))
  const version = (input as { version?: unknown } | null)?.version
  const otherVersion = input !== null && typeof input === 'object' && version !== undefined && !isImportFormatVersion(version)
  if (result.success) return { doc: result.data, issues: [], warnings, otherVersion }
  const issues = result.error.issues.map((issue) => ({
    path: issue.path.map((p) => (typeof p === 'number' ? p : String(p))),
    message: issue.message,
  }))
  return { doc: null, issues, warnings, otherVersion }
}

async function completeValidation(input: unknown, schema: SchemaCheck, lookup: ReferenceLookup): Promise<ValidationResult> {
  const { warnings } = schema
  // Another version is another format: say so and stop there.
  if (schema.otherVersion) {
    return { ok: false, errors: sortIssues(schema.issues.filter((issue) => issue.path[0] === 'version')), warnings }
  }
  const issues = [...schema.issues, ...(await checkReferences(input, lookup))]
  if (schema.doc && issues.length === 0) return { ok: true, doc: schema.doc, warnings }
  return { ok: false, errors: sortIssues(issues), warnings }
}

/**
 * Validates a whole import document: its schema and its references (to records in the
 * file or, by default, in the database). Every error is reported, in document order.
 */
export async function validateImportDocument(
  input: unknown,
  opts: { lookup?: ReferenceLookup } = {},
): Promise<ValidationResult> {
  return completeValidation(input, checkSchema(input), opts.lookup ?? databaseLookup())
}

// ───────────────────────────── writing ─────────────────────────────

/** One entity the import created or changed, for the search index. */
export type ImportChange = {
  type: 'organization' | 'expert' | 'need' | 'offer'
  id: string
  key: string
  change: 'created' | 'updated'
}

const emptyCounts = (): ImportCounts => ({
  organizations: { created: 0, updated: 0, unchanged: 0 },
  experts: { created: 0, updated: 0, unchanged: 0 },
  needs: { created: 0, updated: 0, unchanged: 0 },
  offers: { created: 0, updated: 0, unchanged: 0 },
})

/** "2026-03-01" → 2026-03-01T00:00:00Z, how Prisma reads a `@db.Date` back. */
export function utcDate(day: string): Date {
  return new Date(`${day}T00:00:00.000Z`)
}

function sameValue(a: unknown, b: unknown): boolean {
  // Money columns come back as bigint; the file's amounts are numbers.
  if (typeof a === 'bigint' || typeof b === 'bigint') {
    return a != null && b != null && BigInt(a as bigint | number) === BigInt(b as bigint | number)
  }
  if (a instanceof Date || b instanceof Date) {
    return a instanceof Date && b instanceof Date && a.getTime() === b.getTime()
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => sameValue(v, b[i]))
  }
  // JSON objects (a training order's details): the same keys with the same values.
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object') {
    const left = Object.entries(a).filter(([, v]) => v !== undefined)
    const right = Object.entries(b).filter(([, v]) => v !== undefined)
    return left.length === right.length && left.every(([k, v]) => sameValue(v, (b as Record<string, unknown>)[k]))
  }
  return (a ?? null) === (b ?? null)
}

function isUnchanged(desired: object, existing: object): boolean {
  return Object.entries(desired).every(([field, value]) => sameValue(value, (existing as Record<string, unknown>)[field]))
}

const point = (location: ImportLocation | null) => ({ lat: location?.lat ?? null, lng: location?.lng ?? null })

const money = (value: ImportMoney | null) =>
  value ? { amount: toMinorUnits(value.amount, value.currency), currency: value.currency, per: value.per } : null

type Verification = { verification: VerificationStatus; verifiedAt: Date | null }

/** What the file's `verified` makes of a record's verification (see the top of this file). */
function verificationFor(verified: boolean, existing: Verification | undefined, now: Date): Verification {
  if (verified) {
    return existing?.verification === 'verified'
      ? { verification: 'verified', verifiedAt: existing.verifiedAt ?? now }
      : { verification: 'verified', verifiedAt: now }
  }
  if (!existing || existing.verification === 'verified') return { verification: 'unverified', verifiedAt: null }
  return { verification: existing.verification, verifiedAt: existing.verifiedAt }
}

// Writes go through one `INSERT … SELECT … FROM jsonb_to_recordset($1)` (or `UPDATE … FROM`)
// per batch: measured here, Prisma's createMany spent ~0.7 ms a row in the client, this
// ~0.04 ms. The column lists are checked against Prisma's types, so a renamed field fails
// to compile; ids are generated like Prisma's cuid(), timestamps written in UTC as Prisma does.

/** PostgreSQL type of each column the import writes, keyed by Prisma field name. */
type Columns<Desired> = { [K in keyof Desired]: string }

let idCounter = randomInt(36 ** 4)

/** A collision-resistant id in the shape of Prisma's cuid(): "c" + time + counter + random. */
export function newId(): string {
  idCounter = (idCounter + 1) % 36 ** 4
  const random = Array.from(randomBytes(12), (byte) => (byte % 36).toString(36)).join('')
  return `c${Date.now().toString(36).padStart(8, '0')}${idCounter.toString(36).padStart(4, '0')}${random}`
}

const quote = (column: string) => `"${column.replace(/"/g, '""')}"`

function toJsonRow(row: Record<string, unknown>, columns: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [column, type] of Object.entries(columns)) {
    const value = row[column]
    // `date` columns get "YYYY-MM-DD"; timestamp(3) columns the UTC ISO string (its zone is ignored).
    out[column] = value instanceof Date ? (type === 'date' ? value.toISOString().slice(0, 10) : value.toISOString()) : (value ?? null)
  }
  return out
}

const STAMPS = { id: 'text', key: 'text', createdAt: 'timestamp(3)', updatedAt: 'timestamp(3)' }

async function bulkInsert(tx: Tx, table: string, columns: Record<string, string>, rows: Record<string, unknown>[]) {
  const all: Record<string, string> = { ...STAMPS, ...columns }
  const names = Object.keys(all)
  await tx.$executeRawUnsafe(
    `INSERT INTO ${quote(table)} (${names.map(quote).join(', ')})
     SELECT ${names.map((n) => `r.${quote(n)}`).join(', ')}
     FROM jsonb_to_recordset($1::jsonb) AS r(${names.map((n) => `${quote(n)} ${all[n]}`).join(', ')})`,
    JSON.stringify(rows.map((row) => toJsonRow(row, all))),
  )
}

async function bulkUpdate(tx: Tx, table: string, columns: Record<string, string>, rows: Record<string, unknown>[]) {
  const all: Record<string, string> = { id: 'text', updatedAt: 'timestamp(3)', ...columns }
  const names = Object.keys(all)
  const updated = await tx.$executeRawUnsafe(
    `UPDATE ${quote(table)} AS t
     SET ${names.filter((n) => n !== 'id').map((n) => `${quote(n)} = r.${quote(n)}`).join(', ')}
     FROM jsonb_to_recordset($1::jsonb) AS r(${names.map((n) => `${quote(n)} ${all[n]}`).join(', ')})
     WHERE t.id = r.id`,
    JSON.stringify(rows.map((row) => toJsonRow(row, all))),
  )
  if (updated !== rows.length) throw new Error(`import: ${table}: updated ${updated} rows of ${rows.length}`)
}

type Progress = { add: (n: number) => void }

/**
 * Upserts one collection: compares each record with its row, inserts the new ones and
 * rewrites the changed ones in batches (so `updatedAt` moves only for those). Returns key → id.
 */
async function upsertCollection<Desired extends object>(args: {
  tx: Tx
  table: 'Organization' | 'ExpertProfile' | 'Need' | 'Offer'
  columns: Columns<Desired>
  records: { key: string; desired: Desired }[]
  existing: Map<string, { id: string; key: string }>
  counts: CollectionCounts
  progress: Progress
  changes: ImportChange[]
  type: ImportChange['type']
  now: Date
}): Promise<Map<string, string>> {
  const ids = new Map<string, string>()
  const toCreate: Record<string, unknown>[] = []
  const toUpdate: Record<string, unknown>[] = []
  for (const { key, desired } of args.records) {
    const current = args.existing.get(key)
    if (!current) {
      const id = newId()
      ids.set(key, id)
      toCreate.push({ ...desired, id, key, createdAt: args.now, updatedAt: args.now })
      args.changes.push({ type: args.type, id, key, change: 'created' })
    } else {
      ids.set(key, current.id)
      if (isUnchanged(desired, current)) {
        args.counts.unchanged += 1
        continue
      }
      toUpdate.push({ ...desired, id: current.id, updatedAt: args.now })
      args.changes.push({ type: args.type, id: current.id, key, change: 'updated' })
    }
  }
  args.progress.add(args.counts.unchanged)
  const columns = args.columns as Record<string, string>
  for (const part of chunks(toUpdate, WRITE_CHUNK)) {
    await bulkUpdate(args.tx, args.table, columns, part)
    args.counts.updated += part.length
    args.progress.add(part.length)
  }
  for (const part of chunks(toCreate, WRITE_CHUNK)) {
    await bulkInsert(args.tx, args.table, columns, part)
    args.counts.created += part.length
    args.progress.add(part.length)
  }
  return ids
}

const byKey = <T extends { key: string }>(rows: T[]) => new Map(rows.map((row) => [row.key, row]))

const ORGANIZATION_COLUMNS = {
  kind: '"OrgKind"',
  name: 'text',
  nameVi: 'text',
  district: 'text',
  lat: 'double precision',
  lng: 'double precision',
  website: 'text',
  description: 'text',
  verification: '"VerificationStatus"',
  verifiedAt: 'timestamp(3)',
  verifiedById: 'text',
} satisfies Partial<Record<keyof Prisma.OrganizationCreateManyInput, string>>

const EXPERT_COLUMNS = {
  name: 'text',
  country: 'text',
  languages: 'text[]',
  headline: 'text',
  bio: 'text',
  lat: 'double precision',
  lng: 'double precision',
  verification: '"VerificationStatus"',
  verifiedAt: 'timestamp(3)',
} satisfies Partial<Record<keyof Prisma.ExpertProfileCreateManyInput, string>>

/** The columns needs and offers share. */
const LISTING_COLUMNS = {
  title: 'text',
  description: 'text',
  occupations: 'text[]',
  occupationsOther: 'text[]',
  skills: 'text[]',
  startDate: 'date',
  endDate: 'date',
  languages: 'text[]',
  status: '"ListingStatus"',
} satisfies Partial<Record<keyof Prisma.NeedCreateManyInput & keyof Prisma.OfferCreateManyInput, string>>

const NEED_COLUMNS = {
  orgId: 'text',
  kind: '"NeedKind"',
  ...LISTING_COLUMNS,
  quantity: 'integer',
  days: 'integer',
  onSite: 'boolean',
  budgetAmount: 'bigint',
  budgetCurrency: 'text',
  budgetPer: '"PriceUnit"',
  fundingGoal: 'bigint',
  fundingCurrency: 'text',
} satisfies Partial<Record<keyof Prisma.NeedCreateManyInput, string>>

const OFFER_COLUMNS = {
  orgId: 'text',
  expertId: 'text',
  kind: '"OfferKind"',
  ...LISTING_COLUMNS,
  capacity: 'integer',
  remote: 'boolean',
  priceAmount: 'bigint',
  priceCurrency: 'text',
  pricePer: '"PriceUnit"',
  equipmentTerms: '"EquipmentTerms"',
  lat: 'double precision',
  lng: 'double precision',
} satisfies Partial<Record<keyof Prisma.OfferCreateManyInput, string>>

/** Training orders also carry their standard, inside `details`. */
const TRAINING_ORDER_COLUMNS = { ...OFFER_COLUMNS, details: 'jsonb' } satisfies Partial<Record<keyof Prisma.OfferCreateManyInput, string>>

/** The details keys an import owns for a training order (see the top of this file). */
const IMPORTED_DETAILS = ['standard', 'certificate'] as const

/** A training order's details: the file's standard and certificate over whatever else the details hold. */
function trainingOrderDetails(existing: unknown, offer: { standard: string | null; certificate: string | null }): Record<string, string> {
  const kept = existing !== null && typeof existing === 'object' && !Array.isArray(existing) ? { ...(existing as Record<string, string>) } : {}
  for (const key of IMPORTED_DETAILS) delete kept[key]
  return {
    ...kept,
    ...(offer.standard !== null ? { standard: offer.standard.trim() } : {}),
    ...(offer.certificate !== null ? { certificate: offer.certificate.trim() } : {}),
  }
}

/** The row a record should become: exactly the columns, each typed as Prisma types the field. */
type RowOf<C, Input> = { [K in keyof C]: K extends keyof Input ? Exclude<Input[K], undefined> : never }

async function writeDocument(tx: Tx, doc: ImportDocument, progress: Progress): Promise<ImportCounts> {
  const counts = emptyCounts()
  const changes: ImportChange[] = []
  const now = new Date()
  const common = { tx, progress, changes, now }

  // ── organisations
  const orgKeys = [
    ...new Set([...doc.organizations.map((o) => o.key), ...doc.needs.map((n) => n.org), ...doc.offers.flatMap((o) => (o.org ? [o.org] : []))]),
  ]
  const existingOrgs = byKey(
    await findByKeys(orgKeys, (part) =>
      tx.organization.findMany({
        where: { key: { in: part } },
        select: {
          id: true, key: true, kind: true, name: true, nameVi: true, district: true, lat: true, lng: true,
          website: true, description: true, verification: true, verifiedAt: true, verifiedById: true,
        },
      }),
    ),
  )
  const orgIds = await upsertCollection({
    ...common,
    table: 'Organization',
    columns: ORGANIZATION_COLUMNS,
    records: doc.organizations.map((org) => {
      const existing = existingOrgs.get(org.key)
      const verification = verificationFor(org.verified, existing, now)
      const row: RowOf<typeof ORGANIZATION_COLUMNS, Prisma.OrganizationCreateManyInput> = {
        kind: org.kind,
        name: org.name,
        nameVi: org.nameVi,
        district: org.district,
        ...point(org.location),
        website: org.website,
        description: org.description,
        ...verification,
        // An admin's name stays on a verification the file confirms, not on one it changes.
        verifiedById: existing && existing.verification === verification.verification ? existing.verifiedById : null,
      }
      return { key: org.key, desired: row }
    }),
    existing: existingOrgs,
    counts: counts.organizations,
    type: 'organization',
  })
  for (const [key, org] of existingOrgs) if (!orgIds.has(key)) orgIds.set(key, org.id)

  // ── experts
  const expertKeys = [...new Set([...doc.experts.map((e) => e.key), ...doc.offers.flatMap((o) => (o.expert ? [o.expert] : []))])]
  const existingExperts = byKey(
    await findByKeys(expertKeys, (part) =>
      tx.expertProfile.findMany({
        where: { key: { in: part } },
        select: {
          id: true, key: true, name: true, country: true, languages: true, headline: true, bio: true,
          lat: true, lng: true, verification: true, verifiedAt: true,
        },
      }),
    ),
  )
  const expertIds = await upsertCollection({
    ...common,
    table: 'ExpertProfile',
    columns: EXPERT_COLUMNS,
    records: doc.experts.map((expert) => {
      const row: RowOf<typeof EXPERT_COLUMNS, Prisma.ExpertProfileCreateManyInput> = {
        name: expert.name,
        country: expert.country,
        languages: expert.languages,
        headline: expert.headline,
        bio: expert.bio,
        ...point(expert.location),
        ...verificationFor(expert.verified, existingExperts.get(expert.key), now),
      }
      return { key: expert.key, desired: row }
    }),
    existing: existingExperts,
    counts: counts.experts,
    type: 'expert',
  })
  for (const [key, expert] of existingExperts) if (!expertIds.has(key)) expertIds.set(key, expert.id)

  const idOf = (ids: Map<string, string>, key: string) => {
    const id = ids.get(key)
    if (!id) throw new Error(`import: "${key}" vanished during the import`) // validated above
    return id
  }

  // ── needs
  const existingNeeds = byKey(
    await findByKeys(doc.needs.map((n) => n.key), (part) =>
      tx.need.findMany({
        where: { key: { in: part } },
        select: {
          id: true, key: true, orgId: true, kind: true, title: true, description: true, occupations: true,
          occupationsOther: true, skills: true, quantity: true, startDate: true, endDate: true, budgetAmount: true, budgetCurrency: true,
          budgetPer: true, days: true, languages: true, onSite: true, status: true, fundingGoal: true, fundingCurrency: true,
        },
      }),
    ),
  )
  await upsertCollection({
    ...common,
    table: 'Need',
    columns: NEED_COLUMNS,
    records: doc.needs.map((need) => {
      const budget = money(need.budget)
      const row: RowOf<typeof NEED_COLUMNS, Prisma.NeedCreateManyInput> = {
        orgId: idOf(orgIds, need.org),
        kind: need.kind,
        title: need.title,
        description: need.description,
        occupations: need.occupations,
        // A file without the field (version 1) keeps what is there.
        occupationsOther: need.occupationsOther ?? existingNeeds.get(need.key)?.occupationsOther ?? [],
        skills: need.skills,
        quantity: need.quantity,
        startDate: utcDate(need.startDate),
        endDate: utcDate(need.endDate),
        budgetAmount: budget?.amount ?? null,
        budgetCurrency: budget?.currency ?? null,
        budgetPer: budget?.per ?? null,
        // A file without the field (version 1, or a version 2 file that leaves it out) keeps what is there.
        ...(need.fundingGoal === undefined
          ? { fundingGoal: existingNeeds.get(need.key)?.fundingGoal ?? null, fundingCurrency: existingNeeds.get(need.key)?.fundingCurrency ?? null }
          : { fundingGoal: need.fundingGoal ? toMinorUnits(need.fundingGoal.amount, need.fundingGoal.currency) : null, fundingCurrency: need.fundingGoal?.currency ?? null }),
        // A file without the field (written before it existed) keeps what is there.
        days: need.days === undefined ? (existingNeeds.get(need.key)?.days ?? null) : need.days,
        languages: need.languages,
        onSite: need.onSite,
        status: need.status,
      }
      return { key: need.key, desired: row }
    }),
    existing: existingNeeds,
    counts: counts.needs,
    type: 'need',
  })

  // ── offers
  const existingOffers = byKey(
    await findByKeys(doc.offers.map((o) => o.key), (part) =>
      tx.offer.findMany({
        where: { key: { in: part } },
        select: {
          id: true, key: true, orgId: true, expertId: true, kind: true, title: true, description: true,
          occupations: true, occupationsOther: true, skills: true, capacity: true, startDate: true, endDate: true, priceAmount: true,
          priceCurrency: true, pricePer: true, equipmentTerms: true, languages: true, remote: true, lat: true,
          lng: true, status: true, details: true,
        },
      }),
    ),
  )
  const offerRow = (offer: ImportDocument['offers'][number]) => {
    const price = money(offer.price)
    const row: RowOf<typeof OFFER_COLUMNS, Prisma.OfferCreateManyInput> = {
      orgId: offer.org ? idOf(orgIds, offer.org) : null,
      expertId: offer.expert ? idOf(expertIds, offer.expert) : null,
      kind: offer.kind,
      title: offer.title,
      description: offer.description,
      occupations: offer.occupations,
      occupationsOther: offer.occupationsOther ?? existingOffers.get(offer.key)?.occupationsOther ?? [],
      skills: offer.skills,
      capacity: offer.capacity,
      startDate: utcDate(offer.startDate),
      endDate: utcDate(offer.endDate),
      priceAmount: price?.amount ?? null,
      priceCurrency: price?.currency ?? null,
      pricePer: price?.per ?? null,
      equipmentTerms: offer.equipmentTerms,
      languages: offer.languages,
      remote: offer.remote,
      ...point(offer.location),
      status: offer.status,
    }
    return row
  }
  // Training orders also write their details (the standard), so they go in a batch of their own.
  const trainingOrders = doc.offers.filter((o) => o.kind === 'training_order')
  const otherOffers = doc.offers.filter((o) => o.kind !== 'training_order')
  await upsertCollection({
    ...common,
    table: 'Offer',
    columns: OFFER_COLUMNS,
    records: otherOffers.map((offer) => ({ key: offer.key, desired: offerRow(offer) })),
    existing: existingOffers,
    counts: counts.offers,
    type: 'offer',
  })
  await upsertCollection({
    ...common,
    table: 'Offer',
    columns: TRAINING_ORDER_COLUMNS,
    records: trainingOrders.map((offer) => {
      const row: RowOf<typeof TRAINING_ORDER_COLUMNS, Prisma.OfferCreateManyInput> = {
        ...offerRow(offer),
        details: trainingOrderDetails(existingOffers.get(offer.key)?.details, offer),
      }
      return { key: offer.key, desired: row }
    }),
    existing: existingOffers,
    counts: counts.offers,
    type: 'offer',
  })

  await recordSearchIndexChanges(tx, changes)
  return counts
}

/** Serialises imports: two at once would race on the same keys. */
const IMPORT_LOCK = 7_410_001

/**
 * Validates `input` and, only if all of it is valid, upserts it by key in one transaction.
 * Running the same file twice changes nothing the second time (all `unchanged`).
 */
export async function importDocument(
  input: unknown,
  opts: { onProgress?: (done: number, total: number) => void } = {},
): Promise<ImportResult> {
  const schema = checkSchema(input)
  // A file that fails its schema costs no transaction: report everything and stop.
  if (!schema.doc) {
    const validation = await completeValidation(input, schema, databaseLookup())
    if (!validation.ok) return validation
  }

  return prisma.$transaction(
    async (tx) => {
      await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${IMPORT_LOCK})`)
      // References inside the transaction that writes: nothing can change under us.
      const validation = await completeValidation(input, schema, databaseLookup(tx))
      if (!validation.ok) return validation
      const { doc } = validation
      const total = doc.organizations.length + doc.experts.length + doc.needs.length + doc.offers.length
      let done = 0
      opts.onProgress?.(0, total)
      const progress: Progress = {
        add(n) {
          if (n === 0) return
          done += n
          opts.onProgress?.(done, total)
        },
      }
      const counts = await writeDocument(tx, doc, progress)
      return { ok: true as const, counts, warnings: validation.warnings }
    },
    { maxWait: 60_000, timeout: 30 * 60_000 },
  )
}

export function totalCounts(counts: ImportCounts): CollectionCounts {
  const total = { created: 0, updated: 0, unchanged: 0 }
  for (const name of COLLECTIONS) {
    total.created += counts[name].created
    total.updated += counts[name].updated
    total.unchanged += counts[name].unchanged
  }
  return total
}
