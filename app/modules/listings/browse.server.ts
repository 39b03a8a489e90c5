import type { Prisma } from '~/generated/prisma/client'
import { prisma } from '~/modules/db/db.server'
import { searchGeneration, type IndexedKind } from '~/modules/outbox/search-index.server'
import { StampedCache } from '~/modules/runtime/stamped-cache.server'
import type { Language } from '~/modules/i18n/i18n'
import { occupationSuggestions } from '~/modules/taxonomy/taxonomy.server'
import { foldText } from '~/modules/text/text'
import { PAGE_SIZE, parseNeedFilters, parseOfferFilters, type NeedFilters, type OfferFilters } from './browse-filters'
import { calendarDay, type ListingAccess, type ListingDetail, type ListingSummary, type MoneyView, type OwnerView } from './view'
import {
  canManageListing,
  canReportListing,
  canSeeContacts,
  canSeeOrgContacts,
  canViewListing,
  isListed,
  splitDetails,
  LISTED_WHERE,
  type Viewer,
} from './visibility'
import { listedSql } from './listed-sql.server'

// Public browsing: plain database listings with simple filters (the Meilisearch-backed
// search is separate), detail pages and profiles. Every query goes through the rules in
// visibility.ts; nothing here returns a BigInt or a Date to the caller.

const ORG_SELECT = { id: true, key: true, name: true, nameVi: true, district: true, verification: true, kind: true } as const
const EXPERT_SELECT = { id: true, key: true, name: true, verification: true } as const

type OrgRow = Prisma.OrganizationGetPayload<{ select: typeof ORG_SELECT }>
type ExpertRow = Prisma.ExpertProfileGetPayload<{ select: typeof EXPERT_SELECT }>
type NeedRow = Prisma.NeedGetPayload<{ include: { org: { select: typeof ORG_SELECT } } }>
type OfferRow = Prisma.OfferGetPayload<{ include: { org: { select: typeof ORG_SELECT }; expert: { select: typeof EXPERT_SELECT } } }>

export type Page<T> = { items: T[]; total: number; page: number; pages: number }

// ───────────────────────────── mapping ─────────────────────────────

function money(amount: bigint | null, currency: string | null, per: MoneyView['per'] = null): MoneyView | null {
  return amount === null || currency === null ? null : { amount: Number(amount), currency, per }
}

function orgOwner(org: OrgRow): OwnerView {
  return {
    type: 'org',
    key: org.key,
    name: org.name,
    nameVi: org.nameVi,
    verified: org.verification === 'verified',
    district: org.district,
    orgKind: org.kind,
  }
}

function expertOwner(expert: ExpertRow): OwnerView {
  return { type: 'expert', key: expert.key, name: expert.name, nameVi: null, verified: expert.verification === 'verified', district: null, orgKind: null }
}

function offerOwner(offer: OfferRow): OwnerView {
  if (offer.org) return orgOwner(offer.org)
  if (offer.expert) return expertOwner(offer.expert)
  throw new Error(`Offer ${offer.key} has neither an organisation nor an expert`)
}

/** What a summary shows alike for needs and offers. */
function summaryFields(row: NeedRow | OfferRow) {
  return {
    key: row.key,
    title: row.title,
    occupations: row.occupations,
    languages: row.languages,
    startDate: calendarDay(row.startDate),
    endDate: calendarDay(row.endDate),
    status: row.status,
    pendingReview: row.pendingReview,
    hidden: row.hiddenAt !== null,
  }
}

// What differs: a need's size is a quantity and its money a budget; an offer's a capacity and a price.
function needSummary(need: NeedRow): ListingSummary {
  const budget = money(need.budgetAmount, need.budgetCurrency, need.budgetPer)
  return { type: 'need', kind: need.kind, ...summaryFields(need), quantity: need.quantity, money: budget, remote: !need.onSite, owner: orgOwner(need.org) }
}

function offerSummary(offer: OfferRow): ListingSummary {
  const price = money(offer.priceAmount, offer.priceCurrency, offer.pricePer)
  return { type: 'offer', kind: offer.kind, ...summaryFields(offer), quantity: offer.capacity, money: price, remote: offer.remote, owner: offerOwner(offer) }
}

const NEED_INCLUDE = { org: { select: ORG_SELECT } } as const
const OFFER_INCLUDE = { org: { select: ORG_SELECT }, expert: { select: EXPERT_SELECT } } as const
const NEWEST_FIRST = [{ createdAt: 'desc' }, { id: 'asc' }] as const

// ───────────────────────────── filters ─────────────────────────────

// Reads over every listed row (counts, the languages and occupations in use, districts) cost
// a scan per page view at 100k listings; they are kept per process while the search
// generation of their table stands still — it moves with every listing or owner write
// (outbox/search-index.server.ts), in whichever instance it happened.
const INDEX_OF: Record<'Need' | 'Offer', IndexedKind> = { Need: 'needs', Offer: 'offers' }
const globalForBrowse = globalThis as unknown as { __browseCache?: StampedCache<{ value: unknown }> }

async function whileUnchanged<T>(key: string, indexes: IndexedKind[], read: () => Promise<T>): Promise<T> {
  const cache = (globalForBrowse.__browseCache ??= new StampedCache(1_000))
  const generation = await searchGeneration()
  const stamp = indexes.map((index) => generation[index])
  const hit = cache.get(key, stamp)
  if (hit) return hit.value as T
  const value = await read()
  cache.set(key, stamp, { value })
  return value
}

/**
 * The occupation strings used by open listings that an occupation filter means. The
 * filter is looked up in the taxonomy (Vietnamese and English names and synonyms, folded:
 * no case, no diacritics); every name of every occupation it names counts, and so does the
 * filter text itself for occupations outside the taxonomy. Listings store free text, so
 * the strings actually used are folded in JavaScript and matched exactly in the query.
 */
async function occupationValues(table: 'Need' | 'Offer', filter: string): Promise<string[]> {
  const wanted = foldText(filter)
  const taxonomy = await prisma.occupation.findMany({ select: { nameVi: true, nameEn: true, synonyms: true } })
  const names = new Set([wanted])
  for (const occupation of taxonomy) {
    const folded = [occupation.nameVi, occupation.nameEn, ...occupation.synonyms].map(foldText)
    if (folded.includes(wanted)) folded.forEach((name) => names.add(name))
  }
  const used = await whileUnchanged(`occupations:${table}`, [INDEX_OF[table]], () =>
    table === 'Need'
      ? prisma.$queryRaw<{ value: string }[]>`
          SELECT DISTINCT unnest(occupations) AS value FROM "Need"
          WHERE ${listedSql()}`
      : prisma.$queryRaw<{ value: string }[]>`
          SELECT DISTINCT unnest(occupations) AS value FROM "Offer"
          WHERE ${listedSql()}`,
  )
  return used.map((row) => row.value).filter((value) => names.has(foldText(value)))
}

/** Districts spelled as organisations store them that fold like the filter ("cau giay" → "Cầu Giấy"). */
async function districtValues(filter: string): Promise<string[]> {
  const wanted = foldText(filter)
  return (await districtOptions()).filter((district) => foldText(district) === wanted)
}

type SharedFilters = Pick<NeedFilters, 'occupation' | 'district' | 'language'>

type SharedWhere = { occupations?: { hasSome: string[] }; languages?: { has: string }; org?: { district: { in: string[] } } }

/** Conditions shared by needs and offers; null when a filter can match nothing. */
async function sharedWhere(table: 'Need' | 'Offer', filters: SharedFilters): Promise<SharedWhere | null> {
  const where: SharedWhere = {}
  if (filters.occupation) {
    const values = await occupationValues(table, filters.occupation)
    if (values.length === 0) return null
    where.occupations = { hasSome: values }
  }
  if (filters.district) {
    const values = await districtValues(filters.district)
    if (values.length === 0) return null
    where.org = { district: { in: values } }
  }
  if (filters.language) where.languages = { has: filters.language }
  return where
}

function pageOf(requested: number, total: number) {
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE))
  // A page past the end (an old link after listings closed) shows the last one.
  const page = Math.min(requested, pages)
  return { page, pages, skip: (page - 1) * PAGE_SIZE }
}

type PublicWhere<Kind> = typeof LISTED_WHERE & SharedWhere & { kind?: Kind }

/**
 * One page of the listed needs or offers that match `filters`, newest first. `count` and
 * `read` query the listings' own table with the where-clause built here.
 */
async function listPublic<Kind extends string>(
  table: 'Need' | 'Offer',
  filters: SharedFilters & { kind?: Kind; page: number },
  count: (where: PublicWhere<Kind>) => Promise<number>,
  read: (where: PublicWhere<Kind>, skip: number) => Promise<ListingSummary[]>,
): Promise<Page<ListingSummary>> {
  const shared = await sharedWhere(table, filters)
  if (!shared) return { items: [], total: 0, page: 1, pages: 1 }
  const where: PublicWhere<Kind> = { ...LISTED_WHERE, ...shared, ...(filters.kind ? { kind: filters.kind } : {}) }
  const total = await whileUnchanged(`count:${table}:${JSON.stringify(where)}`, [INDEX_OF[table]], () => count(where))
  const { page, pages, skip } = pageOf(filters.page, total)
  return { items: await read(where, skip), total, page, pages }
}

export async function listPublicNeeds(filters: NeedFilters): Promise<Page<ListingSummary>> {
  const read = { include: NEED_INCLUDE, orderBy: [...NEWEST_FIRST], take: PAGE_SIZE }
  return listPublic('Need', filters, (where) => prisma.need.count({ where }), async (where, skip) => (await prisma.need.findMany({ where, skip, ...read })).map(needSummary))
}

export async function listPublicOffers(filters: OfferFilters): Promise<Page<ListingSummary>> {
  const read = { include: OFFER_INCLUDE, orderBy: [...NEWEST_FIRST], take: PAGE_SIZE }
  return listPublic('Offer', filters, (where) => prisma.offer.count({ where }), async (where, skip) => (await prisma.offer.findMany({ where, skip, ...read })).map(offerSummary))
}

/** The newest open listings, for the home page. */
export async function latestListings(count: number): Promise<{ needs: ListingSummary[]; offers: ListingSummary[] }> {
  const [needs, offers] = await Promise.all([
    prisma.need.findMany({ where: LISTED_WHERE, include: NEED_INCLUDE, orderBy: [...NEWEST_FIRST], take: count }),
    prisma.offer.findMany({ where: LISTED_WHERE, include: OFFER_INCLUDE, orderBy: [...NEWEST_FIRST], take: count }),
  ])
  return { needs: needs.map(needSummary), offers: offers.map(offerSummary) }
}

/** How many listings are open to the public, for the home page's figures. */
export async function countListed(): Promise<{ needs: number; offers: number }> {
  const [needs, offers] = await Promise.all([prisma.need.count({ where: LISTED_WHERE }), prisma.offer.count({ where: LISTED_WHERE })])
  return { needs, offers }
}

/** The home page's figures: colleges, businesses and experts on the platform, listings open to the public. */
export async function homeFigures() {
  const [colleges, businesses, experts, listed] = await Promise.all([
    prisma.organization.count({ where: { kind: 'college' } }),
    prisma.organization.count({ where: { kind: 'business' } }),
    prisma.expertProfile.count(),
    countListed(),
  ])
  return { colleges, businesses, experts, ...listed }
}

/** Districts of organisations, for the district filter. */
export async function districtOptions(): Promise<string[]> {
  // An organisation's change is recorded for the index of both its needs and its offers.
  return whileUnchanged('districts', ['needs', 'offers'], async () => {
    const rows = await prisma.organization.findMany({ where: { district: { not: null } }, select: { district: true }, distinct: ['district'] })
    return rows.map((row) => row.district!).sort((a, b) => a.localeCompare(b, 'vi'))
  })
}

/** Languages that open listings of the type mention, for the language filter. */
export async function languageOptions(table: 'Need' | 'Offer'): Promise<string[]> {
  const rows = await whileUnchanged(`languages:${table}`, [INDEX_OF[table]], () =>
    table === 'Need'
      ? prisma.$queryRaw<{ code: string }[]>`
          SELECT DISTINCT unnest(languages) AS code FROM "Need"
          WHERE ${listedSql()} ORDER BY code`
      : prisma.$queryRaw<{ code: string }[]>`
          SELECT DISTINCT unnest(languages) AS code FROM "Offer"
          WHERE ${listedSql()} ORDER BY code`,
  )
  return rows.map((row) => row.code)
}

// ───────────────────────────── detail pages ─────────────────────────────

export type ListingForViewer = { listing: ListingDetail; access: ListingAccess }

type DetailSource = {
  summary: ListingSummary
  owner: { orgId: string | null; expertId: string | null }
  state: { status: ListingDetail['status']; pendingReview: boolean; hiddenAt: Date | null }
  hiddenReason: string | null
  description: string
  occupationsOther: string[]
  skills: string[]
  details: unknown
  createdAt: Date
  orgAddress: string | null
  images: { id: string; alt: string; width: number | null; height: number | null }[]
  extra: Pick<ListingDetail, 'acceptedTerms' | 'equipmentTerms' | 'estimatedValue' | 'fundingGoal'>
}

/** Applies the visibility and contact rules; null when the viewer may not see the listing. */
function forViewer(source: DetailSource, viewer: Viewer | null): ListingForViewer | null {
  if (!canViewListing(viewer, { ...source.state, ...source.owner })) return null
  const canManage = canManageListing(viewer, source.owner)
  const contactsAllowed = canSeeContacts(viewer, source.owner)
  const { info, contacts } = splitDetails(source.details)
  return {
    listing: {
      ...source.summary,
      ...source.extra,
      description: source.description,
      occupationsOther: source.occupationsOther,
      skills: source.skills,
      details: info,
      contacts: contactsAllowed ? contacts : null,
      ownerAddress: contactsAllowed ? source.orgAddress : null,
      hiddenReason: canManage || viewer?.isAdmin ? source.hiddenReason : null,
      images: source.images,
      createdAt: source.createdAt.toISOString(),
    },
    access: {
      signedIn: viewer !== null,
      canManage,
      canReport: canReportListing(viewer, source.owner),
      canPropose: canReportListing(viewer, source.owner) && isListed(source.state),
      canSeeContacts: contactsAllowed,
    },
  }
}

const IMAGE_SELECT = { select: { id: true, alt: true, width: true, height: true }, orderBy: { createdAt: 'asc' } } as const

/** A need's page for this viewer (null: unknown key, or not visible to them → 404). */
export async function getNeedForViewer(key: string, viewer: Viewer | null): Promise<ListingForViewer | null> {
  const need = await prisma.need.findUnique({
    where: { key },
    include: { org: { select: { ...ORG_SELECT, address: true } }, images: IMAGE_SELECT },
  })
  if (!need) return null
  return forViewer(
    {
      summary: needSummary(need),
      owner: { orgId: need.orgId, expertId: null },
      state: need,
      hiddenReason: need.hiddenReason,
      description: need.description,
      occupationsOther: need.occupationsOther,
      skills: need.skills,
      // An expert need's days wanted is a column, shown among its details.
      details: need.days !== null ? { ...(need.details as object), daysNeeded: need.days } : need.details,
      createdAt: need.createdAt,
      orgAddress: need.org.address,
      images: need.images,
      extra: {
        acceptedTerms: need.acceptedTerms,
        equipmentTerms: null,
        estimatedValue: money(need.estimatedValue, need.budgetCurrency),
        fundingGoal: money(need.fundingGoal, need.fundingCurrency),
      },
    },
    viewer,
  )
}

/** An offer's page for this viewer (null: unknown key, or not visible to them → 404). */
export async function getOfferForViewer(key: string, viewer: Viewer | null): Promise<ListingForViewer | null> {
  const offer = await prisma.offer.findUnique({
    where: { key },
    include: { org: { select: { ...ORG_SELECT, address: true } }, expert: { select: EXPERT_SELECT }, images: IMAGE_SELECT },
  })
  if (!offer) return null
  return forViewer(
    {
      summary: offerSummary(offer),
      owner: { orgId: offer.orgId, expertId: offer.expertId },
      state: offer,
      hiddenReason: offer.hiddenReason,
      description: offer.description,
      occupationsOther: offer.occupationsOther,
      skills: offer.skills,
      details: offer.details,
      createdAt: offer.createdAt,
      orgAddress: offer.org?.address ?? null,
      images: offer.images,
      extra: { acceptedTerms: [], equipmentTerms: offer.equipmentTerms, estimatedValue: null, fundingGoal: null },
    },
    viewer,
  )
}

// ───────────────────────────── profiles ─────────────────────────────

export type OrgProfile = {
  org: {
    key: string
    kind: OrgRow['kind']
    name: string
    nameVi: string | null
    district: string | null
    website: string | null
    description: string | null
    verified: boolean
    /** null when absent or withheld from this viewer */
    address: string | null
  }
  addressWithheld: boolean
  needs: ListingSummary[]
  offers: ListingSummary[]
}

/** An organisation's public profile with its open listings (null: unknown key). */
export async function getOrgProfile(key: string, viewer: Viewer | null): Promise<OrgProfile | null> {
  const org = await prisma.organization.findUnique({ where: { key } })
  if (!org) return null
  const [needs, offers] = await Promise.all([
    prisma.need.findMany({ where: { ...LISTED_WHERE, orgId: org.id }, include: NEED_INCLUDE, orderBy: [...NEWEST_FIRST] }),
    prisma.offer.findMany({ where: { ...LISTED_WHERE, orgId: org.id }, include: OFFER_INCLUDE, orderBy: [...NEWEST_FIRST] }),
  ])
  const showAddress = canSeeOrgContacts(viewer, org.id)
  return {
    org: {
      key: org.key,
      kind: org.kind,
      name: org.name,
      nameVi: org.nameVi,
      district: org.district,
      website: org.website,
      description: org.description,
      verified: org.verification === 'verified',
      address: showAddress ? org.address : null,
    },
    addressWithheld: !showAddress && org.address !== null,
    needs: needs.map(needSummary),
    offers: offers.map(offerSummary),
  }
}

export type ExpertProfileView = {
  expert: {
    key: string
    name: string
    country: string
    languages: string[]
    headline: string
    bio: string
    credentials: string
    verified: boolean
  }
  /** open expert_service offers: their rates and availability */
  services: ListingSummary[]
}

/** An expert's public profile with their open services (null: unknown key). */
export async function getExpertProfile(key: string): Promise<ExpertProfileView | null> {
  const expert = await prisma.expertProfile.findUnique({ where: { key } })
  if (!expert) return null
  const services = await prisma.offer.findMany({
    where: { ...LISTED_WHERE, expertId: expert.id, kind: 'expert_service' },
    include: OFFER_INCLUDE,
    orderBy: [...NEWEST_FIRST],
  })
  return {
    expert: {
      key: expert.key,
      name: expert.name,
      country: expert.country,
      languages: expert.languages,
      headline: expert.headline,
      bio: expert.bio,
      credentials: expert.credentials,
      verified: expert.verification === 'verified',
    },
    services: services.map(offerSummary),
  }
}

// ───────────────────────────── browse pages ─────────────────────────────

/** Everything /needs and /offers show: results, the filters as understood, their options. */
export async function loadBrowsePage(type: 'need' | 'offer', params: URLSearchParams, lng: Language) {
  const parsed = type === 'need' ? parseNeedFilters(params) : parseOfferFilters(params)
  const [results, districts, languages, occupations] = await Promise.all([
    type === 'need' ? listPublicNeeds(parsed.filters as NeedFilters) : listPublicOffers(parsed.filters as OfferFilters),
    districtOptions(),
    languageOptions(type === 'need' ? 'Need' : 'Offer'),
    occupationSuggestions(lng),
  ])
  const { district } = parsed.filters
  return {
    type,
    results,
    filters: {
      kind: parsed.filters.kind ?? '',
      occupation: parsed.filters.occupation ?? '',
      // "cau giay" in the address bar selects "Cầu Giấy" in the form
      district: district ? (districts.find((d) => foldText(d) === foldText(district)) ?? district) : '',
      language: parsed.filters.language ?? '',
    },
    errors: parsed.errors,
    options: { districts, languages, occupations },
  }
}

export type BrowsePageData = Awaited<ReturnType<typeof loadBrowsePage>>
