import type { LoaderFunctionArgs } from '@remix-run/node'
import { requirePermission } from '~/modules/accounts/permissions.server'
import { getLanguage } from '~/modules/i18n/i18n.server'
import { suggestOccupations } from '~/modules/taxonomy/unknown-terms.server'

// /occupations/suggest?q=…: the known occupations nearest to what a poster is typing (JSON),
// for the listing forms; `known` says whether the taxonomy knows the text itself.

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, { signedIn: true })
  const query = new URL(request.url).searchParams.get('q') ?? ''
  return Response.json({ suggestions: await suggestOccupations(query, await getLanguage(request)) }, { headers: { 'Cache-Control': 'private, max-age=60' } })
}
