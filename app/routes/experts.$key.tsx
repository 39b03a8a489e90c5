import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { ProfileReviews } from '~/components/agreements'
import { countryName, LanguageNames, ListingGrid, TrustBadge, useLanguage } from '~/components/listings'
import { getLanguage } from '~/modules/i18n/i18n.server'
import { getExpertProfile } from '~/modules/listings/browse.server'
import { namedPageMeta } from '~/modules/listings/meta'
import { profileReviews } from '~/modules/proposals/agreements.server'
import { withOccupationNames } from '~/modules/taxonomy/display-names.server'

// /experts/{key}: an expert's public profile; their open services carry rates and availability.

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  namedPageMeta(matches, data?.expert.name, data && (data.expert.headline || data.expert.bio))

export async function loader({ request, params }: LoaderFunctionArgs) {
  const profile = params.key ? await getExpertProfile(params.key) : null
  if (!profile) throw new Response('Not Found', { status: 404 })
  const lng = await getLanguage(request)
  return withOccupationNames({ ...profile, reviews: await profileReviews({ expertKey: profile.expert.key }, lng) }, lng)
}

export default function ExpertProfilePage() {
  const { expert, services, reviews } = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  const lng = useLanguage()
  return (
    <div className="space-y-8">
      <header className="space-y-3 rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200">
        <div className="flex flex-wrap items-center gap-3">
          <h1 className="text-2xl font-bold sm:text-3xl">{expert.name}</h1>
          <TrustBadge verified={expert.verified} />
        </div>
        {expert.headline && <p className="text-lg text-slate-700">{expert.headline}</p>}
        <dl className="grid grid-cols-1 gap-x-4 gap-y-1 text-sm sm:grid-cols-[10rem_1fr]">
          <dt className="text-slate-500">{t('browse.expert.country')}</dt>
          <dd>{countryName(expert.country, lng)}</dd>
          {expert.languages.length > 0 && (
            <>
              <dt className="text-slate-500">{t('browse.expert.languages')}</dt>
              <dd>
                <LanguageNames codes={expert.languages} />
              </dd>
            </>
          )}
        </dl>
      </header>
      {expert.bio && (
        <section aria-labelledby="expert-bio">
          <h2 id="expert-bio" className="mb-2 text-xl font-semibold">
            {t('browse.expert.bio')}
          </h2>
          <p className="whitespace-pre-line text-slate-800">{expert.bio}</p>
        </section>
      )}
      {expert.credentials && (
        <section aria-labelledby="expert-credentials">
          <h2 id="expert-credentials" className="mb-2 text-xl font-semibold">
            {t('browse.expert.credentials')}
          </h2>
          <p className="whitespace-pre-line text-slate-800">{expert.credentials}</p>
        </section>
      )}
      <section aria-labelledby="expert-services" className="space-y-3">
        <h2 id="expert-services" className="text-xl font-semibold">
          {t('browse.expert.services')}
        </h2>
        {services.length > 0 ? <ListingGrid listings={services} showOwner={false} /> : <p className="text-slate-600">{t('browse.expert.noServices')}</p>}
      </section>
      <ProfileReviews reviews={reviews} />
    </div>
  )
}
