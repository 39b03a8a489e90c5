import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { AgreementPage } from '~/components/agreements'
import { pageMeta } from '~/modules/i18n/meta'
import { agreementAction, agreementPage } from '~/modules/proposals/agreements.server'

// /agreements/{id}: an agreement's terms, both confirmations, completion and reviews, for its two parties (admins read).

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'agreements.title')

export async function loader({ request, params }: LoaderFunctionArgs) {
  return agreementPage(request, params.id)
}

export async function action({ request, params }: ActionFunctionArgs) {
  return agreementAction(request, params.id)
}

export default function AgreementRoute() {
  const page = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  return <AgreementPage page={page} lastResult={actionData?.result as never} message={actionData?.message ?? null} done={searchParams.get('done')} />
}
