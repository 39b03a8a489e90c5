import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { SponsorView } from '~/components/payments'
import { pageMeta } from '~/modules/i18n/meta'
import { sponsorAction, sponsorPage } from '~/modules/payments/funding.server'

// /needs/{key}/sponsor: a business contributes towards a need's funding goal, by bank transfer or card.

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'payments.funding.sponsor')

export async function loader({ request, params }: LoaderFunctionArgs) {
  return sponsorPage(request, params.key)
}

export async function action({ request, params }: ActionFunctionArgs) {
  return sponsorAction(request, params.key)
}

export default function SponsorRoute() {
  const page = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  return <SponsorView page={page} lastResult={actionData?.result} message={actionData?.message ?? null} />
}
