import { type FieldMetadata } from '@conform-to/react'
import { useEffect, useState, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { RequiredMarker } from '~/components/form-errors'
import { ErrorList, inputClass } from '~/components/forms'
import { CURRENCIES } from '~/utils/money'

// The listing form's inputs, each with its label, hint and errors. They render from Conform's
// field metadata and work without JavaScript (plain inputs, selects, radios and checkboxes).

export type FormValue = string | string[] | File | undefined
export type Meta = FieldMetadata<FormValue, Record<string, FormValue>>

/** The same look for controls that sit side by side (amount, currency, unit; list boxes). */
const inlineInputClass = inputClass.replace('mt-1 block w-full ', '')

function initialText(meta: Meta): string | undefined {
  return typeof meta.initialValue === 'string' ? meta.initialValue : undefined
}

export function initialList(meta: Meta): string[] {
  const value = meta.initialValue
  if (Array.isArray(value)) return value.map((item) => (typeof item === 'string' ? item : ''))
  return typeof value === 'string' ? [value] : []
}

/** The field's own errors and those of its items (occupations[2]…), once each. */
function allErrors(meta: Meta): string[] {
  return [...new Set(Object.values(meta.allErrors ?? {}).flat())]
}

function describedBy(meta: Meta, hint: boolean) {
  return [hint ? `${meta.id}-hint` : null, meta.errors ? meta.errorId : null].filter(Boolean).join(' ') || undefined
}

export function Hint({ meta, children }: { meta: Meta; children?: ReactNode }) {
  if (!children) return null
  return (
    <p id={`${meta.id}-hint`} className="mt-1 text-xs text-slate-500">
      {children}
    </p>
  )
}

export function Label({ meta, children }: { meta: Meta; children: ReactNode }) {
  return (
    <label htmlFor={meta.id} className="block text-sm font-medium text-slate-700">
      {children}
      {meta.required && <RequiredMarker />}
    </label>
  )
}

/** A control's label above it, its hint and errors below. */
function LabelledControl({ meta, label, hint, children }: { meta: Meta; label: string; hint?: string; children: ReactNode }) {
  return (
    <div>
      <Label meta={meta}>{label}</Label>
      {children}
      <Hint meta={meta}>{hint}</Hint>
      <ErrorList id={meta.errorId} errors={meta.errors} />
    </div>
  )
}

/** What a labelled control says about itself (React takes `key` apart, on the element). */
function controlProps(meta: Meta, hint: string | undefined) {
  return {
    id: meta.id,
    name: meta.name,
    'aria-invalid': meta.errors ? true : undefined,
    'aria-required': meta.required || undefined,
    'aria-describedby': describedBy(meta, Boolean(hint)),
    className: inputClass,
  }
}

export function TextInput({
  meta,
  label,
  hint,
  type = 'text',
  list,
  inputMode,
  placeholder,
}: {
  meta: Meta
  label: string
  hint?: string
  type?: 'text' | 'date'
  list?: string
  inputMode?: 'decimal' | 'numeric'
  placeholder?: string
}) {
  return (
    <LabelledControl meta={meta} label={label} hint={hint}>
      <input
        key={meta.key}
        {...controlProps(meta, hint)}
        type={type}
        list={list}
        inputMode={inputMode}
        placeholder={placeholder}
        defaultValue={initialText(meta)}
      />
    </LabelledControl>
  )
}

export function TextArea({ meta, label, hint, rows = 3 }: { meta: Meta; label: string; hint?: string; rows?: number }) {
  return (
    <LabelledControl meta={meta} label={label} hint={hint}>
      <textarea key={meta.key} {...controlProps(meta, hint)} rows={rows} defaultValue={initialText(meta)} />
    </LabelledControl>
  )
}

export type Option = { value: string; label: string }

export const option = (value: string, label: string): Option => ({ value, label })

function OptionList({ options }: { options: Option[] }) {
  return options.map((option) => (
    <option key={option.value} value={option.value}>
      {option.label}
    </option>
  ))
}

export function Select({ meta, label, options, empty, hint }: { meta: Meta; label: string; options: Option[]; empty?: string; hint?: string }) {
  return (
    <LabelledControl meta={meta} label={label} hint={hint}>
      <select key={meta.key} {...controlProps(meta, hint)} defaultValue={initialText(meta) ?? ''}>
        {empty !== undefined && <option value="">{empty}</option>}
        <OptionList options={options} />
      </select>
    </LabelledControl>
  )
}

/** Radio buttons (one choice) or checkboxes (several), in a fieldset named by its legend. */
export function Choices({ meta, label, options, multiple = false, hint }: { meta: Meta; label: string; options: Option[]; multiple?: boolean; hint?: string }) {
  const chosen = initialList(meta)
  return (
    <fieldset key={meta.key} aria-invalid={meta.errors ? true : undefined} aria-describedby={describedBy(meta, Boolean(hint))}>
      <legend className="block text-sm font-medium text-slate-700">
        {label}
        {meta.required && <RequiredMarker />}
      </legend>
      <div className="mt-1 flex flex-wrap gap-x-5 gap-y-1">
        {options.map((option, index) => (
          <label key={option.value} className="inline-flex items-center gap-2 text-sm">
            {/* The first choice carries the field's id: the error summary links to it. */}
            <input
              type={multiple ? 'checkbox' : 'radio'}
              id={index === 0 ? meta.id : undefined}
              name={meta.name}
              value={option.value}
              defaultChecked={chosen.includes(option.value)}
            />
            {option.label}
          </label>
        ))}
      </div>
      <Hint meta={meta}>{hint}</Hint>
      <ErrorList id={meta.errorId} errors={meta.errors} />
    </fieldset>
  )
}

/**
 * A list of terms as several text boxes with suggestions; one more empty box than entries
 * (at least `minBoxes`). With JavaScript, "add another" adds a box; without it, any box
 * takes several entries separated by commas.
 */
export function TermsInput({ meta, label, hint, list, minBoxes = 3 }: { meta: Meta; label: string; hint: string; list: string; minBoxes?: number }) {
  const { t } = useTranslation()
  const entries = initialList(meta).filter((entry) => entry.trim() !== '')
  const [extra, setExtra] = useState(0)
  const [scripted, setScripted] = useState(false)
  useEffect(() => setScripted(true), [])
  const boxes = Math.max(minBoxes, entries.length + 1) + extra
  const errors = allErrors(meta)
  return (
    <fieldset key={meta.key} aria-describedby={`${meta.id}-hint`}>
      <legend className="block text-sm font-medium text-slate-700">
        {label}
        {meta.required && <RequiredMarker />}
      </legend>
      <div className="mt-1 grid gap-2 sm:grid-cols-3">
        {Array.from({ length: boxes }, (_, index) => (
          <input
            key={index}
            // The first box carries the field's id: the error summary links to it.
            id={index === 0 ? meta.id : undefined}
            name={`${meta.name}[${index}]`}
            list={list}
            defaultValue={entries[index]}
            aria-label={`${label} ${index + 1}`}
            aria-invalid={errors.length ? true : undefined}
            className={`${inlineInputClass} w-full`}
          />
        ))}
      </div>
      {scripted && (
        <button type="button" onClick={() => setExtra((n) => n + 1)} className="mt-2 text-sm text-brand-700 underline">
          {t('listings.form.addAnother')}
        </button>
      )}
      <Hint meta={meta}>{hint}</Hint>
      <ErrorList id={meta.errorId} errors={errors.length ? errors : null} />
    </fieldset>
  )
}

/** An amount in major units with its currency (and, optionally, what it is per). */
export function MoneyInput({
  amount,
  currency,
  per,
  perOptions = [],
  label,
  hint,
}: {
  amount: Meta
  currency?: Meta
  per?: Meta
  perOptions?: Option[]
  label: string
  hint?: string
}) {
  const { t } = useTranslation()
  return (
    <div>
      <Label meta={amount}>{label}</Label>
      <div className="mt-1 flex flex-wrap gap-2">
        <input
          key={amount.key}
          id={amount.id}
          name={amount.name}
          inputMode="decimal"
          defaultValue={initialText(amount)}
          aria-invalid={amount.errors ? true : undefined}
          aria-describedby={`${amount.id}-hint`}
          className={`${inlineInputClass} w-full max-w-xs`}
        />
        {currency && (
          <InlineSelect meta={currency} label={t('listings.fields.currency')} fallback="VND" options={CURRENCIES.map((code) => option(code, code))} width="w-28" />
        )}
        {per && <InlineSelect meta={per} label={t('listings.fields.per')} fallback="day" options={perOptions} width="w-48" />}
      </div>
      <p id={`${amount.id}-hint`} className="mt-1 text-xs text-slate-500">
        {hint ?? t('listings.form.amountHint')}
      </p>
      <ErrorList id={amount.errorId} errors={amount.errors} />
      {currency && <ErrorList id={currency.errorId} errors={currency.errors} />}
      {per && <ErrorList id={per.errorId} errors={per.errors} />}
    </div>
  )
}

/** A select beside an amount (its currency, what it is per), named by its aria-label. */
function InlineSelect({ meta, label, fallback, options, width }: { meta: Meta; label: string; fallback: string; options: Option[]; width: string }) {
  return (
    <select
      key={meta.key}
      id={meta.id}
      name={meta.name}
      defaultValue={initialText(meta) ?? fallback}
      aria-label={label}
      aria-invalid={meta.errors ? true : undefined}
      className={`${inlineInputClass} ${width}`}
    >
      <OptionList options={options} />
    </select>
  )
}
