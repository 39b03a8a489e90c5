import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { ContractPaymentPage } from '~/components/payments'
import { pageMeta } from '~/modules/i18n/meta'
import { contractPaymentAction, contractPaymentPage } from '~/modules/payments/pages.server'

// /agreements/{id}/pay: the college pays a confirmed expert contract, by card or bank transfer,
// seeing the platform fee and what the expert receives first.

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'payments.contract.title')

export async function loader({ request, params }: LoaderFunctionArgs) {
  return contractPaymentPage(request, params.id)
}

export async function action({ request, params }: ActionFunctionArgs) {
  return contractPaymentAction(request, params.id)
}

export default function PayContractRoute() {
  const actionData = useActionData<typeof action>()
  return <ContractPaymentPage page={useLoaderData<typeof loader>()} lastResult={actionData?.result} />
}
