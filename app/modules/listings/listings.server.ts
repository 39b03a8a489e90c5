import { randomInt } from 'node:crypto'
import type { ListingStatus, Need, Offer, Prisma } from '~/generated/prisma/client'
import { recordAudit } from '~/modules/audit/audit.server'
import { recordListingIndexChange } from '~/modules/search/sync.server'
import { prisma, type Tx } from '~/modules/db/db.server'
import { canOpenAnotherListing, initialReviewState, type ListingOwner } from '~/modules/moderation/moderation.server'
import { slugify } from '~/utils/slug'
import { discardStoredImages, storeImage, type NewImage, type StoredImage } from './images.server'
import {
  MAX_IMAGES_PER_LISTING,
  STATUS_ACTIONS,
  todayInHanoi,
  type NeedKind,
  type NeedValues,
  type OfferKind,
  type OfferValues,
  type StatusAction,
} from './schemas'
import { calendarDay } from './view'

// Writing listings: create, edit, duplicate and change status, for needs (owned by a
// college) and offers (owned by a business or an expert profile). Callers have checked
// the permission; every write here is scoped by the owner as well, so an id that belongs
// to someone else finds nothing. Every change is audited in the same transaction.
// (Search indexing comes later: these writes do not touch it.)

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

function needColumns(values: NeedValues) {
  return {
    title: values.title,
    description: values.description,
    occupations: values.occupations,
    skills: values.skills,
    quantity: values.quantity,
    startDate: calendarDate(values.startDate),
    endDate: calendarDate(values.endDate),
    budgetAmount: bigintOrNull(values.budgetAmount),
    budgetCurrency: values.budgetCurrency,
    budgetPer: values.budgetPer,
    languages: values.languages,
    onSite: values.onSite,
    fundingGoal: bigintOrNull(values.fundingGoal),
    fundingCurrency: values.fundingCurrency,
    acceptedTerms: values.acceptedTerms,
    estimatedValue: bigintOrNull(values.estimatedValue),
    details: values.details as Prisma.InputJsonObject,
  } satisfies Prisma.NeedUpdateInput
}

function offerColumns(values: OfferValues) {
  return {
    title: values.title,
    description: values.description,
    occupations: values.occupations,
    skills: values.skills,
    capacity: values.capacity,
    startDate: calendarDate(values.startDate),
    endDate: calendarDate(values.endDate),
    priceAmount: bigintOrNull(values.priceAmount),
    priceCurrency: values.priceCurrency,
    pricePer: values.pricePer,
    equipmentTerms: values.equipmentTerms,
    languages: values.languages,
    remote: values.remote,
    details: values.details as Prisma.InputJsonObject,
  } satisfies Prisma.OfferUpdateInput
}

/** The columns a duplicate copies: everything a poster wrote, none of the listing's state. */
function copiedNeedColumns(need: Need) {
  const { id: _id, key: _key, status: _status, pendingReview: _review, hiddenAt: _hiddenAt, hiddenReason: _reason, createdById: _by, createdAt: _created, updatedAt: _updated, details, ...rest } = need
  return { ...rest, details: details as Prisma.InputJsonValue }
}

function copiedOfferColumns(offer: Offer) {
  const { id: _id, key: _key, status: _status, pendingReview: _review, hiddenAt: _hiddenAt, hiddenReason: _reason, createdById: _by, createdAt: _created, updatedAt: _updated, details, ...rest } = offer
  return { ...rest, details: details as Prisma.InputJsonValue }
}

const offerOwnerWhere = (owner: OfferOwner) => ('orgId' in owner ? { orgId: owner.orgId } : { expertId: owner.expertId })

// ───────────────────────────── needs ─────────────────────────────

export type CreateNeedInput = {
  actorId: string
  owner: NeedOwner
  kind: NeedKind
  values: NeedValues
  /** open at once (subject to the cap), or keep as a draft */
  publish: boolean
  image: NewImage | null
  now?: Date
}

export async function createNeed(input: CreateNeedInput): Promise<ListingResult<{ id: string; status: ListingStatus; pendingReview: boolean }>> {
  const { actorId, owner, kind, values, publish, now = new Date() } = input
  return withImage(input.image, (stored) =>
    prisma.$transaction(async (tx) => {
      await lockOwner(tx, owner)
      if (publish) {
        const refusal = await openRefusal(tx, owner, values.endDate, now)
        if (refusal) return refusal
      }
      const { pendingReview } = await initialReviewState(tx, owner)
      const key = await freeKey(tx, 'need', values.title)
      const status: ListingStatus = publish ? 'open' : 'draft'
      const need = await tx.need.create({
        data: {
          key,
          orgId: owner.orgId,
          kind,
          ...needColumns(values),
          status,
          pendingReview,
          createdById: actorId,
          images: stored ? { create: [imageRow(stored)] } : undefined,
        },
        select: { id: true },
      })
      await recordAudit(tx, actorId, 'need.create', 'Need', need.id, { key, kind, status, pendingReview, images: stored ? [stored.storageKey] : [] })
      await recordListingIndexChange(tx, 'need', need.id)
      return { ok: true as const, key, id: need.id, status, pendingReview }
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

export async function updateNeed(input: UpdateListingInput<NeedOwner, NeedValues>): Promise<ListingResult> {
  const { actorId, owner, id, values, removeImageIds, now = new Date() } = input
  const result = await withImage(input.image, (stored) =>
    prisma.$transaction(async (tx) => {
      const before = await tx.need.findFirst({ where: { id, orgId: owner.orgId }, include: { images: { select: { id: true, storageKey: true } } } })
      if (!before) return fail('listings.errors.notFound')
      if (before.status === 'open' && values.endDate < todayInHanoi(now)) return fail('listings.errors.endInPast', 'endDate')
      const removed = before.images.filter((image) => removeImageIds.includes(image.id))
      if (before.images.length - removed.length + (stored ? 1 : 0) > MAX_IMAGES_PER_LISTING) return fail('listings.errors.tooManyImages', 'image')
      const columns = needColumns(values)
      await tx.need.update({
        where: { id, orgId: owner.orgId },
        data: {
          ...columns,
          images: { deleteMany: { id: { in: removed.map((image) => image.id) } }, create: stored ? [imageRow(stored)] : [] },
        },
      })
      await recordAudit(tx, actorId, 'need.update', 'Need', id, {
        changed: changedFields(before, columns),
        imagesAdded: stored ? [stored.storageKey] : [],
        imagesRemoved: removed.map((image) => image.storageKey),
      })
      await recordListingIndexChange(tx, 'need', id)
      return { ok: true as const, key: before.key, removedFiles: removed.map((image) => image.storageKey) }
    }),
  )
  if (result.ok) await discardStoredImages(result.removedFiles)
  return result
}

export type StatusChangeInput<Owner> = { actorId: string; owner: Owner; id: string; action: StatusAction; now?: Date }

export async function changeNeedStatus(input: StatusChangeInput<NeedOwner>): Promise<ListingResult<{ status: ListingStatus }>> {
  const { actorId, owner, id, action, now = new Date() } = input
  const rule = STATUS_ACTIONS[action]
  return prisma.$transaction(async (tx) => {
    await lockOwner(tx, owner)
    const need = await tx.need.findFirst({ where: { id, orgId: owner.orgId }, select: { key: true, status: true, endDate: true } })
    if (!need) return fail('listings.errors.notFound')
    // A second click on the same button finds the work done.
    if (need.status === rule.to) return { ok: true as const, key: need.key, status: need.status }
    if (!(rule.from as readonly ListingStatus[]).includes(need.status)) return fail('listings.errors.notAllowed')
    if (rule.to === 'open') {
      const refusal = await openRefusal(tx, owner, calendarDay(need.endDate), now)
      if (refusal) return refusal
    }
    await tx.need.update({ where: { id, orgId: owner.orgId, status: need.status }, data: { status: rule.to } })
    await recordAudit(tx, actorId, `need.${action}`, 'Need', id, { from: need.status, to: rule.to })
    await recordListingIndexChange(tx, 'need', id)
    return { ok: true as const, key: need.key, status: rule.to }
  })
}

/** A draft copy of the need (without its pictures), for posting a similar one. */
export async function duplicateNeed(input: { actorId: string; owner: NeedOwner; id: string }): Promise<ListingResult<{ id: string }>> {
  const { actorId, owner, id } = input
  return prisma.$transaction(async (tx) => {
    await lockOwner(tx, owner)
    const source = await tx.need.findFirst({ where: { id, orgId: owner.orgId } })
    if (!source) return fail('listings.errors.notFound')
    const { pendingReview } = await initialReviewState(tx, owner)
    const key = await freeKey(tx, 'need', source.title)
    const copy = await tx.need.create({
      data: { ...copiedNeedColumns(source), key, status: 'draft', pendingReview, createdById: actorId },
      select: { id: true },
    })
    await recordAudit(tx, actorId, 'need.duplicate', 'Need', copy.id, { key, from: source.id, fromKey: source.key, pendingReview })
    await recordListingIndexChange(tx, 'need', copy.id)
    return { ok: true as const, key, id: copy.id }
  })
}

// ───────────────────────────── offers ─────────────────────────────

export type CreateOfferInput = {
  actorId: string
  owner: OfferOwner
  kind: OfferKind
  values: OfferValues
  publish: boolean
  image: NewImage | null
  now?: Date
}

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

export async function createOffer(input: CreateOfferInput): Promise<ListingResult<{ id: string; status: ListingStatus; pendingReview: boolean }>> {
  const { actorId, owner, kind, values, publish, now = new Date() } = input
  return withImage(input.image, (stored) =>
    prisma.$transaction(async (tx) => {
      await lockOwner(tx, owner)
      if (publish) {
        const refusal = await openRefusal(tx, owner, values.endDate, now)
        if (refusal) return refusal
      }
      const { pendingReview } = await initialReviewState(tx, owner)
      const key = await freeKey(tx, 'offer', values.title)
      const status: ListingStatus = publish ? 'open' : 'draft'
      const offer = await tx.offer.create({
        data: {
          key,
          ...offerOwnerWhere(owner),
          kind,
          ...offerColumns(values),
          ...(await ownerPoint(tx, owner, values.remote)),
          status,
          pendingReview,
          createdById: actorId,
          images: stored ? { create: [imageRow(stored)] } : undefined,
        },
        select: { id: true },
      })
      await recordAudit(tx, actorId, 'offer.create', 'Offer', offer.id, { key, kind, status, pendingReview, images: stored ? [stored.storageKey] : [] })
      await recordListingIndexChange(tx, 'offer', offer.id)
      return { ok: true as const, key, id: offer.id, status, pendingReview }
    }),
  )
}

export async function updateOffer(input: UpdateListingInput<OfferOwner, OfferValues>): Promise<ListingResult> {
  const { actorId, owner, id, values, removeImageIds, now = new Date() } = input
  const where = { id, ...offerOwnerWhere(owner) }
  const result = await withImage(input.image, (stored) =>
    prisma.$transaction(async (tx) => {
      const before = await tx.offer.findFirst({ where, include: { images: { select: { id: true, storageKey: true } } } })
      if (!before) return fail('listings.errors.notFound')
      if (before.status === 'open' && values.endDate < todayInHanoi(now)) return fail('listings.errors.endInPast', 'endDate')
      const removed = before.images.filter((image) => removeImageIds.includes(image.id))
      if (before.images.length - removed.length + (stored ? 1 : 0) > MAX_IMAGES_PER_LISTING) return fail('listings.errors.tooManyImages', 'image')
      const columns = offerColumns(values)
      // An expert service that turns on site gets the expert's point, if it had none.
      const point = before.lat === null && !values.remote ? await ownerPoint(tx, owner, values.remote) : {}
      await tx.offer.update({
        where,
        data: {
          ...columns,
          ...point,
          images: { deleteMany: { id: { in: removed.map((image) => image.id) } }, create: stored ? [imageRow(stored)] : [] },
        },
      })
      await recordAudit(tx, actorId, 'offer.update', 'Offer', id, {
        changed: changedFields(before, columns),
        imagesAdded: stored ? [stored.storageKey] : [],
        imagesRemoved: removed.map((image) => image.storageKey),
      })
      await recordListingIndexChange(tx, 'offer', id)
      return { ok: true as const, key: before.key, removedFiles: removed.map((image) => image.storageKey) }
    }),
  )
  if (result.ok) await discardStoredImages(result.removedFiles)
  return result
}

export async function changeOfferStatus(input: StatusChangeInput<OfferOwner>): Promise<ListingResult<{ status: ListingStatus }>> {
  const { actorId, owner, id, action, now = new Date() } = input
  const rule = STATUS_ACTIONS[action]
  const where = { id, ...offerOwnerWhere(owner) }
  return prisma.$transaction(async (tx) => {
    await lockOwner(tx, owner)
    const offer = await tx.offer.findFirst({ where, select: { key: true, status: true, endDate: true } })
    if (!offer) return fail('listings.errors.notFound')
    if (offer.status === rule.to) return { ok: true as const, key: offer.key, status: offer.status }
    if (!(rule.from as readonly ListingStatus[]).includes(offer.status)) return fail('listings.errors.notAllowed')
    if (rule.to === 'open') {
      const refusal = await openRefusal(tx, owner, calendarDay(offer.endDate), now)
      if (refusal) return refusal
    }
    await tx.offer.update({ where: { ...where, status: offer.status }, data: { status: rule.to } })
    await recordAudit(tx, actorId, `offer.${action}`, 'Offer', id, { from: offer.status, to: rule.to })
    await recordListingIndexChange(tx, 'offer', id)
    return { ok: true as const, key: offer.key, status: rule.to }
  })
}

export async function duplicateOffer(input: { actorId: string; owner: OfferOwner; id: string }): Promise<ListingResult<{ id: string }>> {
  const { actorId, owner, id } = input
  return prisma.$transaction(async (tx) => {
    await lockOwner(tx, owner)
    const source = await tx.offer.findFirst({ where: { id, ...offerOwnerWhere(owner) } })
    if (!source) return fail('listings.errors.notFound')
    const { pendingReview } = await initialReviewState(tx, owner)
    const key = await freeKey(tx, 'offer', source.title)
    const copy = await tx.offer.create({
      data: { ...copiedOfferColumns(source), key, status: 'draft', pendingReview, createdById: actorId },
      select: { id: true },
    })
    await recordAudit(tx, actorId, 'offer.duplicate', 'Offer', copy.id, { key, from: source.id, fromKey: source.key, pendingReview })
    await recordListingIndexChange(tx, 'offer', copy.id)
    return { ok: true as const, key, id: copy.id }
  })
}
