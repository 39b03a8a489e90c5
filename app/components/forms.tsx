import { getInputProps, type FieldMetadata } from '@conform-to/react'
import { useNavigation } from '@remix-run/react'
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { RequiredMarker } from '~/components/form-errors'

// Form building blocks. Errors are translation keys (from the shared Zod schemas or the
// server) and are rendered next to their field in the viewer's language.

/**
 * A field's errors. The live region (role="alert", so they are announced when they appear) is
 * the wrapper, not the list: a role on the <ul> would take away its list semantics and orphan
 * its items (axe: listitem). The wrapper carries the id the field's aria-describedby names.
 */
export function ErrorList({ id, errors }: { id?: string; errors?: string[] | null }) {
  const { t } = useTranslation()
  if (!errors?.length) return null
  return (
    <div id={id} role="alert" className="mt-1 text-sm text-red-700">
      <ul className="space-y-0.5">
        {errors.map((error) => (
          <li key={error}>{t(error as never) as string}</li>
        ))}
      </ul>
    </div>
  )
}

/** The look of every text input and select (one definition, shared by the forms). */
export const inputClass =
  'mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 shadow-sm focus:border-brand-600 focus:outline-none focus:ring-1 focus:ring-brand-600 aria-[invalid=true]:border-red-500'

export function TextField({
  label,
  meta,
  type = 'text',
  hint,
  autoComplete,
}: {
  label: string
  meta: FieldMetadata<string | undefined>
  type?: 'text' | 'email' | 'password'
  hint?: string
  autoComplete?: string
}) {
  return (
    <div>
      <label htmlFor={meta.id} className="block text-sm font-medium text-slate-700">
        {label}
        {meta.required && <RequiredMarker />}
      </label>
      <input {...getInputProps(meta, { type })} key={meta.key} autoComplete={autoComplete} className={inputClass} />
      {hint && <p className="mt-1 text-xs text-slate-500">{hint}</p>}
      <ErrorList id={meta.errorId} errors={meta.errors} />
    </div>
  )
}

export function SelectField({
  label,
  meta,
  options,
}: {
  label: string
  meta: FieldMetadata<string | undefined>
  options: { value: string; label: string }[]
}) {
  const { t } = useTranslation()
  return (
    <div>
      <label htmlFor={meta.id} className="block text-sm font-medium text-slate-700">
        {label}
        {meta.required && <RequiredMarker />}
      </label>
      <select
        id={meta.id}
        name={meta.name}
        aria-required={meta.required || undefined}
        defaultValue={meta.initialValue ?? ''}
        aria-invalid={meta.errors ? true : undefined}
        aria-describedby={meta.errors ? meta.errorId : undefined}
        className={inputClass}
      >
        <option value="">{t('validation.choose')}</option>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      <ErrorList id={meta.errorId} errors={meta.errors} />
    </div>
  )
}

export function SubmitButton({ children, intent }: { children: ReactNode; intent?: string }) {
  const navigation = useNavigation()
  return (
    <button
      type="submit"
      name={intent ? 'intent' : undefined}
      value={intent}
      disabled={navigation.state === 'submitting'}
      className="rounded-md bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-800 disabled:opacity-60"
    >
      {children}
    </button>
  )
}

export function Notice({ tone = 'info', children }: { tone?: 'info' | 'error' | 'success'; children: ReactNode }) {
  const tones = {
    info: 'border-sky-200 bg-sky-50 text-sky-900',
    error: 'border-red-200 bg-red-50 text-red-900',
    success: 'border-emerald-200 bg-emerald-50 text-emerald-900',
  }
  return (
    <div role={tone === 'error' ? 'alert' : 'status'} className={`rounded-md border px-4 py-3 text-sm ${tones[tone]}`}>
      {children}
    </div>
  )
}

export function Card({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="mx-auto max-w-md rounded-lg bg-white p-8 shadow-sm">
      <h1 className="mb-6 text-2xl font-bold">{title}</h1>
      {children}
    </div>
  )
}
