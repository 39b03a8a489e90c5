import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { prisma } from '~/modules/db/db.server'
import { DiskImageStore } from '~/modules/listings/image-store.server'
import { inspectImage, readListingFormData } from '~/modules/listings/images.server'
import { MAX_IMAGE_BYTES } from '~/modules/listings/vocabulary'
import { getEnv } from '~/modules/runtime/env.server'
import * as editListing from '~/routes/$listings.$key.edit'
import * as newListing from '~/routes/$listings.new'
import * as image from '~/routes/images.$id'
import { buildCollege, buildDocument } from '../factories/listings'
import { FUTURE, cookieFor, load, makeUser, memberOf, redirectKey } from '../support/listing-fixtures'
import { args, errorsOf, expectRedirect, get, post, run, type Form } from '../support/routes'

// Pictures of listings: recognised by their bytes, limited in size, stored on disk under
// $DATA_DIR/uploads and served only to those who may see the listing.

vi.hoisted(() => {
  process.env.DATA_DIR = `${process.env.TMPDIR ?? '/tmp'}/caunoi-images-${process.pid}-${Date.now()}`
})

// ── picture bytes ──

/** A real 1×1 PNG. */
const PNG = Uint8Array.from(Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64'))

/** A JPEG's headers: APP0 (JFIF), then a baseline start-of-frame of 160×120. */
const JPEG = Uint8Array.from([
  0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00,
  0xff, 0xc0, 0x00, 0x11, 0x08, 0x00, 0x78, 0x00, 0xa0, 0x03, 0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01, 0xff, 0xd9,
])

function riff(chunk: string, payload: number[]): Uint8Array {
  const bytes = [...Buffer.from('RIFF'), 0, 0, 0, 0, ...Buffer.from('WEBP'), ...Buffer.from(chunk), payload.length, 0, 0, 0, ...payload]
  bytes[4] = bytes.length - 8
  return Uint8Array.from(bytes)
}

/** Extended WebP of 640×480 (sizes stored minus one, 24-bit little-endian). */
const WEBP = riff('VP8X', [0, 0, 0, 0, 0x7f, 0x02, 0x00, 0xdf, 0x01, 0x00])
/** Lossless WebP of 100×50. */
const WEBP_LOSSLESS = riff('VP8L', [0x2f, 0x63, 0x40, 0x0c, 0x00])

const file = (bytes: Uint8Array, name: string, type: string) => new File([new Uint8Array(bytes)], name, { type })

// ── setup ──

const COLLEGE = 'col-pictures'
const OTHER = 'col-other'
let owner: { user: { id: string }; cookie: string }
let stranger: { user: { id: string }; cookie: string }
let admin: string

beforeAll(async () => {
  await load(buildDocument({ organizations: [buildCollege({ key: COLLEGE }), buildCollege({ key: OTHER })] }))
  owner = await memberOf(COLLEGE)
  stranger = await memberOf(OTHER)
  const adminUser = await makeUser({ name: 'Admin' })
  await prisma.user.update({ where: { id: adminUser.id }, data: { platformRole: 'admin' } })
  admin = await cookieFor(adminUser.id)
})

afterAll(() => fs.rmSync(process.env.DATA_DIR!, { recursive: true, force: true }))

const uploads = () => path.join(getEnv().dataDir, 'uploads')

function storedFiles(): string[] {
  if (!fs.existsSync(uploads())) return []
  return fs.readdirSync(uploads(), { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()).map((entry) => entry.name)
}

const need = (overrides: Form = {}): Form => ({
  orgKey: COLLEGE,
  title: 'Xưởng điện cần thiết bị',
  'occupations[0]': 'Điện công nghiệp',
  quantity: '20',
  ...FUTURE,
  ...overrides,
})

async function postNeed(form: Form, cookie = owner.cookie) {
  return run(() => newListing.action(args(post('/needs/new?kind=internship', { form, cookie }), { listings: 'needs' })))
}

async function serve(id: string, cookie?: string) {
  return run(() => image.loader(args(get(`/images/${id}`, { cookie }), { id })))
}

describe('recognising pictures by their bytes', () => {
  it('knows JPEG, PNG and WebP and their sizes, and nothing else', () => {
    expect(inspectImage(PNG)).toEqual({ contentType: 'image/png', width: 1, height: 1 })
    expect(inspectImage(JPEG)).toEqual({ contentType: 'image/jpeg', width: 160, height: 120 })
    expect(inspectImage(WEBP)).toEqual({ contentType: 'image/webp', width: 640, height: 480 })
    expect(inspectImage(WEBP_LOSSLESS)).toEqual({ contentType: 'image/webp', width: 100, height: 50 })
    expect(inspectImage(PNG.subarray(0, 8))).toEqual({ contentType: 'image/png', width: null, height: null })
    expect(inspectImage(Uint8Array.from(Buffer.from('GIF89a\x01\x00\x01\x00')))).toBeNull()
    expect(inspectImage(Uint8Array.from(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>')))).toBeNull()
    expect(inspectImage(new Uint8Array())).toBeNull()
  })
})

describe('posting a listing with a picture', () => {
  it('stores the picture under $DATA_DIR/uploads and serves it from /images/{id}', async () => {
    expect(getEnv().dataDir).toBe(path.resolve(process.env.DATA_DIR!))
    const outcome = await postNeed(need({ image: file(PNG, 'xuong.png', 'image/png'), imageAlt: 'Xưởng điện' }))
    const key = redirectKey(outcome, 'needs')
    const [row] = await prisma.listingImage.findMany({ where: { need: { key } } })
    expect(row).toMatchObject({ contentType: 'image/png', byteSize: PNG.length, width: 1, height: 1, alt: 'Xưởng điện' })
    expect(row!.storageKey).toMatch(/^[a-f0-9]{32}\.png$/)
    expect(storedFiles()).toContain(row!.storageKey)

    const served = await serve(row!.id)
    expect(served.status).toBe(200)
    expect(served.headers.get('content-type')).toBe('image/png')
    expect(served.headers.get('x-content-type-options')).toBe('nosniff')
    expect(new Uint8Array(await served.response!.arrayBuffer())).toEqual(PNG)
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { action: 'need.create', data: { path: ['key'], equals: key } } })
    expect(audit.data).toMatchObject({ images: [row!.storageKey] })
  })

  it('refuses a file that only pretends to be a picture, and keeps nothing', async () => {
    const [needs, files] = [await prisma.need.count(), storedFiles().length]
    const fake = await postNeed(need({ title: 'Giả ảnh', image: file(Uint8Array.from(Buffer.from('#!/bin/sh\necho hi')), 'anh.png', 'image/png') }))
    expect(fake.status).toBe(400)
    expect(errorsOf(fake)).toEqual({ image: ['listings.validation.imageType'] })
    const gif = await postNeed(need({ image: file(Uint8Array.from(Buffer.from('GIF89a')), 'anh.gif', 'image/gif') }))
    expect(errorsOf(gif)).toEqual({ image: ['listings.validation.imageType'] })
    expect([await prisma.need.count(), storedFiles().length]).toEqual([needs, files])
  })

  it('refuses a picture over 5 MB next to the field, keeping the rest of the form', async () => {
    const [needs, files] = [await prisma.need.count(), storedFiles().length]
    const big = new Uint8Array(MAX_IMAGE_BYTES + 100)
    big.set(PNG)
    const outcome = await postNeed(need({ title: 'Ảnh quá lớn', image: file(big, 'lon.png', 'image/png') }))
    expect(outcome.status).toBe(400)
    expect(errorsOf(outcome)).toEqual({ image: ['listings.validation.imageTooLarge'] })
    expect((outcome.data as { result: { initialValue: Record<string, unknown> } }).result.initialValue).toMatchObject({ title: 'Ảnh quá lớn', quantity: '20' })
    expect([await prisma.need.count(), storedFiles().length]).toEqual([needs, files])
  })

  it('refuses a body far larger than a listing before reading it', async () => {
    const request = new Request('http://localhost/needs/new?kind=internship', {
      method: 'POST',
      headers: { 'content-length': String(100 * 1024 * 1024), 'content-type': 'multipart/form-data; boundary=x' },
      body: '--x--',
    })
    await expect(readListingFormData(request)).rejects.toMatchObject({ status: 413 })
  })
})

describe('who sees a picture', () => {
  it('a public listing’s picture is public; a draft’s only for its owner and admins', async () => {
    const key = redirectKey(await postNeed(need({ intent: 'draft', image: file(JPEG, 'may.jpg', 'image/jpeg') })), 'needs')
    const row = await prisma.listingImage.findFirstOrThrow({ where: { need: { key } } })
    expect(await serve(row.id)).toMatchObject({ status: 404, thrown: true })
    expect(await serve(row.id, stranger.cookie)).toMatchObject({ status: 404 })
    const own = await serve(row.id, owner.cookie)
    expect(own.status).toBe(200)
    expect(own.headers.get('cache-control')).toBe('private, no-store')
    expect((await serve(row.id, admin)).status).toBe(200)

    await prisma.need.update({ where: { key }, data: { status: 'open' } })
    const open = await serve(row.id)
    expect(open.status).toBe(200)
    expect(open.headers.get('cache-control')).toMatch(/^public/)
    await prisma.need.update({ where: { key }, data: { hiddenAt: new Date(), hiddenReason: 'Ảnh không phù hợp' } })
    expect(await serve(row.id)).toMatchObject({ status: 404 })
    expect(await serve('no-such-image')).toMatchObject({ status: 404 })
  })
})

describe('editing pictures', () => {
  it('adds up to four, removes its own (files too), and ignores other listings’ picture ids', async () => {
    const key = redirectKey(await postNeed(need({ title: 'Bốn ảnh', image: file(WEBP, 'a.webp', 'image/webp') })), 'needs')
    const otherKey = redirectKey(await postNeed(need({ title: 'Ảnh khác', image: file(PNG, 'b.png', 'image/png') })), 'needs')
    const otherImage = await prisma.listingImage.findFirstOrThrow({ where: { need: { key: otherKey } } })
    const edit = async (extra: Form) => {
      const defaults = ((await run(() => editListing.loader(args(get(`/needs/${key}/edit`, { cookie: owner.cookie }), { listings: 'needs', key })))).data as { defaults: Form }).defaults
      return run(() => editListing.action(args(post(`/needs/${key}/edit`, { form: { ...defaults, ...extra }, cookie: owner.cookie }), { listings: 'needs', key })))
    }
    for (let i = 0; i < 3; i += 1) expectRedirect(await edit({ image: file(PNG, `${i}.png`, 'image/png') }), `/needs/${key}`)
    expect(await prisma.listingImage.count({ where: { need: { key } } })).toBe(4)

    const files = storedFiles().length
    const fifth = await edit({ image: file(PNG, '5.png', 'image/png') })
    expect(fifth.status).toBe(400)
    expect(errorsOf(fifth)).toEqual({ image: ['listings.errors.tooManyImages'] })
    expect(storedFiles().length).toBe(files)

    const [first] = await prisma.listingImage.findMany({ where: { need: { key } }, orderBy: { createdAt: 'asc' } })
    expectRedirect(await edit({ removeImages: [first!.id, otherImage.id] }), `/needs/${key}`)
    expect(await prisma.listingImage.findUnique({ where: { id: first!.id } })).toBeNull()
    expect(storedFiles()).not.toContain(first!.storageKey)
    expect(await prisma.listingImage.findUnique({ where: { id: otherImage.id } })).not.toBeNull()
    expect(storedFiles()).toContain(otherImage.storageKey)
    const update = await prisma.auditLog.findFirstOrThrow({ where: { action: 'need.update', data: { path: ['imagesRemoved'], array_contains: [first!.storageKey] } } })
    expect(update.data).toMatchObject({ imagesAdded: [] })
  })
})

describe('the disk image store', () => {
  it('accepts only its own storage keys, so no path leaves the uploads folder', async () => {
    const store = new DiskImageStore(uploads())
    await expect(store.put('../../etc/passwd', PNG)).rejects.toThrow(/not an image storage key/)
    expect(await store.get('../secrets.png')).toBeNull()
    const key = `${'ab'.repeat(16)}.png`
    await store.put(key, PNG)
    expect(await store.get(key)).toEqual(PNG)
    await store.delete(key)
    await store.delete(key)
    expect(await store.get(key)).toBeNull()
  })
})
