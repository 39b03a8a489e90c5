import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { ProfileReviews } from '~/components/agreements'
import { Notice } from '~/components/forms'
import { SponsoredNeeds } from '~/components/payments'
import { ListingGrid, ownerName, TrustBadge, useLanguage } from '~/components/listings'
import { getCurrentUser } from '~/modules/accounts/permissions.server'
import { getLanguage } from '~/modules/i18n/i18n.server'
import { languageOf } from '~/modules/i18n/meta'
import { getOrgProfile } from '~/modules/listings/browse.server'
import { namedPageMeta } from '~/modules/listings/meta'
import { viewerFrom } from '~/modules/listings/visibility'
import { sponsorshipsBy } from '~/modules/payments/funding.server'
import { profileReviews } from '~/modules/proposals/agreements.server'
import { withOccupationNames } from '~/modules/taxonomy/display-names.server'

// /orgs/{key}: an organisation's public profile and its open listings.

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  namedPageMeta(matches, data && ownerName(data.org, languageOf(matches)), data?.org.description)

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await getCurrentUser(request)
  const profile = params.key ? await getOrgProfile(params.key, viewerFrom(user)) : null
  if (!profile) throw new Response('Not Found', { status: 404 })
  const [reviews, sponsored] = await Promise.all([profileReviews({ orgKey: profile.org.key }, await getLanguage(request)), sponsorshipsBy(profile.org.key)])
  return withOccupationNames({ ...profile, reviews, sponsored, signedIn: user !== null }, await getLanguage(request))
}

export default function OrgProfilePage() {
  const { org, addressWithheld, needs, offers, reviews, sponsored, signedIn } = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  const lng = useLanguage()
  const name = ownerName(org, lng)
  const otherName = lng === 'vi' ? (org.nameVi ? org.name : null) : org.nameVi
  return (
    <div className="space-y-8">
      <header className="space-y-3 rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200">
        <div className="flex flex-wrap items-center gap-3">
          <h1 className="text-2xl font-bold sm:text-3xl">{name}</h1>
          <TrustBadge verified={org.verified} />
        </div>
        {otherName && <p className="text-slate-600" lang={lng === 'vi' ? 'en' : 'vi'}>{otherName}</p>}
        <dl className="grid grid-cols-1 gap-x-4 gap-y-1 text-sm sm:grid-cols-[10rem_1fr]">
          <dt className="text-slate-500">{t('browse.org.kind')}</dt>
          <dd>{t(`orgKinds.${org.kind}`)}</dd>
          {org.district && (
            <>
              <dt className="text-slate-500">{t('browse.detail.district')}</dt>
              <dd>{org.district}</dd>
            </>
          )}
          {org.website && (
            <>
              <dt className="text-slate-500">{t('browse.org.website')}</dt>
              <dd>
                <a href={org.website} rel="noopener noreferrer nofollow" target="_blank">
                  {org.website}
                </a>
              </dd>
            </>
          )}
          {org.address && (
            <>
              <dt className="text-slate-500">{t('browse.org.address')}</dt>
              <dd>{org.address}</dd>
            </>
          )}
        </dl>
        {addressWithheld && (
          <Notice>
            {signedIn ? t('browse.org.addressVerified') : <Link to={`/login?redirectTo=${encodeURIComponent(`/orgs/${org.key}`)}`}>{t('browse.org.addressLogin')}</Link>}
          </Notice>
        )}
        {org.description && <p className="whitespace-pre-line text-slate-800">{org.description}</p>}
      </header>
      {needs.length === 0 && offers.length === 0 && <p className="text-slate-600">{t('browse.org.noListings')}</p>}
      {needs.length > 0 && (
        <section aria-labelledby="org-needs" className="space-y-3">
          <h2 id="org-needs" className="text-xl font-semibold">
            {t('browse.org.needs')}
          </h2>
          <ListingGrid listings={needs} showOwner={false} />
        </section>
      )}
      {offers.length > 0 && (
        <section aria-labelledby="org-offers" className="space-y-3">
          <h2 id="org-offers" className="text-xl font-semibold">
            {t('browse.org.offers')}
          </h2>
          <ListingGrid listings={offers} showOwner={false} />
        </section>
      )}
      <SponsoredNeeds items={sponsored} />
      <ProfileReviews reviews={reviews} />
    </div>
  )
}
