import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { BrowsePage } from '~/components/browse'
import { getLanguage } from '~/modules/i18n/i18n.server'
import { pageMeta } from '~/modules/i18n/meta'
import { loadBrowsePage } from '~/modules/listings/browse.server'

// /offers: anyone browses open offers of businesses and experts, filtered by kind, occupation, district, language.

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'browse.offers.title')

export async function loader({ request }: LoaderFunctionArgs) {
  return loadBrowsePage('offer', new URL(request.url).searchParams, await getLanguage(request))
}

export default function OffersPage() {
  const data = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  return <BrowsePage data={data} title={t('browse.offers.title')} lead={t('browse.offers.lead')} />
}
