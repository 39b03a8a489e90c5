import type { LoaderFunctionArgs } from '@remix-run/node'
import { getCurrentUser } from '~/modules/accounts/permissions.server'
import { findListingImage } from '~/modules/listings/images.server'
import { imageStore } from '~/modules/listings/image-store.server'
import { canViewListing, isPublic, viewerFrom } from '~/modules/listings/visibility'

// A listing's picture. Pictures of public listings are public; those of drafts, listings
// waiting for review or hidden by an admin only for the owner and admins (404 for others,
// as for the listing itself).

const notFound = () => new Response('Not Found', { status: 404 })

export async function loader({ request, params }: LoaderFunctionArgs) {
  const image = params.id ? await findListingImage(params.id) : null
  const listing = image?.need ? { ...image.need, expertId: null } : image?.offer
  if (!image || !listing) throw notFound()
  const publicImage = isPublic(listing)
  if (!publicImage && !canViewListing(viewerFrom(await getCurrentUser(request)), listing)) throw notFound()
  const bytes = await imageStore().get(image.storageKey)
  if (!bytes) throw notFound()
  return new Response(bytes, {
    headers: {
      'Content-Type': image.contentType,
      'Content-Length': String(bytes.byteLength),
      // A listing can be hidden later, so shared caches keep a public picture only briefly.
      'Cache-Control': publicImage ? 'public, max-age=3600' : 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'; sandbox",
    },
  })
}
