import { randomBytes } from 'node:crypto'
import { prisma } from '~/modules/db/db.server'
import { cleanForm, collectPart } from '~/modules/runtime/form.server'
import { unstable_parseMultipartFormData, type UploadHandler } from '@remix-run/node'
import { log } from '~/modules/runtime/logger.server'
import { imageStore } from './image-store.server'
import { MAX_IMAGE_BYTES, type ImageContentType } from './vocabulary'

// Pictures of a workshop or a piece of equipment: reading them from a form without holding
// more than the size limit in memory, recognising JPEG/PNG/WebP by their bytes (the name and
// the browser's declared type prove nothing), and storing them.

export type InspectedImage = { contentType: ImageContentType; width: number | null; height: number | null }

const EXTENSIONS: Record<ImageContentType, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' }

const startsWith = (bytes: Uint8Array, prefix: readonly number[], offset = 0) => prefix.every((byte, i) => bytes[offset + i] === byte)
const ascii = (bytes: Uint8Array, offset: number, length: number) => String.fromCharCode(...bytes.subarray(offset, offset + length))
const u16be = (b: Uint8Array, o: number) => (b[o]! << 8) | b[o + 1]!
const u16le = (b: Uint8Array, o: number) => b[o]! | (b[o + 1]! << 8)
const u24le = (b: Uint8Array, o: number) => b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16)
const u32be = (b: Uint8Array, o: number) => ((b[o]! << 24) >>> 0) + ((b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!)

/** Pixel size from a JPEG's first start-of-frame segment; null when not found. */
function jpegSize(bytes: Uint8Array): { width: number; height: number } | null {
  let offset = 2
  while (offset + 9 < bytes.length) {
    if (bytes[offset] !== 0xff) return null
    const marker = bytes[offset + 1]!
    if (marker === 0xff) {
      offset += 1 // fill byte
      continue
    }
    const length = u16be(bytes, offset + 2)
    // SOF0–SOF15, except DHT (C4), JPG (C8) and DAC (CC), carry height and width.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: u16be(bytes, offset + 5), width: u16be(bytes, offset + 7) }
    }
    offset += 2 + length
  }
  return null
}

function webpSize(bytes: Uint8Array): { width: number; height: number } | null {
  const chunk = ascii(bytes, 12, 4)
  if (chunk === 'VP8X' && bytes.length >= 30) return { width: u24le(bytes, 24) + 1, height: u24le(bytes, 27) + 1 }
  if (chunk === 'VP8L' && bytes.length >= 25 && bytes[20] === 0x2f) {
    const bits = bytes[21]! | (bytes[22]! << 8) | (bytes[23]! << 16) | (bytes[24]! << 24)
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 }
  }
  if (chunk === 'VP8 ' && bytes.length >= 30 && startsWith(bytes, [0x9d, 0x01, 0x2a], 23)) {
    return { width: u16le(bytes, 26) & 0x3fff, height: u16le(bytes, 28) & 0x3fff }
  }
  return null
}

/** What the bytes are (JPEG, PNG or WebP) and their pixel size; null for anything else. */
export function inspectImage(bytes: Uint8Array): InspectedImage | null {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) {
    const size = jpegSize(bytes)
    return { contentType: 'image/jpeg', width: size?.width ?? null, height: size?.height ?? null }
  }
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) {
    const hasHeader = bytes.length >= 24 && ascii(bytes, 12, 4) === 'IHDR'
    return { contentType: 'image/png', width: hasHeader ? u32be(bytes, 16) : null, height: hasHeader ? u32be(bytes, 20) : null }
  }
  if (bytes.length >= 16 && ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP') {
    const size = webpSize(bytes)
    return { contentType: 'image/webp', width: size?.width ?? null, height: size?.height ?? null }
  }
  return null
}

/** An upload checked by its bytes, ready to store. */
export type NewImage = InspectedImage & { bytes: Uint8Array; alt: string }

/** The upload as a NewImage; null when its bytes are not a JPEG, PNG or WebP image. */
export async function readUploadedImage(file: File, alt: string): Promise<NewImage | null> {
  const bytes = new Uint8Array(await file.arrayBuffer())
  const inspected = inspectImage(bytes)
  return inspected && { ...inspected, bytes, alt }
}

export type StoredImage = Omit<NewImage, 'bytes'> & { storageKey: string; byteSize: number }

export async function storeImage(image: NewImage): Promise<StoredImage> {
  const storageKey = `${randomBytes(16).toString('hex')}.${EXTENSIONS[image.contentType]}`
  await imageStore().put(storageKey, image.bytes)
  const { bytes, ...rest } = image
  return { ...rest, storageKey, byteSize: bytes.byteLength }
}

/** Removes files whose rows are gone (or never committed). A leftover file harms nothing, so failures are only logged. */
export async function discardStoredImages(storageKeys: readonly string[]) {
  for (const storageKey of storageKeys) {
    try {
      await imageStore().delete(storageKey)
    } catch (error) {
      log.warn('could not delete a listing image file', { storageKey, error: String(error) })
    }
  }
}

// ───────────────────────────── reading the form ─────────────────────────────

/** Refused before reading: far beyond one picture and the text of a listing. */
const MAX_REQUEST_BYTES = 4 * MAX_IMAGE_BYTES
const MAX_TEXT_PART_BYTES = 64 * 1024
const MAX_TEXT_BYTES = 512 * 1024
export const IMAGE_FIELD = 'image'

/**
 * A listing form's data, multipart (with a picture) or not. An oversized picture is kept
 * only up to one byte past the limit: enough for the form's schema to refuse it by size
 * while every other field survives to be shown again.
 */
export async function readListingFormData(request: Request): Promise<FormData> {
  if (Number(request.headers.get('content-length') ?? 0) > MAX_REQUEST_BYTES) {
    throw new Response('Payload Too Large', { status: 413 })
  }
  const multipart = (request.headers.get('content-type') ?? '').startsWith('multipart/form-data')
  let textBytes = 0
  const handler: UploadHandler = async ({ name, filename, contentType, data }) => {
    if (filename === undefined) {
      const { bytes, truncated } = await collectPart(data, MAX_TEXT_PART_BYTES)
      textBytes += bytes.length
      if (truncated || textBytes > MAX_TEXT_BYTES) return undefined
      return new TextDecoder().decode(bytes)
    }
    const { bytes } = await collectPart(data, name === IMAGE_FIELD && filename ? MAX_IMAGE_BYTES + 1 : 0)
    if (name !== IMAGE_FIELD || !filename) return undefined
    return new File([bytes], filename, { type: contentType })
  }
  try {
    return cleanForm(multipart ? await unstable_parseMultipartFormData(request, handler) : await request.formData())
  } catch {
    throw new Response('Bad Request', { status: 400 })
  }
}

/** A stored picture with the visibility state of its listing (need or offer). */
export async function findListingImage(id: string) {
  const listingState = { status: true, pendingReview: true, hiddenAt: true, orgId: true } as const
  return prisma.listingImage.findUnique({
    where: { id },
    select: {
      storageKey: true,
      contentType: true,
      need: { select: listingState },
      offer: { select: { ...listingState, expertId: true } },
    },
  })
}
