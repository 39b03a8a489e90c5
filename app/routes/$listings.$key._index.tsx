import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData, useSearchParams } from '@remix-run/react'
import { ListingDetailView } from '~/components/listing-detail'
import { FundingSection } from '~/components/funding'
import { getCurrentUser } from '~/modules/accounts/permissions.server'
import { getLanguage } from '~/modules/i18n/i18n.server'
import { getNeedForViewer, getOfferForViewer } from '~/modules/listings/browse.server'
import { namedPageMeta } from '~/modules/listings/meta'
import { requireListingType } from '~/modules/listings/routes.server'
import { viewerFrom } from '~/modules/listings/visibility'
import { listingMatches, PAGE_MATCHES } from '~/modules/matching/listing-matches.server'
import { needFunding } from '~/modules/payments/funding.server'
import { withOccupationNames } from '~/modules/taxonomy/display-names.server'

// /needs/{key}, /offers/{key}: a listing's public page with its matches (matches are public,
// like the match API: shown for open, public listings to everyone, to the owner first).
// Unknown keys, and listings this viewer may not see (drafts, waiting for review, hidden),
// answer the same 404.

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  namedPageMeta(matches, data?.listing.title, data?.listing.description)

export async function loader({ request, params }: LoaderFunctionArgs) {
  const type = requireListingType(params.listings)
  const [user, lng] = await Promise.all([getCurrentUser(request), getLanguage(request)])
  const viewer = viewerFrom(user)
  const found = params.key ? await (type === 'need' ? getNeedForViewer : getOfferForViewer)(params.key, viewer) : null
  if (!found) throw new Response('Not Found', { status: 404 })
  const { listing, access } = found
  const matchable = listing.status === 'open' && !listing.pendingReview && !listing.hidden
  const [matches, funding] = await Promise.all([
    matchable ? listingMatches(type, listing.key, { limit: access.canManage ? PAGE_MATCHES.owner : PAGE_MATCHES.visitor, lng }) : null,
    type === 'need' ? needFunding(listing.key) : null,
  ])
  return withOccupationNames({ ...found, matches, funding, canSponsor: !!user?.memberships.some((m) => m.org.kind === 'business'), signedIn: user !== null }, lng)
}

export default function ListingPage() {
  const { listing, access, matches, funding, canSponsor, signedIn } = useLoaderData<typeof loader>()
  const [searchParams] = useSearchParams()
  // The report route (moderation) redirects back here with ?reported=1.
  return (
    <ListingDetailView
      listing={listing}
      access={access}
      matches={matches}
      reported={searchParams.get('reported') === '1'}
      funding={
        funding && (
          <FundingSection
            needKey={listing.key}
            funding={funding}
            canSponsor={canSponsor && listing.status === 'open'}
            signedIn={signedIn}
            // The college's expired need short of its goal: contributions may be moved with consent.
            canMove={access.canManage && listing.status === 'expired' && funding.raised < funding.goal.amount && funding.sponsors.length > 0}
          />
        )
      }
    />
  )
}
