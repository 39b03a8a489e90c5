import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { BrowsePage } from '~/components/browse'
import { getLanguage } from '~/modules/i18n/i18n.server'
import { pageMeta } from '~/modules/i18n/meta'
import { loadBrowsePage } from '~/modules/listings/browse.server'

// /needs: anyone browses colleges' open needs, filtered by kind, occupation, district, language.

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'browse.needs.title')

export async function loader({ request }: LoaderFunctionArgs) {
  return loadBrowsePage('need', new URL(request.url).searchParams, await getLanguage(request))
}

export default function NeedsPage() {
  const data = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  return <BrowsePage data={data} title={t('browse.needs.title')} lead={t('browse.needs.lead')} />
}
