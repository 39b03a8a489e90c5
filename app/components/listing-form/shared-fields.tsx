import type { TFunction } from 'i18next'
import { useFetcher } from '@remix-run/react'
import { useRef, useState, type FocusEvent, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { languageName, useLanguage } from '~/components/listings'
import { COMMON_LANGUAGES, RATE_UNITS, WORK_MODES } from '~/modules/listings/vocabulary'
import { CURRENCIES } from '~/utils/money'
import { Choices, MoneyInput, Select, TermsInput, TextInput, initialList, option, type Meta } from './fields'

// What a kind of listing adds to the form, and the pieces several kinds ask for, often a need
// and an offer alike (an internship's stipend, an expert's languages and rate, equipment's
// currency).

/** What a kind's fields get from the form. */
export type KindContext = {
  field: (name: string) => Meta
  /** the ids of the suggestion <datalist>s */
  lists: { occupations: string; skills: string; districts: string }
  /** expert services: the expert is foreign, so on-site work needs a work-permit status */
  foreignExpert: boolean
  t: TFunction
}

/** A kind's own fields by the section they stand in; the form puts the common ones around them. */
export type KindSections = {
  what: ReactNode
  money?: ReactNode
  contact?: ReactNode
  /** what the end date means for this kind, when not simply "until" (training orders: ready by) */
  endDate?: { label: string; hint: string }
}

export type KindFields = (context: KindContext) => KindSections

type TermsProps = Pick<KindContext, 'field' | 'lists'>

type Suggestion = { value: string; label: string; known: boolean }

/**
 * With script: when the poster leaves an occupation box holding a name the taxonomy does not
 * know, the nearest known occupations (/occupations/suggest), each a button that puts it in
 * the box. Without script the server answers the submission with the same suggestions.
 */
function useOccupationSuggestions() {
  const fetcher = useFetcher<{ suggestions: Suggestion[] }>()
  const wrapper = useRef<HTMLDivElement>(null)
  // The box by name: validating on blur may render the boxes anew.
  const [box, setBox] = useState<{ name: string; text: string } | null>(null)
  const onBlur = (event: FocusEvent<HTMLDivElement>) => {
    const input = event.target
    if (!(input instanceof HTMLInputElement) || !input.name.startsWith('occupations[')) return
    const text = input.value.split(',')[0]?.trim() ?? ''
    // Pressing a suggestion blurs the box first: asking again would hide the buttons mid-click.
    if (text.length < 3 || (box?.name === input.name && box.text === text)) return
    setBox({ name: input.name, text })
    fetcher.load(`/occupations/suggest?${new URLSearchParams({ q: text })}`)
  }
  const suggestions = fetcher.state === 'idle' && box && fetcher.data?.suggestions[0]?.known === false ? fetcher.data.suggestions.slice(0, 3) : []
  const use = (value: string) => {
    const input = box && wrapper.current?.querySelector<HTMLInputElement>(`input[name="${CSS.escape(box.name)}"]`)
    if (!input) return
    input.value = value
    // Conform listens for input events.
    input.dispatchEvent(new Event('input', { bubbles: true }))
    setBox(null)
  }
  return { wrapper, onBlur, suggestions, use, typed: box?.text ?? '' }
}

export function Occupations({ field, lists, label, hint }: TermsProps & { label?: string; hint?: string }) {
  const { t } = useTranslation()
  const { wrapper, onBlur, suggestions, use, typed } = useOccupationSuggestions()
  return (
    <div ref={wrapper} onBlur={onBlur}>
      <TermsInput
        meta={field('occupations')}
        label={label ?? t('listings.fields.occupations')}
        hint={hint ?? t('listings.form.occupationsHint')}
        list={lists.occupations}
        minBoxes={2}
      />
      {suggestions.length > 0 && (
        <div role="status" className="mt-2 flex flex-wrap items-center gap-2 text-sm" data-testid="occupation-suggestions">
          <span>{t('listings.unknownOccupations.didYouMean', { name: typed })}</span>
          {suggestions.map((s) => (
            // Focus stays where it is: a blur would validate that field, and the message it shows can move the button from under the pointer.
            <button key={s.value} type="button" onMouseDown={(event) => event.preventDefault()} onClick={() => use(s.value)} className="rounded-md border border-slate-300 bg-white px-2 py-1 hover:bg-slate-50" title={s.label}>
              {s.value}
            </button>
          ))}
        </div>
      )}
    </div>
  )
}

/** The same occupations in the other language (Vietnamese ↔ English), so international experts find the listing. */
export function OtherLanguageOccupations({ field, lists }: TermsProps) {
  const { t } = useTranslation()
  return (
    <TermsInput
      meta={field('occupationsOther')}
      label={t('listings.fields.occupationsOther')}
      hint={t('listings.form.occupationsOtherHint')}
      list={lists.occupations}
      minBoxes={2}
    />
  )
}

export function Skills({ field, lists }: TermsProps) {
  const { t } = useTranslation()
  return <TermsInput meta={field('skills')} label={t('listings.fields.skills')} hint={t('listings.form.skillsHint')} list={lists.skills} />
}

/** What both sides of an internship ask first: the occupations and skills, how many students. */
export function InternshipBasics({ count, countLabel, ...terms }: TermsProps & { count: Meta; countLabel: string }) {
  return (
    <>
      <Occupations {...terms} />
      <Skills {...terms} />
      <TextInput meta={count} label={countLabel} inputMode="numeric" />
    </>
  )
}

/** A monthly stipend per student: expected by a college, offered by a business. */
export function Stipend({ field, label }: { field: KindContext['field']; label: string }) {
  return <MoneyInput amount={field('stipendAmount')} currency={field('stipendCurrency')} label={label} />
}

/** The funding goal every need may state. */
export function Funding({ field }: { field: KindContext['field'] }) {
  const { t } = useTranslation()
  return <MoneyInput amount={field('fundingAmount')} currency={field('fundingCurrency')} label={t('listings.fields.fundingGoal')} hint={t('listings.form.fundingHint')} />
}

/** Languages to tick: the common ones and any other the listing already has. */
export function Languages({ meta, label }: { meta: Meta; label: string }) {
  const lng = useLanguage()
  const codes = [...new Set([...COMMON_LANGUAGES, ...initialList(meta)])]
  return <Choices meta={meta} label={label} multiple options={codes.map((code) => option(code, languageName(code, lng)))} />
}

/** An expert, needed or offered: the teaching languages and whether the work is on site. */
export function ExpertWork({ field }: { field: KindContext['field'] }) {
  const { t } = useTranslation()
  return (
    <>
      <Languages meta={field('languages')} label={t('listings.fields.teachingLanguages')} />
      <Choices meta={field('mode')} label={t('listings.fields.mode')} options={WORK_MODES.map((mode) => option(mode, t(`listings.modes.${mode}`)))} />
    </>
  )
}

/** An expert's budget (needs) or rate (services), per hour, day or in total. */
export function Rate({ amount, currency, per, label }: { amount: Meta; currency: Meta; per: Meta; label: string }) {
  const { t } = useTranslation()
  const units = RATE_UNITS.map((unit) => option(unit, t(`listings.per.${unit}`)))
  return <MoneyInput amount={amount} currency={currency} per={per} perOptions={units} label={label} />
}

/** Equipment, needed or offered: one currency for its amounts. */
export function EquipmentCurrency({ field }: { field: KindContext['field'] }) {
  const { t } = useTranslation()
  return <Select meta={field('currency')} label={t('listings.fields.currency')} options={CURRENCIES.map((code) => option(code, code))} />
}
