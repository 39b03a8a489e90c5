import { getFormProps, type SubmissionResult } from '@conform-to/react'
import { readForm } from '~/modules/runtime/form.server'
import { parseWithZod } from '@conform-to/zod/v4'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { AdminNav } from '~/components/admin-nav'
import { Notice, SubmitButton, TextField } from '~/components/forms'
import { LongTextField } from '~/components/moderation-forms'
import { requirePermission } from '~/modules/accounts/permissions.server'
import { getLanguage } from '~/modules/i18n/i18n.server'
import { pageMeta } from '~/modules/i18n/meta'
import { OccupationActionSchema } from '~/modules/taxonomy/schemas'
import { createOccupation, deleteOccupation, findOccupation, listOccupations, updateOccupation } from '~/modules/taxonomy/taxonomy.server'
import { importTaxonomy, loadNationalList, readTaxonomyUpload, refuseOversizedUpload } from '~/modules/taxonomy/transfer.server'
import type { TaxonomyFileError } from '~/modules/taxonomy/taxonomy-file.server'
import { useForm } from '~/components/use-form'

// Admins keep the bilingual occupation taxonomy: search, add, edit, delete; export it as a
// file, edit it and import it again (all or nothing); load the national list's occupations
// that are missing.

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'moderation.taxonomy.title')

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, { platform: 'admin' })
  const url = new URL(request.url)
  const q = url.searchParams.get('q') ?? ''
  const editKey = url.searchParams.get('edit')
  const [occupations, editing] = await Promise.all([
    listOccupations(q, await getLanguage(request)),
    editKey ? findOccupation(editKey) : null,
  ])
  const shown = (o: { id: string; key: string; nameVi: string; nameEn: string; synonyms: string[]; skills: string[] }) => ({
    id: o.id,
    key: o.key,
    nameVi: o.nameVi,
    nameEn: o.nameEn,
    synonyms: o.synonyms,
    skills: o.skills,
  })
  return { q, occupations: occupations.map(shown), editing: editing && shown(editing), editMissing: !!editKey && !editing }
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requirePermission(request, { platform: 'admin' })
  refuseOversizedUpload(request)
  const formData = await readForm(request)
  const intent = formData.get('intent')
  if (intent === 'import') {
    const upload = await readTaxonomyUpload(formData.get('file'))
    if (!upload.ok) return data({ formId: 'taxonomy-import', importErrors: [{ row: 0, field: 'file', message: upload.error }] }, { status: 400 })
    const imported = await importTaxonomy(admin.id, upload.text, upload.format)
    if (!imported.ok) return data({ formId: 'taxonomy-import', importErrors: imported.errors }, { status: 400 })
    return redirect(`/admin/occupations?${new URLSearchParams({ imported: `${imported.created.length}/${imported.updated.length}/${imported.unchanged}` })}`)
  }
  if (intent === 'load-national') {
    const added = await loadNationalList(admin.id)
    return redirect(`/admin/occupations?national=${added.length}`)
  }
  const formId = formData.get('intent') === 'create' ? 'occupation-create' : `occupation-${String(formData.get('occupationId') ?? '')}`
  const submission = parseWithZod(formData, { schema: OccupationActionSchema })
  if (submission.status !== 'success') return data({ formId, result: submission.reply() }, { status: 400 })
  const value = submission.value
  switch (value.intent) {
    case 'create': {
      const { intent: _intent, key, ...input } = value
      const created = await createOccupation(admin.id, key, input)
      if (!created.ok) return data({ formId, result: submission.reply({ fieldErrors: { key: [created.error] } }) }, { status: 400 })
      return redirect(`/admin/occupations?saved=${encodeURIComponent(key)}`)
    }
    case 'update': {
      const { intent: _intent, occupationId, ...input } = value
      const key = await updateOccupation(admin.id, occupationId, input)
      if (!key) throw new Response('Not Found', { status: 404 })
      return redirect(`/admin/occupations?saved=${encodeURIComponent(key)}`)
    }
    case 'delete': {
      const key = await deleteOccupation(admin.id, value.occupationId)
      if (!key) throw new Response('Not Found', { status: 404 })
      return redirect(`/admin/occupations?deleted=${encodeURIComponent(key)}`)
    }
  }
}

type Occupation = Awaited<ReturnType<typeof loader>>['occupations'][number]
type ActionData = { formId: string; result?: SubmissionResult<string[]>; importErrors?: TaxonomyFileError[] }

/** Export, import and the national list: the taxonomy as a whole. */
function TaxonomyFile() {
  const { t } = useTranslation()
  const actionData = useActionData<ActionData>()
  const errors = actionData?.formId === 'taxonomy-import' ? (actionData.importErrors ?? []) : []
  return (
    <section className="space-y-4 rounded-lg bg-white p-6 shadow-sm">
      <h2 className="text-lg font-semibold">{t('moderation.taxonomyFile.title')}</h2>
      <p className="text-sm text-slate-600">{t('moderation.taxonomyFile.explain')}</p>
      <p className="flex flex-wrap gap-4">
        <a href="/admin/occupations/export?format=csv" download>
          {t('moderation.taxonomyFile.exportCsv')}
        </a>
        <a href="/admin/occupations/export?format=json" download>
          {t('moderation.taxonomyFile.exportJson')}
        </a>
      </p>
      <Form method="post" encType="multipart/form-data" className="space-y-2" aria-describedby={errors.length ? 'taxonomy-import-errors' : undefined}>
        <input type="hidden" name="intent" value="import" />
        <label htmlFor="taxonomy-import-file" className="block text-sm font-medium text-slate-700">
          {t('moderation.taxonomyFile.file')}
        </label>
        <input id="taxonomy-import-file" type="file" name="file" accept=".csv,.json,text/csv,application/json" className="block text-sm" />
        <p className="text-sm text-slate-600">{t('moderation.taxonomyFile.importHint')}</p>
        {errors.length > 0 && (
          <div id="taxonomy-import-errors" role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800">
            <p className="font-medium">{t('moderation.taxonomyFile.refused', { count: errors.length })}</p>
            <ul className="list-disc pl-5">
              {errors.slice(0, 100).map((error, index) => (
                <li key={index}>
                  {error.row > 0 && t('moderation.taxonomyFile.at', { row: error.row, field: error.field })} {t(error.message as never) as string}
                </li>
              ))}
            </ul>
          </div>
        )}
        <SubmitButton>{t('moderation.taxonomyFile.import')}</SubmitButton>
      </Form>
      <Form method="post" className="flex flex-wrap items-center gap-3">
        <input type="hidden" name="intent" value="load-national" />
        <button type="submit" className="rounded-md border border-slate-300 bg-white px-4 py-2 font-medium hover:bg-slate-50">
          {t('moderation.taxonomyFile.loadNational')}
        </button>
        <span className="text-sm text-slate-600">{t('moderation.taxonomyFile.loadNationalHint')}</span>
      </Form>
    </section>
  )
}

function OccupationForm({ occupation }: { occupation: Occupation | null }) {
  const { t } = useTranslation()
  const actionData = useActionData<ActionData>()
  const formId = occupation ? `occupation-${occupation.id}` : 'occupation-create'
  const [form, fields] = useForm({
    id: formId,
    lastResult: actionData?.formId === formId ? actionData.result : undefined,
    defaultValue: occupation
      ? { nameVi: occupation.nameVi, nameEn: occupation.nameEn, synonyms: occupation.synonyms.join('\n'), skills: occupation.skills.join('\n') }
      : undefined,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: OccupationActionSchema }),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
  })
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-4">
      <input type="hidden" name="intent" value={occupation ? 'update' : 'create'} />
      {occupation ? (
        <>
          <input type="hidden" name="occupationId" value={occupation.id} />
          <p className="text-sm text-slate-600">
            {t('moderation.taxonomy.key')}: <code>{occupation.key}</code>
          </p>
        </>
      ) : (
        <TextField label={t('moderation.taxonomy.key')} meta={fields.key} hint={t('moderation.taxonomy.keyHint')} />
      )}
      <TextField label={t('moderation.taxonomy.nameVi')} meta={fields.nameVi} />
      <TextField label={t('moderation.taxonomy.nameEn')} meta={fields.nameEn} />
      <LongTextField label={t('moderation.taxonomy.synonyms')} meta={fields.synonyms} hint={t('moderation.taxonomy.synonymsHint')} rows={6} />
      <LongTextField label={t('moderation.taxonomy.skills')} meta={fields.skills} hint={t('moderation.taxonomy.listHint')} rows={6} />
      <SubmitButton>{occupation ? t('moderation.taxonomy.save') : t('moderation.taxonomy.create')}</SubmitButton>
    </Form>
  )
}

export default function AdminOccupationsPage() {
  const { q, occupations, editing, editMissing } = useLoaderData<typeof loader>()
  const [searchParams] = useSearchParams()
  const { t, i18n } = useTranslation()
  const vi = i18n.language === 'vi'
  const saved = searchParams.get('saved')
  const deleted = searchParams.get('deleted')
  const imported = searchParams.get('imported')?.split('/')
  const national = searchParams.get('national')
  return (
    <div className="space-y-6">
      <AdminNav />
      <h1 className="text-2xl font-bold">{t('moderation.taxonomy.title')}</h1>
      {saved && <Notice tone="success">{t('moderation.taxonomy.saved', { key: saved })}</Notice>}
      {deleted && <Notice tone="success">{t('moderation.taxonomy.deleted', { key: deleted })}</Notice>}
      {editMissing && <Notice tone="error">{t('moderation.taxonomy.notFound')}</Notice>}
      {imported && (
        <Notice tone="success">{t('moderation.taxonomyFile.imported', { created: imported[0] ?? 0, updated: imported[1] ?? 0, unchanged: imported[2] ?? 0 })}</Notice>
      )}
      {national !== null && <Notice tone="success">{t('moderation.taxonomyFile.nationalLoaded', { count: Number(national) || 0 })}</Notice>}

      <section className="rounded-lg bg-white p-6 shadow-sm">
        <h2 className="mb-4 text-lg font-semibold">
          {editing ? t('moderation.taxonomy.editTitle', { name: vi ? editing.nameVi : editing.nameEn }) : t('moderation.taxonomy.addTitle')}
        </h2>
        {/* A new key remounts the form, so its defaults are the occupation being edited. */}
        <OccupationForm key={editing?.id ?? 'create'} occupation={editing} />
        {editing && (
          <div className="mt-4 flex items-center gap-4">
            <Form
              method="post"
              onSubmit={(event) => {
                if (!window.confirm(t('moderation.taxonomy.confirmDelete', { name: vi ? editing.nameVi : editing.nameEn }))) event.preventDefault()
              }}
            >
              <input type="hidden" name="intent" value="delete" />
              <input type="hidden" name="occupationId" value={editing.id} />
              <button type="submit" className="rounded-md bg-red-700 px-4 py-2 font-medium text-white hover:bg-red-800">
                {t('moderation.taxonomy.delete')}
              </button>
            </Form>
            <Link to="/admin/occupations">{t('moderation.taxonomy.cancel')}</Link>
          </div>
        )}
      </section>

      <TaxonomyFile />

      <section>
        <Form method="get" role="search" className="mb-4 flex gap-2">
          <input
            type="search"
            name="q"
            defaultValue={q}
            aria-label={t('moderation.taxonomy.search')}
            placeholder={t('moderation.taxonomy.searchPlaceholder')}
            className="flex-1 rounded-md border border-slate-300 px-3 py-2"
          />
          <button type="submit" className="rounded-md bg-slate-200 px-4 py-2">
            {t('moderation.taxonomy.search')}
          </button>
        </Form>
        <p className="mb-2 text-sm text-slate-600">{t('moderation.taxonomy.count', { count: occupations.length })}</p>
        {occupations.length === 0 ? (
          <p className="text-slate-600">{t('moderation.taxonomy.none')}</p>
        ) : (
          <table className="w-full rounded-lg bg-white text-left text-sm shadow-sm">
            <thead className="border-b border-slate-200 text-slate-500">
              <tr>
                <th className="px-3 py-2">{t('moderation.taxonomy.nameVi')}</th>
                <th className="px-3 py-2">{t('moderation.taxonomy.nameEn')}</th>
                <th className="px-3 py-2">{t('moderation.taxonomy.key')}</th>
                <th className="px-3 py-2">{t('moderation.taxonomy.synonyms')}</th>
                <th className="px-3 py-2">{t('moderation.taxonomy.skills')}</th>
                <th className="px-3 py-2">
                  <span className="sr-only">{t('moderation.taxonomy.edit')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {occupations.map((o) => (
                <tr key={o.id} className="border-b border-slate-100" data-testid={`occupation-${o.key}`}>
                  <td className="px-3 py-2 font-medium">{o.nameVi}</td>
                  <td className="px-3 py-2">{o.nameEn}</td>
                  <td className="px-3 py-2">
                    <code>{o.key}</code>
                  </td>
                  <td className="px-3 py-2" title={o.synonyms.join(', ')}>
                    {o.synonyms.length}
                  </td>
                  <td className="px-3 py-2" title={o.skills.join(', ')}>
                    {o.skills.length}
                  </td>
                  <td className="px-3 py-2">
                    <Link to={`?${new URLSearchParams({ ...(q ? { q } : {}), edit: o.key })}`} aria-label={t('moderation.taxonomy.editNamed', { name: o.nameVi })}>
                      {t('moderation.taxonomy.edit')}
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  )
}
