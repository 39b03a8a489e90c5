import { data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { PaymentView } from '~/components/payments'
import { pageMeta } from '~/modules/i18n/meta'
import { paymentPage } from '~/modules/payments/pages.server'

// /payments/{id}: a payment as its payer sees it (admins too): its state, and for a bank
// transfer the VietQR code and the details to transfer with.

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'payments.funding.title')

export async function loader({ request, params }: LoaderFunctionArgs) {
  return data(await paymentPage(request, params.id), { headers: { 'Cache-Control': 'private, no-store' } })
}

export default function PaymentRoute() {
  return <PaymentView page={useLoaderData<typeof loader>()} />
}
