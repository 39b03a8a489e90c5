import type { LoaderFunctionArgs } from '@remix-run/node'
import { requirePermission } from '~/modules/accounts/permissions.server'
import { exportTaxonomy } from '~/modules/taxonomy/transfer.server'

// /admin/occupations/export?format=csv|json: the whole taxonomy as a file to edit and import
// again (seeds/occupations.json's format, or CSV for a spreadsheet: docs/taxonomy-file.md).

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, { platform: 'admin' })
  const format = new URL(request.url).searchParams.get('format') === 'csv' ? 'csv' : 'json'
  const body = await exportTaxonomy(format)
  const day = new Date().toISOString().slice(0, 10)
  return new Response(body, {
    headers: {
      'Content-Type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
      'Content-Disposition': `attachment; filename="occupations-${day}.${format}"`,
      'Cache-Control': 'no-store',
    },
  })
}
