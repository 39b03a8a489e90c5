import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { AgreementPage } from '~/components/agreements'
import { ContractPaymentSummary } from '~/components/payments'
import { pageMeta } from '~/modules/i18n/meta'
import { contractPaymentSummary } from '~/modules/payments/pages.server'
import { agreementAction, agreementPage } from '~/modules/proposals/agreements.server'

// /agreements/{id}: an agreement's terms, both confirmations, completion and reviews, for its two parties (admins read).

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'agreements.title')

export async function loader({ request, params }: LoaderFunctionArgs) {
  const page = await agreementPage(request, params.id)
  return { ...page, payment: page.agreement.kind === 'expert' ? await contractPaymentSummary(page.agreement.id) : null }
}

export async function action({ request, params }: ActionFunctionArgs) {
  return agreementAction(request, params.id)
}

export default function AgreementRoute() {
  const page = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  return (
    <AgreementPage
      page={page}
      lastResult={actionData?.result as never}
      message={actionData?.message ?? null}
      done={searchParams.get('done')}
      payment={page.payment && <ContractPaymentSummary payment={page.payment} />}
      canPay={page.side === 'need' && page.agreement.kind === 'expert' && (page.agreement.status === 'confirmed' || page.agreement.status === 'completed') && page.agreement.money !== null && !page.payment}
    />
  )
}
