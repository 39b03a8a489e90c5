import { getFormProps, type FieldMetadata, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { Form, Link, useNavigation } from '@remix-run/react'
import { useEffect, useMemo, useState, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { ErrorList, Notice } from '~/components/forms'
import { languageName, useLanguage } from '~/components/listings'
import type { FormDefaults } from '~/modules/listings/form-defaults'
import { needFormSchema, offerFormSchema, type NeedForm, type OfferForm } from '~/modules/listings/form-schemas'
import {
  COMMON_LANGUAGES,
  EQUIPMENT_CONDITIONS,
  EQUIPMENT_TERMS,
  IMAGE_CONTENT_TYPES,
  RATE_UNITS,
  WORK_MODES,
  WORK_PERMIT_STATUSES,
  type NeedKind,
  type OfferKind,
} from '~/modules/listings/vocabulary'
import { CURRENCIES } from '~/utils/money'
import { useForm } from '~/components/use-form'

// The listing forms (create and edit, every kind of need and offer). One component renders
// the fields of the kind; validation is the shared schema, in the browser through Conform and
// again on the server. Everything works without JavaScript: lists of occupations and skills
// are several boxes (each may hold comma-separated entries), suggestions are <datalist>s.

type FormValue = string | string[] | File | undefined
type Meta = FieldMetadata<FormValue, Record<string, FormValue>>

export type Suggestions = { occupations: { value: string; label: string }[]; skills: string[] }

export type ListingFormProps = {
  type: 'need' | 'offer'
  kind: NeedKind | OfferKind
  mode: 'create' | 'edit'
  /** create, needs and business offers: the organisations the user may post for */
  orgs: { key: string; name: string }[]
  defaults: FormDefaults
  suggestions: Suggestions
  /** edit: the listing's pictures */
  images: { id: string; alt: string }[]
  /** edit: the listing is open (its end date may not be in the past) */
  open: boolean
  /** expert services: the expert is foreign, so on-site work needs a work-permit status */
  foreignExpert: boolean
  /** how many listings an unverified poster may have open (for the cap's message) */
  openCap: number
  lastResult: SubmissionResult<string[]> | null | undefined
  cancelTo: string
}

const inputClass =
  'mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 shadow-sm focus:border-brand-600 focus:outline-none focus:ring-1 focus:ring-brand-600 aria-[invalid=true]:border-red-500'

/** The same look for controls that sit side by side (amount, currency, unit; list boxes). */
const inlineInputClass = inputClass.replace('mt-1 block w-full ', '')

/** Hà Nội's districts and district-level towns, suggested for the sponsorship's areas. */
const HANOI_DISTRICTS = [
  'Ba Đình', 'Hoàn Kiếm', 'Tây Hồ', 'Long Biên', 'Cầu Giấy', 'Đống Đa', 'Hai Bà Trưng', 'Hoàng Mai', 'Thanh Xuân',
  'Nam Từ Liêm', 'Bắc Từ Liêm', 'Hà Đông', 'Sơn Tây', 'Ba Vì', 'Chương Mỹ', 'Đan Phượng', 'Đông Anh', 'Gia Lâm',
  'Hoài Đức', 'Mê Linh', 'Mỹ Đức', 'Phú Xuyên', 'Phúc Thọ', 'Quốc Oai', 'Sóc Sơn', 'Thạch Thất', 'Thanh Oai',
  'Thanh Trì', 'Thường Tín', 'Ứng Hòa',
]

function initialText(meta: Meta): string | undefined {
  return typeof meta.initialValue === 'string' ? meta.initialValue : undefined
}

function initialList(meta: Meta): string[] {
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

function Hint({ meta, children }: { meta: Meta; children?: ReactNode }) {
  if (!children) return null
  return (
    <p id={`${meta.id}-hint`} className="mt-1 text-xs text-slate-500">
      {children}
    </p>
  )
}

function Label({ meta, children }: { meta: Meta; children: ReactNode }) {
  return (
    <label htmlFor={meta.id} className="block text-sm font-medium text-slate-700">
      {children}
    </label>
  )
}

function TextInput({
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
    <div>
      <Label meta={meta}>{label}</Label>
      <input
        key={meta.key}
        id={meta.id}
        name={meta.name}
        type={type}
        list={list}
        inputMode={inputMode}
        placeholder={placeholder}
        defaultValue={initialText(meta)}
        aria-invalid={meta.errors ? true : undefined}
        aria-describedby={describedBy(meta, Boolean(hint))}
        className={inputClass}
      />
      <Hint meta={meta}>{hint}</Hint>
      <ErrorList id={meta.errorId} errors={meta.errors} />
    </div>
  )
}

function TextArea({ meta, label, hint, rows = 3 }: { meta: Meta; label: string; hint?: string; rows?: number }) {
  return (
    <div>
      <Label meta={meta}>{label}</Label>
      <textarea
        key={meta.key}
        id={meta.id}
        name={meta.name}
        rows={rows}
        defaultValue={initialText(meta)}
        aria-invalid={meta.errors ? true : undefined}
        aria-describedby={describedBy(meta, Boolean(hint))}
        className={inputClass}
      />
      <Hint meta={meta}>{hint}</Hint>
      <ErrorList id={meta.errorId} errors={meta.errors} />
    </div>
  )
}

type Option = { value: string; label: string }

function Select({ meta, label, options, empty, hint }: { meta: Meta; label: string; options: Option[]; empty?: string; hint?: string }) {
  return (
    <div>
      <Label meta={meta}>{label}</Label>
      <select
        key={meta.key}
        id={meta.id}
        name={meta.name}
        defaultValue={initialText(meta) ?? ''}
        aria-invalid={meta.errors ? true : undefined}
        aria-describedby={describedBy(meta, Boolean(hint))}
        className={inputClass}
      >
        {empty !== undefined && <option value="">{empty}</option>}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      <Hint meta={meta}>{hint}</Hint>
      <ErrorList id={meta.errorId} errors={meta.errors} />
    </div>
  )
}

/** Radio buttons (one choice) or checkboxes (several), in a fieldset named by its legend. */
function Choices({ meta, label, options, multiple = false, hint }: { meta: Meta; label: string; options: Option[]; multiple?: boolean; hint?: string }) {
  const chosen = initialList(meta)
  return (
    <fieldset key={meta.key} aria-invalid={meta.errors ? true : undefined} aria-describedby={describedBy(meta, Boolean(hint))}>
      <legend className="block text-sm font-medium text-slate-700">{label}</legend>
      <div className="mt-1 flex flex-wrap gap-x-5 gap-y-1">
        {options.map((option) => (
          <label key={option.value} className="inline-flex items-center gap-2 text-sm">
            <input type={multiple ? 'checkbox' : 'radio'} name={meta.name} value={option.value} defaultChecked={chosen.includes(option.value)} />
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
function TermsInput({ meta, label, hint, list, minBoxes = 3 }: { meta: Meta; label: string; hint: string; list: string; minBoxes?: number }) {
  const { t } = useTranslation()
  const entries = initialList(meta).filter((entry) => entry.trim() !== '')
  const [extra, setExtra] = useState(0)
  const [scripted, setScripted] = useState(false)
  useEffect(() => setScripted(true), [])
  const boxes = Math.max(minBoxes, entries.length + 1) + extra
  const errors = allErrors(meta)
  return (
    <fieldset key={meta.key} aria-describedby={`${meta.id}-hint`}>
      <legend className="block text-sm font-medium text-slate-700">{label}</legend>
      <div className="mt-1 grid gap-2 sm:grid-cols-3">
        {Array.from({ length: boxes }, (_, index) => (
          <input
            key={index}
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
function MoneyInput({
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
          <select
            key={currency.key}
            id={currency.id}
            name={currency.name}
            defaultValue={initialText(currency) ?? 'VND'}
            aria-label={t('listings.fields.currency')}
            aria-invalid={currency.errors ? true : undefined}
            className={`${inlineInputClass} w-28`}
          >
            {CURRENCIES.map((code) => (
              <option key={code} value={code}>
                {code}
              </option>
            ))}
          </select>
        )}
        {per && (
          <select
            key={per.key}
            id={per.id}
            name={per.name}
            defaultValue={initialText(per) ?? 'day'}
            aria-label={t('listings.fields.per')}
            aria-invalid={per.errors ? true : undefined}
            className={`${inlineInputClass} w-48`}
          >
            {perOptions.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        )}
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

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="space-y-4 rounded-lg bg-white p-6 shadow-sm">
      <h2 className="text-lg font-semibold">{title}</h2>
      {children}
    </section>
  )
}

export function ListingForm(props: ListingFormProps) {
  const { type, kind, mode, orgs, defaults, suggestions, images, open, foreignExpert, openCap, lastResult, cancelTo } = props
  const { t } = useTranslation()
  const lng = useLanguage()
  const navigation = useNavigation()
  const schema = useMemo(
    () => (type === 'need' ? needFormSchema(kind as NeedKind, { mode, open, foreignExpert }) : offerFormSchema(kind as OfferKind, { mode, open, foreignExpert })),
    [type, kind, mode, open, foreignExpert],
  )
  const [form, fields] = useForm<Record<string, FormValue>, NeedForm | OfferForm>({
    id: `${type}-${kind}-${mode}`,
    lastResult,
    defaultValue: defaults,
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
  })
  const f = fields as Record<string, Meta>
  const field = (name: string): Meta => f[name]!

  const option = (value: string, label: string): Option => ({ value, label })
  const languageOptions = [...new Set([...COMMON_LANGUAGES, ...initialList(field('languages'))])].map((code) => option(code, languageName(code, lng)))
  const rateOptions = RATE_UNITS.map((unit) => option(unit, t(`listings.per.${unit}`)))
  const modeOptions = WORK_MODES.map((m) => option(m, t(`listings.modes.${m}`)))
  const occupationsList = `${form.id}-occupations`
  const skillsList = `${form.id}-skills`
  const districtsList = `${form.id}-districts`
  const formErrors = form.errors ?? []
  const submitting = navigation.state === 'submitting'

  const occupations = (label = t('listings.fields.occupations'), hint = t('listings.form.occupationsHint')) => (
    <TermsInput meta={field('occupations')} label={label} hint={hint} list={occupationsList} minBoxes={2} />
  )
  const skills = <TermsInput meta={field('skills')} label={t('listings.fields.skills')} hint={t('listings.form.skillsHint')} list={skillsList} />
  const quantity = (label: string) => <TextInput meta={field(type === 'need' ? 'quantity' : 'capacity')} label={label} inputMode="numeric" />
  const funding = (
    <MoneyInput amount={field('fundingAmount')} currency={field('fundingCurrency')} label={t('listings.fields.fundingGoal')} hint={t('listings.form.fundingHint')} />
  )

  function kindFields(): ReactNode {
    switch (`${type}:${kind}`) {
      case 'need:internship':
        return (
          <>
            <Section title={t('listings.sections.what')}>
              {occupations()}
              {skills}
              {quantity(t('listings.fields.students'))}
              <TextArea meta={field('siteRequirements')} label={t('listings.fields.siteRequirements')} hint={t('listings.form.siteRequirementsHint')} />
            </Section>
            <Section title={t('listings.sections.money')}>
              <MoneyInput amount={field('stipendAmount')} currency={field('stipendCurrency')} label={t('listings.fields.stipendExpected')} />
              {funding}
            </Section>
            <Section title={t('listings.sections.contact')}>
              <TextInput meta={field('supervisorContact')} label={t('listings.fields.supervisorContact')} hint={t('listings.form.contactHint')} />
            </Section>
          </>
        )
      case 'need:equipment':
        return (
          <>
            <Section title={t('listings.sections.what')}>
              <TextInput meta={field('item')} label={t('listings.fields.item')} hint={t('listings.form.itemHint')} />
              {quantity(t('listings.fields.units'))}
              <TextArea meta={field('purpose')} label={t('listings.fields.purpose')} />
              {occupations()}
              {skills}
              <Choices
                meta={field('acceptedTerms')}
                label={t('listings.fields.acceptedTerms')}
                multiple
                options={EQUIPMENT_TERMS.map((term) => option(term, t(`listings.needTerms.${term}`)))}
              />
            </Section>
            <Section title={t('listings.sections.money')}>
              <Select meta={field('currency')} label={t('listings.fields.currency')} options={CURRENCIES.map((code) => option(code, code))} />
              <MoneyInput amount={field('leaseBudget')} label={t('listings.fields.leaseBudget')} hint={t('listings.form.leaseBudgetHint')} />
              <MoneyInput amount={field('estimatedValue')} label={t('listings.fields.estimatedValue')} />
              {funding}
            </Section>
          </>
        )
      case 'need:expert':
        return (
          <>
            <Section title={t('listings.sections.what')}>
              <TextInput meta={field('subject')} label={t('listings.fields.subject')} hint={t('listings.form.subjectHint')} />
              {occupations()}
              {skills}
              <Choices meta={field('languages')} label={t('listings.fields.teachingLanguages')} multiple options={languageOptions} />
              <Choices meta={field('mode')} label={t('listings.fields.mode')} options={modeOptions} />
              <TextInput meta={field('daysNeeded')} label={t('listings.fields.daysNeeded')} inputMode="numeric" />
            </Section>
            <Section title={t('listings.sections.money')}>
              <MoneyInput amount={field('budgetAmount')} currency={field('budgetCurrency')} per={field('budgetPer')} perOptions={rateOptions} label={t('listings.fields.budget')} />
              {funding}
            </Section>
          </>
        )
      case 'offer:placement':
        return (
          <>
            <Section title={t('listings.sections.what')}>
              {occupations()}
              {skills}
              {quantity(t('listings.fields.places'))}
              <TextInput meta={field('site')} label={t('listings.fields.site')} />
              <TextInput meta={field('siteAddress')} label={t('listings.fields.siteAddress')} hint={t('listings.form.contactHint')} />
              <Choices meta={field('languages')} label={t('listings.fields.workLanguages')} multiple options={languageOptions} />
            </Section>
            <Section title={t('listings.sections.money')}>
              <MoneyInput amount={field('stipendAmount')} currency={field('stipendCurrency')} label={t('listings.fields.stipendOffered')} />
            </Section>
            <Section title={t('listings.sections.contact')}>
              <TextInput meta={field('mentorContact')} label={t('listings.fields.mentorContact')} hint={t('listings.form.contactHint')} />
            </Section>
          </>
        )
      case 'offer:equipment':
        return (
          <>
            <Section title={t('listings.sections.what')}>
              {quantity(t('listings.fields.units'))}
              <Choices
                meta={field('equipmentTerms')}
                label={t('listings.fields.equipmentTerms')}
                options={EQUIPMENT_TERMS.map((term) => option(term, t(`listings.offerTerms.${term}`)))}
              />
              <Select
                meta={field('condition')}
                label={t('listings.fields.condition')}
                empty={t('validation.choose')}
                options={EQUIPMENT_CONDITIONS.map((condition) => option(condition, t(`listings.conditions.${condition}`)))}
              />
              {occupations(t('listings.fields.occupations'), t('listings.form.occupationsOptionalHint'))}
              {skills}
              <TextArea meta={field('returnTerms')} label={t('listings.fields.returnTerms')} hint={t('listings.form.returnTermsHint')} />
              <TextInput meta={field('pickupArea')} label={t('listings.fields.pickupArea')} list={districtsList} />
            </Section>
            <Section title={t('listings.sections.money')}>
              <Select meta={field('currency')} label={t('listings.fields.currency')} options={CURRENCIES.map((code) => option(code, code))} />
              <MoneyInput amount={field('monthlyPrice')} label={t('listings.fields.monthlyPrice')} hint={t('listings.form.monthlyPriceHint')} />
              <MoneyInput amount={field('deposit')} label={t('listings.fields.deposit')} hint={t('listings.form.depositHint')} />
            </Section>
          </>
        )
      case 'offer:sponsorship':
        return (
          <>
            <Section title={t('listings.sections.what')}>
              <MoneyInput amount={field('amount')} currency={field('currency')} label={t('listings.fields.sponsorshipAmount')} />
              {occupations(t('listings.fields.focusOccupations'), t('listings.form.occupationsOptionalHint'))}
              <TermsInput meta={field('districts')} label={t('listings.fields.districts')} hint={t('listings.form.districtsHint')} list={districtsList} />
            </Section>
          </>
        )
      default:
        return (
          <>
            <Section title={t('listings.sections.what')}>
              {occupations()}
              {skills}
              <Choices meta={field('languages')} label={t('listings.fields.teachingLanguages')} multiple options={languageOptions} />
              <Choices meta={field('mode')} label={t('listings.fields.mode')} options={modeOptions} />
              {foreignExpert && (
                <Select
                  meta={field('workPermit')}
                  label={t('listings.fields.workPermit')}
                  hint={t('listings.form.workPermitHint')}
                  empty={t('validation.choose')}
                  options={WORK_PERMIT_STATUSES.map((status) => option(status, t(`listings.workPermits.${status}`)))}
                />
              )}
              <TextArea meta={field('availability')} label={t('listings.fields.availability')} hint={t('listings.form.availabilityHint')} />
            </Section>
            <Section title={t('listings.sections.money')}>
              <MoneyInput amount={field('rateAmount')} currency={field('rateCurrency')} per={field('ratePer')} perOptions={rateOptions} label={t('listings.fields.rate')} />
            </Section>
          </>
        )
    }
  }

  return (
    <Form method="post" encType="multipart/form-data" {...getFormProps(form)} className="space-y-6">
      {formErrors.length > 0 && (
        <Notice tone="error">
          {formErrors.map((error) => (
            <p key={error}>{t(error as never, { cap: openCap }) as string}</p>
          ))}
        </Notice>
      )}
      <datalist id={occupationsList}>
        {suggestions.occupations.map((o) => (
          <option key={o.value} value={o.value} label={o.label} />
        ))}
      </datalist>
      <datalist id={skillsList}>
        {suggestions.skills.map((skill) => (
          <option key={skill} value={skill} />
        ))}
      </datalist>
      <datalist id={districtsList}>
        {HANOI_DISTRICTS.map((district) => (
          <option key={district} value={district} />
        ))}
      </datalist>

      <Section title={t('listings.sections.about')}>
        {mode === 'create' && orgs.length === 1 && <input type="hidden" name="orgKey" value={orgs[0]!.key} />}
        {mode === 'create' && orgs.length > 1 && (
          <Select meta={field('orgKey')} label={t('listings.fields.org')} options={orgs.map((org) => option(org.key, org.name))} />
        )}
        <TextInput meta={field('title')} label={t('listings.fields.title')} hint={t(`listings.form.titleHint.${type}`)} />
        <TextArea meta={field('description')} label={t('listings.fields.description')} rows={5} />
      </Section>

      {kindFields()}

      <Section title={t('listings.sections.when')}>
        <div className="grid gap-4 sm:grid-cols-2">
          <TextInput meta={field('startDate')} label={t('listings.fields.startDate')} type="date" />
          <TextInput meta={field('endDate')} label={t('listings.fields.endDate')} type="date" hint={t('listings.form.endDateHint')} />
        </div>
      </Section>

      <Section title={t('listings.sections.images')}>
        {images.length > 0 && (
          <ul className="flex flex-wrap gap-4">
            {images.map((image) => (
              <li key={image.id} className="space-y-1 text-sm">
                <img src={`/images/${image.id}`} alt={image.alt} className="h-28 w-40 rounded object-cover" />
                <label className="flex items-center gap-2">
                  <input type="checkbox" name="removeImages" value={image.id} />
                  {t('listings.form.removeImage')}
                </label>
              </li>
            ))}
          </ul>
        )}
        <div>
          <Label meta={field('image')}>{t('listings.fields.image')}</Label>
          <input
            id={field('image').id}
            name={field('image').name}
            type="file"
            accept={IMAGE_CONTENT_TYPES.join(',')}
            aria-invalid={field('image').errors ? true : undefined}
            aria-describedby={`${field('image').id}-hint`}
            className="mt-1 block text-sm"
          />
          <Hint meta={field('image')}>{t('listings.form.imageHint')}</Hint>
          <ErrorList id={field('image').errorId} errors={field('image').errors} />
        </div>
        <TextInput meta={field('imageAlt')} label={t('listings.fields.imageAlt')} hint={t('listings.form.imageAltHint')} />
      </Section>

      <div className="flex flex-wrap items-center gap-3">
        {mode === 'create' ? (
          <>
            <button type="submit" name="intent" value="publish" disabled={submitting} className="rounded-md bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-800 disabled:opacity-60">
              {t('listings.form.publish')}
            </button>
            <button type="submit" name="intent" value="draft" disabled={submitting} className="rounded-md border border-slate-300 bg-white px-4 py-2 font-medium hover:bg-slate-50 disabled:opacity-60">
              {t('listings.form.saveDraft')}
            </button>
          </>
        ) : (
          <button type="submit" disabled={submitting} className="rounded-md bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-800 disabled:opacity-60">
            {t('listings.form.save')}
          </button>
        )}
        <Link to={cancelTo} className="text-sm">
          {t('listings.form.cancel')}
        </Link>
      </div>
      {mode === 'create' && <p className="text-xs text-slate-500">{t('listings.form.publishHint')}</p>}
    </Form>
  )
}
