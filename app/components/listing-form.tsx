import { getFormProps, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { Form, Link, useNavigation } from '@remix-run/react'
import { useMemo, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { ErrorList, Notice } from '~/components/forms'
import type { FormDefaults } from '~/modules/listings/form-defaults'
import { needFormSchema, offerFormSchema, type NeedForm, type OfferForm } from '~/modules/listings/form-schemas'
import { IMAGE_CONTENT_TYPES, type NeedKind, type OfferKind } from '~/modules/listings/vocabulary'
import { FormErrorSummary } from '~/components/form-errors'
import { requiredConstraint, useForm } from '~/components/use-form'
import { Hint, Label, Select, TextArea, TextInput, option, type FormValue, type Meta } from './listing-form/fields'
import { NEED_FIELDS } from './listing-form/need-fields'
import { OFFER_FIELDS } from './listing-form/offer-fields'
import { OtherLanguageOccupations } from './listing-form/shared-fields'

// The listing forms (create and edit, every kind of need and offer): the fields every listing
// has, around the kind's own (listing-form/need-fields.tsx, offer-fields.tsx). Validation is
// the shared schema, in the browser through Conform and again on the server. Everything works
// without JavaScript: lists of occupations and skills are several boxes (each may hold
// comma-separated entries), suggestions are <datalist>s.

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
  /** the server's answer to occupations the taxonomy does not know: the nearest known ones */
  unknownOccupations?: UnknownOccupationHint[]
  cancelTo: string
}

export type UnknownOccupationHint = { text: string; suggestions: { key: string; nameVi: string; nameEn: string }[] }

/** The kinds whose form always asks for the occupations in the other language: international experts read them. */
const ASKS_OTHER_LANGUAGE = { need: ['expert'], offer: ['expert_service'] } as const

/**
 * Occupations the taxonomy does not know: the nearest known ones to use instead (typed into
 * the occupation boxes), or the poster keeps their own, which an admin then reviews. Works as
 * a validation message: the server answers the submission with it, script or not.
 */
function UnknownOccupations({ hints, otherLanguage }: { hints: UnknownOccupationHint[]; otherLanguage: ReactNode }) {
  const { t, i18n } = useTranslation()
  const vi = i18n.language === 'vi'
  return (
    <div role="status" className="space-y-3 rounded-md border border-amber-300 bg-amber-50 p-4 text-sm" data-testid="unknown-occupations">
      <p className="font-medium">{t('listings.unknownOccupations.title')}</p>
      <ul className="space-y-1">
        {hints.map((hint) => (
          <li key={hint.text}>
            <strong>“{hint.text}”</strong>:{' '}
            {hint.suggestions.length
              ? t('listings.unknownOccupations.nearest', { names: hint.suggestions.map((s) => (vi ? `${s.nameVi} (${s.nameEn})` : `${s.nameEn} (${s.nameVi})`)).join('; ') })
              : t('listings.unknownOccupations.noneNear')}
          </li>
        ))}
      </ul>
      <p>{t('listings.unknownOccupations.howTo')}</p>
      {otherLanguage}
      <label className="flex items-center gap-2 font-medium">
        <input type="checkbox" name="keepOccupations" value="on" />
        {t('listings.unknownOccupations.keep')}
      </label>
    </div>
  )
}

/** Hà Nội's districts and district-level towns, suggested for the sponsorship's areas. */
const HANOI_DISTRICTS = [
  'Ba Đình', 'Hoàn Kiếm', 'Tây Hồ', 'Long Biên', 'Cầu Giấy', 'Đống Đa', 'Hai Bà Trưng', 'Hoàng Mai', 'Thanh Xuân',
  'Nam Từ Liêm', 'Bắc Từ Liêm', 'Hà Đông', 'Sơn Tây', 'Ba Vì', 'Chương Mỹ', 'Đan Phượng', 'Đông Anh', 'Gia Lâm',
  'Hoài Đức', 'Mê Linh', 'Mỹ Đức', 'Phú Xuyên', 'Phúc Thọ', 'Quốc Oai', 'Sóc Sơn', 'Thạch Thất', 'Thanh Oai',
  'Thanh Trì', 'Thường Tín', 'Ứng Hòa',
]

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="space-y-4 rounded-lg bg-white p-6 shadow-sm">
      <h2 className="text-lg font-semibold">{title}</h2>
      {children}
    </section>
  )
}

export function ListingForm(props: ListingFormProps) {
  const { type, kind, mode, orgs, defaults, suggestions, images, open, foreignExpert, openCap, lastResult, unknownOccupations = [], cancelTo } = props
  const { t } = useTranslation()
  const navigation = useNavigation()
  const schema = useMemo(
    () => (type === 'need' ? needFormSchema(kind as NeedKind, { mode, open, foreignExpert }) : offerFormSchema(kind as OfferKind, { mode, open, foreignExpert })),
    [type, kind, mode, open, foreignExpert],
  )
  const constraint = useMemo(() => requiredConstraint(schema), [schema])
  const [form, fields] = useForm<Record<string, FormValue>, NeedForm | OfferForm>({
    id: `${type}-${kind}-${mode}`,
    lastResult,
    defaultValue: defaults,
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
    constraint,
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
  })
  const f = fields as Record<string, Meta>
  const field = (name: string): Meta => f[name]!

  // Not the fields' own ids (`${form.id}-occupations` is the occupations' first box, where the error summary links).
  const lists = { occupations: `${form.id}-occupation-suggestions`, skills: `${form.id}-skill-suggestions`, districts: `${form.id}-district-suggestions` }
  const formErrors = form.errors ?? []
  const submitting = navigation.state === 'submitting'
  const kindFields = type === 'need' ? NEED_FIELDS[kind as NeedKind] : OFFER_FIELDS[kind as OfferKind]
  const sections = kindFields({ field, lists, foreignExpert, t })
  const asksOtherLanguage = (ASKS_OTHER_LANGUAGE[type] as readonly string[]).includes(kind)
  // Kinds that do not ask keep what the listing has (an import may have set it).
  const keptOtherLanguage = asksOtherLanguage || unknownOccupations.length ? [] : ((defaults.occupationsOther as string[] | undefined) ?? [])

  return (
    <Form method="post" encType="multipart/form-data" {...getFormProps(form)} className="space-y-6">
      <FormErrorSummary form={form} />
      {formErrors.length > 0 && (
        <Notice tone="error">
          {formErrors.map((error) => (
            <p key={error}>{t(error as never, { cap: openCap }) as string}</p>
          ))}
        </Notice>
      )}
      <datalist id={lists.occupations}>
        {suggestions.occupations.map((o) => (
          <option key={o.value} value={o.value} label={o.label} />
        ))}
      </datalist>
      <datalist id={lists.skills}>
        {suggestions.skills.map((skill) => (
          <option key={skill} value={skill} />
        ))}
      </datalist>
      <datalist id={lists.districts}>
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

      <Section title={t('listings.sections.what')}>
        {sections.what}
        {unknownOccupations.length > 0 && (
          <UnknownOccupations
            hints={unknownOccupations}
            otherLanguage={asksOtherLanguage ? null : <OtherLanguageOccupations field={field} lists={lists} />}
          />
        )}
        {keptOtherLanguage.map((name, index) => (
          <input key={index} type="hidden" name={`occupationsOther[${index}]`} value={name} />
        ))}
      </Section>
      {sections.money && <Section title={t('listings.sections.money')}>{sections.money}</Section>}
      {sections.contact && <Section title={t('listings.sections.contact')}>{sections.contact}</Section>}

      <Section title={t('listings.sections.when')}>
        <div className="grid gap-4 sm:grid-cols-2">
          <TextInput meta={field('startDate')} label={t('listings.fields.startDate')} type="date" />
          <TextInput
            meta={field('endDate')}
            label={sections.endDate?.label ?? t('listings.fields.endDate')}
            type="date"
            hint={sections.endDate?.hint ?? t('listings.form.endDateHint')}
          />
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
