import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { AdminNav } from '~/components/admin-nav'
import { Notice } from '~/components/forms'
import { requirePermission } from '~/modules/accounts/permissions.server'
import { pageMeta } from '~/modules/i18n/meta'
import { readForm } from '~/modules/runtime/form.server'
import { occupationKey } from '~/modules/taxonomy/schemas'
import { dismissUnknownTerm, listUnknownTerms, mapUnknownTerm, scanListingsForUnknownOccupations } from '~/modules/taxonomy/unknown-terms.server'

// The admins' queue of occupation names the taxonomy does not know (posters kept their own):
// map one to an occupation (it becomes a synonym; its listings are re-indexed) or dismiss it.

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'moderation.unknownTerms.title')

const STATUSES = ['open', 'mapped', 'dismissed'] as const

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, { platform: 'admin' })
  const requested = new URL(request.url).searchParams.get('status')
  const status = STATUSES.find((s) => s === requested) ?? 'open'
  return { status, terms: await listUnknownTerms(status) }
}

const TermActionSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('map'), termId: z.string().min(1).max(40), occupationKey }),
  z.object({ intent: z.literal('dismiss'), termId: z.string().min(1).max(40) }),
])

const ERRORS = {
  'not-found': 'moderation.unknownTerms.notFound',
  'occupation-not-found': 'moderation.unknownTerms.occupationNotFound',
  'already-resolved': 'moderation.unknownTerms.alreadyResolved',
} as const

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requirePermission(request, { platform: 'admin' })
  const form = Object.fromEntries(await readForm(request))
  if (form.intent === 'scan') return redirect(`/admin/occupation-terms?scanned=${await scanListingsForUnknownOccupations(admin.id)}`)
  const parsed = TermActionSchema.safeParse(form)
  if (!parsed.success) {
    const keyError = parsed.error.issues.find((issue) => issue.path[0] === 'occupationKey')
    if (keyError && typeof form.termId === 'string') return data({ termId: form.termId, error: keyError.message }, { status: 400 })
    throw new Response('Bad Request', { status: 400 })
  }
  const value = parsed.data
  const result = value.intent === 'map' ? await mapUnknownTerm(admin.id, value.termId, value.occupationKey) : await dismissUnknownTerm(admin.id, value.termId)
  if (!result.ok) {
    if (result.error === 'not-found') throw new Response('Not Found', { status: 404 })
    return data({ termId: value.termId, error: ERRORS[result.error] }, { status: result.error === 'already-resolved' ? 409 : 400 })
  }
  return redirect(`/admin/occupation-terms?${new URLSearchParams({ [value.intent === 'map' ? 'mapped' : 'dismissed']: result.term })}`)
}

export default function AdminOccupationTermsPage() {
  const { status, terms } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  const { t, i18n } = useTranslation()
  const vi = i18n.language === 'vi'
  const mapped = searchParams.get('mapped')
  const dismissed = searchParams.get('dismissed')
  const scanned = searchParams.get('scanned')
  return (
    <div className="space-y-6">
      <AdminNav />
      <h1 className="text-2xl font-bold">{t('moderation.unknownTerms.title')}</h1>
      <p className="text-sm text-slate-600">{t('moderation.unknownTerms.explain')}</p>
      {mapped && <Notice tone="success">{t('moderation.unknownTerms.done', { term: mapped })}</Notice>}
      {dismissed && <Notice tone="success">{t('moderation.unknownTerms.dismissedDone', { term: dismissed })}</Notice>}
      {scanned !== null && <Notice tone="success">{t('moderation.unknownTerms.scanned', { count: Number(scanned) || 0 })}</Notice>}
      <Form method="post" className="flex flex-wrap items-center gap-3">
        <input type="hidden" name="intent" value="scan" />
        <button type="submit" className="rounded-md border border-slate-300 bg-white px-4 py-2 font-medium hover:bg-slate-50">
          {t('moderation.unknownTerms.scan')}
        </button>
        <span className="text-sm text-slate-600">{t('moderation.unknownTerms.scanHint')}</span>
      </Form>
      <nav className="flex gap-4 text-sm" aria-label={t('moderation.unknownTerms.title')}>
        {STATUSES.map((s) =>
          s === status ? (
            <strong key={s} aria-current="page">
              {t(`moderation.unknownTerms.${s}`)}
            </strong>
          ) : (
            <Link key={s} to={`?status=${s}`}>
              {t(`moderation.unknownTerms.${s}`)}
            </Link>
          ),
        )}
      </nav>
      {terms.length === 0 ? (
        <p className="text-slate-600">{t('moderation.unknownTerms.none')}</p>
      ) : (
        <ul className="space-y-4">
          {terms.map((term) => {
            const error = actionData && 'termId' in actionData && actionData.termId === term.id ? actionData.error : null
            const keyId = `term-${term.id}-key`
            return (
              <li key={term.id} className="space-y-2 rounded-lg bg-white p-4 shadow-sm" data-testid={`term-${term.term}`}>
                <p className="font-medium">
                  {term.examples[0] ?? term.term} <span className="text-sm font-normal text-slate-600">· {t('moderation.unknownTerms.count')}: {term.count}</span>
                </p>
                {term.examples.length > 1 && (
                  <p className="text-sm">
                    {t('moderation.unknownTerms.examples')}: {term.examples.join(' · ')}
                  </p>
                )}
                {term.context.length > 0 && (
                  <p className="text-sm text-slate-600">
                    {t('moderation.unknownTerms.context')}: {term.context.join(' · ')}
                  </p>
                )}
                {term.status === 'mapped' && term.occupationKey && <p className="text-sm">{t('moderation.unknownTerms.mappedTo', { key: term.occupationKey })}</p>}
                {term.status === 'open' && (
                  <>
                    {term.suggestions.length > 0 && (
                      <div className="flex flex-wrap items-center gap-2 text-sm">
                        <span>{t('moderation.unknownTerms.suggestions')}:</span>
                        {term.suggestions.map((s) => (
                          <Form method="post" key={s.key}>
                            <input type="hidden" name="intent" value="map" />
                            <input type="hidden" name="termId" value={term.id} />
                            <input type="hidden" name="occupationKey" value={s.key} />
                            <button type="submit" className="rounded-md border border-slate-300 bg-white px-2 py-1 hover:bg-slate-50" title={t(`moderation.unknownTerms.${s.because === 'term' ? 'byTerm' : 'byContext'}`)}>
                              {t('moderation.unknownTerms.mapTo', { name: vi ? s.nameVi : s.nameEn })}
                            </button>
                          </Form>
                        ))}
                      </div>
                    )}
                    <div className="flex flex-wrap items-end gap-3">
                      <Form method="post" className="flex items-end gap-2">
                        <input type="hidden" name="intent" value="map" />
                        <input type="hidden" name="termId" value={term.id} />
                        <div>
                          <label htmlFor={keyId} className="block text-sm font-medium text-slate-700">
                            {t('moderation.unknownTerms.occupation')}
                          </label>
                          <input
                            id={keyId}
                            name="occupationKey"
                            placeholder={t('moderation.unknownTerms.occupationPlaceholder')}
                            aria-invalid={error ? true : undefined}
                            aria-describedby={error ? `${keyId}-error` : undefined}
                            className="rounded-md border border-slate-300 px-2 py-1"
                          />
                        </div>
                        <button type="submit" className="rounded-md bg-brand-700 px-3 py-1 font-medium text-white hover:bg-brand-800">
                          {t('moderation.unknownTerms.map')}
                        </button>
                      </Form>
                      <Form method="post">
                        <input type="hidden" name="intent" value="dismiss" />
                        <input type="hidden" name="termId" value={term.id} />
                        <button type="submit" className="rounded-md border border-slate-300 bg-white px-3 py-1 hover:bg-slate-50">
                          {t('moderation.unknownTerms.dismiss')}
                        </button>
                      </Form>
                    </div>
                    {error && (
                      <p id={`${keyId}-error`} className="text-sm text-red-700">
                        {t(error as never) as string}
                      </p>
                    )}
                  </>
                )}
              </li>
            )
          })}
        </ul>
      )}
    </div>
  )
}
