import type { LoaderFunctionArgs } from '@remix-run/node'
import { agreementCalendar } from '~/modules/proposals/agreements.server'

// /agreements/{id}/calendar.ics: the agreement's dates for a calendar app (parties and admins).

export async function loader({ request, params }: LoaderFunctionArgs) {
  return agreementCalendar(request, params.id)
}
