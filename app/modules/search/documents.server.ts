import { Prisma, type EquipmentTerms, type ListingStatus, type NeedKind, type OfferKind, type PriceUnit, type VerificationStatus } from '~/generated/prisma/client'
import type { Tx } from '~/modules/db/db.server'
import { prisma } from '~/modules/db/db.server'
import type { Taxonomy } from '~/modules/taxonomy/taxonomy'
import { foldText, searchForm } from '~/modules/text/text'
import { budgetOverWindow, convert, perDay, workingDays, type Rates } from '~/modules/money/units'
import { isCurrency, toMajorUnits } from '~/utils/money'
import type { GeoPoint } from './geo'
import { listedSql } from '~/modules/listings/listed-sql.server'
import type { ListingType } from '~/modules/listings/view'
import { isListed } from '~/modules/listings/visibility'

// A listing row → its search document. Documents carry everything matching needs (so a
// match never goes back to the database per candidate): occupations and skills resolved to
// taxonomy keys, dates as timestamps, money normalised per working day (and as a total) in
// its own currency plus VND per day for sorting, the owner's name, place and verification.
// Only listed listings (public and open: listings/visibility.ts isListed) are documents:
// nothing searches or matches closed, filled or expired ones, and over time they would
// outnumber the live ones many times.

type DocumentBase = {
  id: string
  key: string
  status: ListingStatus
  title: string
  description: string
  occupations: string[]
  skills: string[]
  /** taxonomy keys (or "~folded text" for occupations outside the taxonomy) */
  occupationKeys: string[]
  occupationFamilies: string[]
  skillKeys: string[]
  /** the occupation names in both languages (the poster's own other-language names first) and the skills' other names, so any of them finds the listing */
  taxonomyTerms: string[]
  /**
   * the title, occupations and skills folded with short forms written out (text.ts
   * searchForm), so "SV TT" finds "sinh viên thực tập" and text with half its diacritics
   * meets the full form whatever the search engine makes of the marks
   */
  searchText: string
  ownerKey: string
  ownerName: string
  ownerNameVi: string | null
  district: string | null
  verified: boolean
  languages: string[]
  startDate: string
  endDate: string
  /** UTC midnight, seconds */
  startTs: number
  endTs: number
  /** where the listing is (filterable as geo.lat / geo.lng, see geo.ts) */
  geo?: GeoPoint
  createdAt: number
  updatedAt: number
  /** the listing's and its owner's last change (ms): what the parity check compares */
  version: number
  format: typeof DOCUMENT_FORMAT
}

export type NeedDocument = DocumentBase & {
  type: 'need'
  kind: NeedKind
  quantity: number
  /** expert needs: the working days wanted (a total budget is spread over them), or null */
  days: number | null
  onSite: boolean
  /** the accepted languages as one value ("de+en", or "-" for none), for "every language is spoken" filters */
  languageSet: string
  hasBudget: boolean
  budgetCurrency: string | null
  budgetAmount: number | null
  budgetPer: PriceUnit | null
  budgetPerDay: number | null
  budgetTotal: number | null
  budgetVndPerDay: number | null
}

export type OfferDocument = DocumentBase & {
  type: 'offer'
  kind: OfferKind
  ownerType: 'org' | 'expert'
  capacity: number | null
  remote: boolean
  equipmentTerms: EquipmentTerms | null
  hasPrice: boolean
  priceCurrency: string | null
  priceAmount: number | null
  pricePer: PriceUnit | null
  /** per working day in its own currency (null for a total price) */
  pricePerDay: number | null
  /** a total price in its own currency (null for a per-unit price) */
  priceTotal: number | null
  priceVndPerDay: number | null
}

export type ListingDocument = NeedDocument | OfferDocument

/**
 * The documents' shape; raised when a change needs every document rebuilt (start-up
 * rebuilds an index whose documents carry another). 2: `geo` instead of `_geo`;
 * 3: open listings only, fewer taxonomy terms; 4: a need's stated days (its budget per day),
 * the folded search text; 5: occupations in the other language.
 */
export const DOCUMENT_FORMAT = 5

export const NO_LANGUAGES = '-'

/** "de+en": the sorted languages as one value. */
export function languageSetOf(languages: readonly string[]): string {
  const sorted = [...new Set(languages)].sort()
  return sorted.length ? sorted.join('+') : NO_LANGUAGES
}

// ───────────────────────────── rows ─────────────────────────────

const ownerOrgSelect = {
  select: { key: true, name: true, nameVi: true, district: true, lat: true, lng: true, verification: true, updatedAt: true },
} as const
const ownerExpertSelect = { select: { key: true, name: true, lat: true, lng: true, verification: true, updatedAt: true } } as const

export const needRowInclude = { org: ownerOrgSelect } satisfies Prisma.NeedInclude
export const offerRowInclude = { org: ownerOrgSelect, expert: ownerExpertSelect } satisfies Prisma.OfferInclude

export type NeedRow = Prisma.NeedGetPayload<{ include: typeof needRowInclude }>
export type OfferRow = Prisma.OfferGetPayload<{ include: typeof offerRowInclude }>

export async function needRows(ids: readonly string[], db: Tx = prisma): Promise<NeedRow[]> {
  return ids.length ? db.need.findMany({ where: { id: { in: [...ids] } }, include: needRowInclude }) : []
}

export async function offerRows(ids: readonly string[], db: Tx = prisma): Promise<OfferRow[]> {
  return ids.length ? db.offer.findMany({ where: { id: { in: [...ids] } }, include: offerRowInclude }) : []
}

/**
 * A listing's version in SQL: the later of its own and its owner's last change (as
 * `needDocument`/`offerDocument` compute it), over its table aliased `l` and its owners.
 */
export const LISTING_VERSION_SQL: Record<ListingType, { from: Prisma.Sql; version: Prisma.Sql }> = {
  need: { from: Prisma.sql`"Need" l JOIN "Organization" o ON o.id = l."orgId"`, version: Prisma.sql`GREATEST(l."updatedAt", o."updatedAt")` },
  offer: {
    from: Prisma.sql`"Offer" l LEFT JOIN "Organization" o ON o.id = l."orgId" LEFT JOIN "ExpertProfile" e ON e.id = l."expertId"`,
    version: Prisma.sql`GREATEST(l."updatedAt", o."updatedAt", e."updatedAt")`,
  },
}

/**
 * Each indexable listing's version (ms) among `ids`; listings that are gone or not public
 * are absent. One query, for checks on the hot path.
 */
export async function listingVersions(type: 'need' | 'offer', ids: readonly string[], db: Tx = prisma): Promise<Map<string, number>> {
  if (!ids.length) return new Map()
  const { from, version } = LISTING_VERSION_SQL[type]
  const rows = await db.$queryRaw<{ id: string; version: Date }[]>`
    SELECT l.id, ${version} AS version FROM ${from} WHERE l.id = ANY(${[...ids]}) AND ${listedSql('l')}`
  return new Map(rows.map((row) => [row.id, new Date(row.version).getTime()]))
}

// ───────────────────────────── documents ─────────────────────────────

const seconds = (date: Date) => Math.floor(date.getTime() / 1000)
const day = (date: Date) => date.toISOString().slice(0, 10)

function majorAmount(minor: bigint | null, currency: string | null): number | null {
  if (minor === null || !currency) return null
  return isCurrency(currency) ? toMajorUnits(Number(minor), currency) : Number(minor)
}

function point(lat: number | null | undefined, lng: number | null | undefined): GeoPoint | undefined {
  return lat != null && lng != null ? { lat, lng } : undefined
}

const isVerified = (status: VerificationStatus | undefined) => status === 'verified'

function resolved(
  taxonomy: Taxonomy,
  { title, occupations, occupationsOther, skills }: { title: string; occupations: string[]; occupationsOther: string[]; skills: string[] },
) {
  // The poster's names in the other language count as occupations too: for one the taxonomy
  // does not know, "Drone piloting" beside "Điều khiển drone" meets an English expert's offer.
  const occupationList = taxonomy.resolveOccupations([...occupations, ...occupationsOther])
  const skillKeys = taxonomy.resolveSkills(skills)
  const occupationKeys = occupationList.map((o) => o.key)
  // Names the listing already says are not repeated: this field is a large part of the index.
  const own = ` ${foldText([title, ...occupations, ...skills].join(' '))} `
  const terms = [...new Map([...occupationsOther, ...taxonomy.expansionTerms(occupationKeys, skillKeys)].map((term) => [foldText(term), term])).values()]
  return {
    occupationKeys,
    occupationFamilies: [...new Set(occupationList.map((o) => o.family))],
    skillKeys,
    taxonomyTerms: terms.filter((term) => !own.includes(` ${foldText(term)} `)),
    searchText: searchForm([title, ...occupations, ...occupationsOther, ...skills].join(' . ')),
  }
}

/** VND per working day (a total spread over the listing's own window), for sorting by price. */
function vndPerDay(amount: number | null, currency: string | null, per: PriceUnit | null, start: Date, end: Date, rates: Rates): number | null {
  if (amount === null || !currency || !per) return null
  const daily = perDay(amount, per) ?? amount / workingDays(start, end)
  return convert(daily, currency, 'VND', rates)
}

/** The fields a document takes from its listing's own columns, the same for needs and offers. */
function ownFields(row: NeedRow | OfferRow, taxonomy: Taxonomy) {
  return {
    id: row.id,
    key: row.key,
    status: row.status,
    title: row.title,
    description: row.description,
    occupations: row.occupations,
    skills: row.skills,
    ...resolved(taxonomy, row),
    languages: row.languages,
    startDate: day(row.startDate),
    endDate: day(row.endDate),
    startTs: seconds(row.startDate),
    endTs: seconds(row.endDate),
    createdAt: row.createdAt.getTime(),
    updatedAt: row.updatedAt.getTime(),
  }
}

export function needDocument(row: NeedRow, taxonomy: Taxonomy, rates: Rates): NeedDocument {
  const budgetAmount = majorAmount(row.budgetAmount, row.budgetCurrency)
  const budget =
    budgetAmount !== null && row.budgetPer ? budgetOverWindow(budgetAmount, row.budgetPer, row.startDate, row.endDate, row.days) : null
  return {
    type: 'need',
    kind: row.kind,
    ...ownFields(row, taxonomy),
    ownerKey: row.org.key,
    ownerName: row.org.name,
    ownerNameVi: row.org.nameVi,
    district: row.org.district,
    verified: isVerified(row.org.verification),
    languageSet: languageSetOf(row.languages),
    ...(point(row.org.lat, row.org.lng) ? { geo: point(row.org.lat, row.org.lng) } : {}),
    quantity: row.quantity,
    days: row.days,
    onSite: row.onSite,
    hasBudget: budget !== null,
    budgetCurrency: budget ? row.budgetCurrency : null,
    budgetAmount: budget ? budgetAmount : null,
    budgetPer: budget ? row.budgetPer : null,
    budgetPerDay: budget?.perDay ?? null,
    budgetTotal: budget?.total ?? null,
    budgetVndPerDay: vndPerDay(budgetAmount, row.budgetCurrency, row.budgetPer, row.startDate, row.endDate, rates),
    version: Math.max(row.updatedAt.getTime(), row.org.updatedAt.getTime()),
    format: DOCUMENT_FORMAT,
  }
}

export function offerDocument(row: OfferRow, taxonomy: Taxonomy, rates: Rates): OfferDocument {
  const owner = row.org ?? row.expert
  if (!owner) throw new Error(`offer ${row.key} has neither an organisation nor an expert`)
  const priceAmount = majorAmount(row.priceAmount, row.priceCurrency)
  const hasPrice = priceAmount !== null && Boolean(row.pricePer)
  const daily = hasPrice ? perDay(priceAmount, row.pricePer!) : null
  const geo = point(row.lat, row.lng) ?? point(owner.lat, owner.lng)
  return {
    type: 'offer',
    kind: row.kind,
    ...ownFields(row, taxonomy),
    ownerType: row.org ? 'org' : 'expert',
    ownerKey: owner.key,
    ownerName: owner.name,
    ownerNameVi: row.org?.nameVi ?? null,
    district: row.org?.district ?? null,
    verified: isVerified(owner.verification),
    ...(geo ? { geo } : {}),
    capacity: row.capacity,
    remote: row.remote,
    equipmentTerms: row.equipmentTerms,
    hasPrice,
    priceCurrency: hasPrice ? row.priceCurrency : null,
    priceAmount: hasPrice ? priceAmount : null,
    pricePer: hasPrice ? row.pricePer : null,
    pricePerDay: daily,
    priceTotal: hasPrice && daily === null ? priceAmount : null,
    priceVndPerDay: vndPerDay(priceAmount, row.priceCurrency, row.pricePer, row.startDate, row.endDate, rates),
    version: Math.max(row.updatedAt.getTime(), owner.updatedAt.getTime()),
    format: DOCUMENT_FORMAT,
  }
}

// ───────────────────────────── listed documents, by type ─────────────────────────────

type Rows = { need: { row: NeedRow; document: NeedDocument }; offer: { row: OfferRow; document: OfferDocument } }
export type DocumentOf<T extends ListingType> = Rows[T]['document']

type RowSource<T extends ListingType> = {
  byKey: (key: string) => Promise<Rows[T]['row'] | null>
  byIds: (ids: readonly string[]) => Promise<Rows[T]['row'][]>
  document: (row: Rows[T]['row'], taxonomy: Taxonomy, rates: Rates) => Rows[T]['document']
}

// A mapped type, so that ROW_SOURCES[type] keeps its row and document types tied to `type`.
const ROW_SOURCES: { [T in ListingType]: RowSource<T> } = {
  need: { byKey: (key) => prisma.need.findUnique({ where: { key }, include: needRowInclude }), byIds: needRows, document: needDocument },
  offer: { byKey: (key) => prisma.offer.findUnique({ where: { key }, include: offerRowInclude }), byIds: offerRows, document: offerDocument },
}

/** The listing `key` as its document, read now; null when it is unknown or not listed. */
export async function listedDocument<T extends ListingType>(type: T, key: string, taxonomy: Taxonomy, rates: Rates): Promise<DocumentOf<T> | null> {
  const source: RowSource<T> = ROW_SOURCES[type]
  const row = await source.byKey(key)
  return row && isListed(row) ? source.document(row, taxonomy, rates) : null
}

/** The listed ones among these listings as documents, read now (in no particular order). */
export async function listedDocuments<T extends ListingType>(type: T, ids: readonly string[], taxonomy: Taxonomy, rates: Rates): Promise<DocumentOf<T>[]> {
  const source: RowSource<T> = ROW_SOURCES[type]
  return (await source.byIds(ids)).filter(isListed).map((row) => source.document(row, taxonomy, rates))
}
