import { randomInt } from 'node:crypto'
import type { ListingStatus, Need, Offer, Prisma } from '~/generated/prisma/client'
import { recordAudit } from '~/modules/audit/audit.server'
import { transition } from '~/modules/lifecycle/transition.server'
import { recordListingIndexChange } from '~/modules/outbox/search-index.server'
import { recordUnknownOccupations } from '~/modules/taxonomy/unknown-terms.server'
import { prisma, type Tx } from '~/modules/db/db.server'
import { canOpenAnotherListing, initialReviewState, type ListingOwner } from '~/modules/moderation/moderation.server'
import { slugify } from '~/utils/slug'
import { discardStoredImages, storeImage, type NewImage, type StoredImage } from './images.server'
import { todayInHanoi } from '~/modules/i18n/i18n'
import { LISTING_LIFECYCLE, type StatusAction } from './lifecycle'
import type { NeedValues, OfferValues } from './values'
import { MAX_IMAGES_PER_LISTING, type NeedKind, type OfferKind } from './vocabulary'
import { calendarDay, type ListingType } from './view'

// Writing listings: create, edit, duplicate and change status, for needs (owned by a
// college) and offers (owned by a business or an expert profile). Callers have checked
// the permission; every write here is scoped by the owner as well, so an id that belongs
// to someone else finds nothing. Every change is audited in the same transaction.
// Each change also queues the listing for the search index, in the same transaction.

export type NeedOwner = { orgId: string }
export type OfferOwner = ListingOwner

export type ListingFailure = {
  ok: false
  error:
    | 'listings.errors.notFound'
    | 'listings.errors.openCap'
    | 'listings.errors.endInPast'
    | 'listings.errors.notAllowed'
    | 'listings.errors.tooManyImages'
  /** the form field the error belongs next to, if any */
  field?: 'image' | 'endDate'
}
export type ListingResult<T = object> = ({ ok: true; key: string } & T) | ListingFailure

const fail = (error: ListingFailure['error'], field?: ListingFailure['field']): ListingFailure => ({ ok: false, error, field })

// ───────────────────────────── helpers ─────────────────────────────

/** "2027-03-01" → the Date Prisma writes to (and reads back from) a `@db.Date` column. */
export function calendarDate(day: string): Date {
  return new Date(`${day}T00:00:00.000Z`)
}

const bigintOrNull = (amount: number | null) => (amount === null ? null : BigInt(amount))

/** `need-<slug of the title>-<6 random characters>`, at most 64 characters of [a-z0-9-]. */
export function listingKey(type: 'need' | 'offer', title: string): string {
  const random = randomInt(36 ** 6).toString(36).padStart(6, '0')
  const slug = slugify(title, 64 - type.length - random.length - 2)
  return slug ? `${type}-${slug}-${random}` : `${type}-${random}`
}

async function freeKey(tx: Tx, type: 'need' | 'offer', title: string): Promise<string> {
  for (;;) {
    const key = listingKey(type, title)
    const taken = type === 'need' ? await tx.need.findUnique({ where: { key }, select: { id: true } }) : await tx.offer.findUnique({ where: { key }, select: { id: true } })
    if (!taken) return key
  }
}

const OWNER_LOCK = 7_410_002

/** Serialises one owner's listing writes, so two tabs cannot both pass the open-listing cap. */
async function lockOwner(tx: Tx, owner: ListingOwner) {
  await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${OWNER_LOCK}, hashtext($1))`, 'orgId' in owner ? owner.orgId : owner.expertId)
}

/** Why the owner may not (re)open a listing ending on `endDate` now; null when they may. */
async function openRefusal(tx: Tx, owner: ListingOwner, endDate: string, now: Date): Promise<ListingFailure | null> {
  if (endDate < todayInHanoi(now)) return fail('listings.errors.endInPast', 'endDate')
  if (!(await canOpenAnotherListing(tx, owner))) return fail('listings.errors.openCap')
  return null
}

const imageRow = (image: StoredImage) => ({
  storageKey: image.storageKey,
  contentType: image.contentType,
  byteSize: image.byteSize,
  width: image.width,
  height: image.height,
  alt: image.alt,
})

/**
 * Stores the picture (if any) before the database write that references it, and removes the
 * file again when that write fails or is refused.
 */
async function withImage<T extends { ok: boolean }>(image: NewImage | null, write: (stored: StoredImage | null) => Promise<T>): Promise<T> {
  const stored = image ? await storeImage(image) : null
  try {
    const result = await write(stored)
    if (!result.ok && stored) await discardStoredImages([stored.storageKey])
    return result
  } catch (error) {
    if (stored) await discardStoredImages([stored.storageKey])
    throw error
  }
}

/** JSON-comparable form of a column value (BigInt and Date are not). */
function comparable(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString()
  if (value instanceof Date) return value.toISOString()
  return value ?? null
}

/** The fields an edit changed, for the audit log. */
function changedFields(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  return Object.keys(after).filter((field) => JSON.stringify(comparable(before[field])) !== JSON.stringify(comparable(after[field])))
}

/** The columns needs and offers share. */
function sharedColumns(values: NeedValues | OfferValues) {
  return {
    title: values.title,
    description: values.description,
    occupations: values.occupations,
    occupationsOther: values.occupationsOther ?? [],
    skills: values.skills,
    startDate: calendarDate(values.startDate),
    endDate: calendarDate(values.endDate),
    languages: values.languages,
    details: values.details as Prisma.InputJsonObject,
  }
}

function needColumns(values: NeedValues) {
  return {
    ...sharedColumns(values),
    quantity: values.quantity,
    days: values.days,
    onSite: values.onSite,
    acceptedTerms: values.acceptedTerms,
    budgetAmount: bigintOrNull(values.budgetAmount),
    budgetCurrency: values.budgetCurrency,
    budgetPer: values.budgetPer,
    fundingGoal: bigintOrNull(values.fundingGoal),
    fundingCurrency: values.fundingCurrency,
    estimatedValue: bigintOrNull(values.estimatedValue),
  } satisfies Prisma.NeedUpdateInput
}

function offerColumns(values: OfferValues) {
  return {
    ...sharedColumns(values),
    capacity: values.capacity,
    priceAmount: bigintOrNull(values.priceAmount),
    priceCurrency: values.priceCurrency,
    pricePer: values.pricePer,
    equipmentTerms: values.equipmentTerms,
    remote: values.remote,
  } satisfies Prisma.OfferUpdateInput
}

/** The columns a duplicate copies: everything a poster wrote, none of the listing's state. */
function copiedColumns<Row extends Need | Offer>(row: Row) {
  const { id: _id, key: _key, status: _status, pendingReview: _review, hiddenAt: _hiddenAt, hiddenReason: _reason, createdById: _by, createdAt: _created, updatedAt: _updated, details, ...rest } = row
  return { ...rest, details: details as Prisma.InputJsonValue }
}

const offerOwnerWhere = (owner: OfferOwner) => ('orgId' in owner ? { orgId: owner.orgId } : { expertId: owner.expertId })

const imageKeys = { images: { select: { id: true, storageKey: true } } }
const statusColumns = { key: true, status: true, endDate: true }

// ───────────────────────────── needs and offers ─────────────────────────────
// The rules of each write, once for both types; the need and offer functions below pass in
// their own table's queries, each scoped by the owner.

const ENTITY = { need: 'Need', offer: 'Offer' } as const

/** What a poster wrote that the taxonomy reads: occupations it does not know join the admins' queue. */
type ListingText = { title: string; occupations: string[]; skills: string[] }

type CreateListingInput<Owner, Kind, Values> = {
  actorId: string
  owner: Owner
  kind: Kind
  values: Values
  /** open at once (subject to the cap), or keep as a draft */
  publish: boolean
  image: NewImage | null
  now?: Date
}

/** The listing's state as created; `insert` adds the owner, kind and columns. */
type NewListingState = {
  key: string
  status: ListingStatus
  pendingReview: boolean
  createdById: string
  images: { create: ReturnType<typeof imageRow>[] } | undefined
}

async function createListing(
  type: ListingType,
  input: CreateListingInput<ListingOwner, string, ListingText & { endDate: string }>,
  insert: (tx: Tx, state: NewListingState) => Promise<{ id: string }>,
): Promise<ListingResult<{ id: string; status: ListingStatus; pendingReview: boolean }>> {
  const { actorId, owner, kind, values, publish, now = new Date() } = input
  return withImage(input.image, (stored) =>
    prisma.$transaction(async (tx) => {
      await lockOwner(tx, owner)
      if (publish) {
        const refusal = await openRefusal(tx, owner, values.endDate, now)
        if (refusal) return refusal
      }
      const { pendingReview } = await initialReviewState(tx, owner)
      const key = await freeKey(tx, type, values.title)
      const status: ListingStatus = publish ? 'open' : 'draft'
      const { id } = await insert(tx, { key, status, pendingReview, createdById: actorId, images: stored ? { create: [imageRow(stored)] } : undefined })
      await recordAudit(tx, actorId, `${type}.create`, ENTITY[type], id, { key, kind, status, pendingReview, images: stored ? [stored.storageKey] : [] })
      await recordUnknownOccupations(tx, { type, id, ...values })
      await recordListingIndexChange(tx, type, id)
      return { ok: true as const, key, id, status, pendingReview }
    }),
  )
}

export type UpdateListingInput<Owner, Values> = {
  actorId: string
  owner: Owner
  id: string
  values: Values
  image: NewImage | null
  /** ids of this listing's images to remove (others' ids are ignored) */
  removeImageIds: readonly string[]
  now?: Date
}

type ListingBeforeEdit = { key: string; status: ListingStatus; images: { id: string; storageKey: string }[] }
type ImageChanges = { deleteMany: { id: { in: string[] } }; create: ReturnType<typeof imageRow>[] }

/** `write` saves the columns and the image changes, and returns the columns (the audit lists the changed ones). */
async function updateListing<Before extends ListingBeforeEdit>(
  type: ListingType,
  input: UpdateListingInput<ListingOwner, ListingText & { endDate: string }>,
  find: (tx: Tx) => Promise<Before | null>,
  write: (tx: Tx, images: ImageChanges, before: Before) => Promise<Record<string, unknown>>,
): Promise<ListingResult> {
  const { actorId, id, values, removeImageIds, now = new Date() } = input
  const result = await withImage(input.image, (stored) =>
    prisma.$transaction(async (tx) => {
      const before = await find(tx)
      if (!before) return fail('listings.errors.notFound')
      if (before.status === 'open' && values.endDate < todayInHanoi(now)) return fail('listings.errors.endInPast', 'endDate')
      const removed = before.images.filter((image) => removeImageIds.includes(image.id))
      if (before.images.length - removed.length + (stored ? 1 : 0) > MAX_IMAGES_PER_LISTING) return fail('listings.errors.tooManyImages', 'image')
      const columns = await write(tx, { deleteMany: { id: { in: removed.map((image) => image.id) } }, create: stored ? [imageRow(stored)] : [] }, before)
      await recordAudit(tx, actorId, `${type}.update`, ENTITY[type], id, {
        changed: changedFields(before, columns),
        imagesAdded: stored ? [stored.storageKey] : [],
        imagesRemoved: removed.map((image) => image.storageKey),
      })
      await recordUnknownOccupations(tx, { type, id, ...values })
      await recordListingIndexChange(tx, type, id)
      return { ok: true as const, key: before.key, removedFiles: removed.map((image) => image.storageKey) }
    }),
  )
  if (result.ok) await discardStoredImages(result.removedFiles)
  return result
}

/** A listing and its owner: a need belongs to a college; an offer to a business or an expert. */
export type OwnedListing = { type: 'need'; owner: NeedOwner; id: string } | { type: 'offer'; owner: OfferOwner; id: string }

export type StatusChangeInput = OwnedListing & { actorId: string; action: StatusAction; now?: Date }

/** The listing's row if this owner owns it (the lifecycle engine has locked it). */
function ownedStatus(tx: Tx, listing: OwnedListing) {
  return listing.type === 'need'
    ? tx.need.findFirst({ where: { id: listing.id, orgId: listing.owner.orgId }, select: statusColumns })
    : tx.offer.findFirst({ where: { id: listing.id, ...offerOwnerWhere(listing.owner) }, select: statusColumns })
}

/** An owner's status action, run by the lifecycle engine; opening checks the end date and the cap. */
export async function changeListingStatus(input: StatusChangeInput): Promise<ListingResult<{ status: ListingStatus }>> {
  const { type, actorId, owner, id, action, now = new Date() } = input
  return prisma.$transaction(async (tx) => {
    const outcome = await transition(tx, {
      lifecycle: LISTING_LIFECYCLE,
      action,
      table: ENTITY[type],
      id,
      actorId,
      auditName: type,
      load: (tx) => ownedStatus(tx, input),
      guard: async (tx, listing, to) => {
        if (to !== 'open') return null
        // The owner's lock: two tabs opening listings at once count each other against the cap.
        await lockOwner(tx, owner)
        return openRefusal(tx, owner, calendarDay(listing.endDate), now)
      },
      update: (tx, _listing, status) => (type === 'need' ? tx.need.update({ where: { id }, data: { status } }) : tx.offer.update({ where: { id }, data: { status } })),
      events: (tx) => recordListingIndexChange(tx, type, id),
    })
    if (outcome.ok) return { ok: true as const, key: outcome.row.key, status: outcome.to }
    if (outcome.reason === 'refused') return outcome.refusal
    return fail(outcome.reason === 'not-found' ? 'listings.errors.notFound' : 'listings.errors.notAllowed')
  })
}

/**
 * The system marks a listing filled (an accepted proposal covered what it asked or offered),
 * inside the caller's transaction; audited with no actor. Already filled: nothing happens.
 */
export async function fillListing(tx: Tx, type: ListingType, id: string): Promise<void> {
  await transition(tx, {
    lifecycle: LISTING_LIFECYCLE,
    action: 'fill',
    table: ENTITY[type],
    id,
    actorId: null,
    auditName: type,
    load: (tx) => (type === 'need' ? tx.need.findUnique({ where: { id }, select: statusColumns }) : tx.offer.findUnique({ where: { id }, select: statusColumns })),
    update: (tx, _listing, status) => (type === 'need' ? tx.need.update({ where: { id }, data: { status } }) : tx.offer.update({ where: { id }, data: { status } })),
    events: (tx) => recordListingIndexChange(tx, type, id),
  })
}

type CopyState = { key: string; status: 'draft'; pendingReview: boolean; createdById: string }

/** Copies the owner's listing as `state(source title)` says; null when the owner has no such listing. */
async function insertCopy(tx: Tx, listing: OwnedListing, state: (title: string) => Promise<CopyState>) {
  if (listing.type === 'need') {
    const source = await tx.need.findFirst({ where: { id: listing.id, orgId: listing.owner.orgId } })
    if (!source) return null
    const copy = await tx.need.create({ data: { ...copiedColumns(source), ...(await state(source.title)) }, select: { id: true, key: true } })
    return { source, copy }
  }
  const source = await tx.offer.findFirst({ where: { id: listing.id, ...offerOwnerWhere(listing.owner) } })
  if (!source) return null
  const copy = await tx.offer.create({ data: { ...copiedColumns(source), ...(await state(source.title)) }, select: { id: true, key: true } })
  return { source, copy }
}

/** A draft copy of the listing (without its pictures), for posting a similar one. */
export async function duplicateListing(input: OwnedListing & { actorId: string }): Promise<ListingResult<{ id: string }>> {
  const { type, actorId, owner } = input
  return prisma.$transaction(async (tx) => {
    await lockOwner(tx, owner)
    const { pendingReview } = await initialReviewState(tx, owner)
    const copied = await insertCopy(tx, input, async (title) => ({ key: await freeKey(tx, type, title), status: 'draft', pendingReview, createdById: actorId }))
    if (!copied) return fail('listings.errors.notFound')
    const { source, copy } = copied
    await recordAudit(tx, actorId, `${type}.duplicate`, ENTITY[type], copy.id, { key: copy.key, from: source.id, fromKey: source.key, pendingReview })
    await recordListingIndexChange(tx, type, copy.id)
    return { ok: true as const, key: copy.key, id: copy.id }
  })
}

// ───────────────────────────── needs ─────────────────────────────

export type CreateNeedInput = CreateListingInput<NeedOwner, NeedKind, NeedValues>

export function createNeed(input: CreateNeedInput) {
  const { owner, kind, values } = input
  return createListing('need', input, (tx, state) =>
    tx.need.create({ data: { ...state, orgId: owner.orgId, kind, ...needColumns(values) }, select: { id: true } }),
  )
}

export function updateNeed(input: UpdateListingInput<NeedOwner, NeedValues>) {
  const where = { id: input.id, orgId: input.owner.orgId }
  return updateListing(
    'need',
    input,
    (tx) => tx.need.findFirst({ where, include: imageKeys }),
    async (tx, images) => {
      const columns = needColumns(input.values)
      await tx.need.update({ where, data: { ...columns, images } })
      return columns
    },
  )
}

// ───────────────────────────── offers ─────────────────────────────

export type CreateOfferInput = CreateListingInput<OfferOwner, OfferKind, OfferValues>

/** Where on-site work happens, for distance matching: the organisation's (or on-site expert's) point. */
async function ownerPoint(tx: Tx, owner: OfferOwner, remote: boolean): Promise<{ lat: number | null; lng: number | null }> {
  const place =
    'orgId' in owner
      ? await tx.organization.findUnique({ where: { id: owner.orgId }, select: { lat: true, lng: true } })
      : remote
        ? null
        : await tx.expertProfile.findUnique({ where: { id: owner.expertId }, select: { lat: true, lng: true } })
  return { lat: place?.lat ?? null, lng: place?.lng ?? null }
}

export function createOffer(input: CreateOfferInput) {
  const { owner, kind, values } = input
  return createListing('offer', input, async (tx, state) =>
    tx.offer.create({
      data: { ...state, ...offerOwnerWhere(owner), kind, ...offerColumns(values), ...(await ownerPoint(tx, owner, values.remote)) },
      select: { id: true },
    }),
  )
}

export function updateOffer(input: UpdateListingInput<OfferOwner, OfferValues>) {
  const { owner, values } = input
  const where = { id: input.id, ...offerOwnerWhere(owner) }
  return updateListing(
    'offer',
    input,
    (tx) => tx.offer.findFirst({ where, include: imageKeys }),
    async (tx, images, before) => {
      const columns = offerColumns(values)
      // An expert service that turns on site gets the expert's point, if it had none.
      const point = before.lat === null && !values.remote ? await ownerPoint(tx, owner, values.remote) : {}
      await tx.offer.update({ where, data: { ...columns, ...point, images } })
      return columns
    },
  )
}
