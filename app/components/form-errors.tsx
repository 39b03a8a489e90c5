import type { FormMetadata } from '@conform-to/react'
import { useNavigation } from '@remix-run/react'
import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'

// The error summary every form shows at its top after a failed submit: how many problems, each
// linked to its field (a click moves focus into the field), and focus moved onto the summary so
// the keyboard and a screen reader start from it. It works in both worlds:
// - without JavaScript the server renders the failed form with the summary marked `autofocus`,
//   so the browser focuses it as the page loads;
// - with JavaScript (Conform's validation in the browser, or the server's answer to a fetch
//   submission) it appears, or changes, after a submit and takes focus then. Conform first moves
//   focus to the first invalid field; the summary takes it after that.
// Fields' labels come from `labels` where given; otherwise, in the browser, from each field's
// <label>, and without JavaScript the summary lists the messages alone (still linked).

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any form's metadata: only ids and errors are read
type AnyForm = FormMetadata<any, string[]>

/** The form's field errors (not its form-level ones, which forms show in their own notice), once per field. */
function fieldErrors(form: AnyForm): [name: string, messages: string[]][] {
  return Object.entries(form.allErrors ?? {}).filter(([name, messages]) => name !== '' && messages.length > 0)
}

/** A label's text without its required marker. */
function labelText(label: Element): string {
  const copy = label.cloneNode(true) as Element
  copy.querySelectorAll('[data-required-marker]').forEach((marker) => marker.remove())
  return copy.textContent?.trim() ?? ''
}

export function FormErrorSummary({ form, labels = {} }: { form: AnyForm; labels?: Record<string, string> }) {
  const { t } = useTranslation()
  const navigation = useNavigation()
  const errors = fieldErrors(form)
  const signature = JSON.stringify(errors)
  const summary = useRef<HTMLDivElement>(null)
  // A failed submit shows the summary; a server's failed answer (no JavaScript) comes with it.
  const [submitted, setSubmitted] = useState(form.status === 'error')
  const [submits, setSubmits] = useState(0)
  /** a submit whose errors are still to be focused */
  const pending = useRef(false)
  const [domLabels, setDomLabels] = useState<Record<string, string>>({})

  useEffect(() => {
    const element = document.getElementById(form.id)
    if (!element) return
    const onSubmit = () => {
      pending.current = true
      setSubmitted(true)
      setSubmits((count) => count + 1)
    }
    // Capture: before Conform's own handler, which may stop the submission.
    element.addEventListener('submit', onSubmit, true)
    return () => element.removeEventListener('submit', onSubmit, true)
  }, [form.id])

  // A submission that reached the server and came back without errors has nothing to focus.
  const navigating = useRef(false)
  useEffect(() => {
    if (navigation.state !== 'idle') navigating.current = true
    else if (navigating.current) {
      navigating.current = false
      if (errors.length === 0) pending.current = false
    }
  }, [navigation.state, errors.length])

  useEffect(() => {
    if (errors.length === 0) return
    const found: Record<string, string> = {}
    for (const [name] of errors) {
      const id = `${form.id}-${name}`
      // The field's <label>, or the legend of the group it opens (choices, lists of terms).
      const label = document.querySelector(`label[for="${CSS.escape(id)}"]`) ?? document.getElementById(id)?.closest('fieldset')?.querySelector('legend')
      if (label) found[name] = labelText(label)
    }
    setDomLabels(found)
    if (pending.current) {
      pending.current = false
      summary.current?.focus()
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the errors are what `signature` says
  }, [signature, submits, form.id])

  if (!submitted || errors.length === 0) return null
  return (
    <div
      ref={summary}
      id={`${form.id}-error-summary`}
      tabIndex={-1}
      // The server's rendering of a failed submit: the browser focuses it as the page loads.
      autoFocus={form.status === 'error'}
      aria-labelledby={`${form.id}-error-summary-title`}
      className="w-full basis-full rounded-md border-2 border-red-700 bg-red-50 p-4 text-sm text-red-900 focus:outline-none focus-visible:ring-2 focus-visible:ring-red-700"
    >
      <h2 id={`${form.id}-error-summary-title`} className="font-semibold">
        {t('forms.summary.title', { count: errors.length })}
      </h2>
      <ul className="mt-2 list-disc space-y-1 pl-5">
        {errors.map(([name, messages]) => {
          const label = labels[name] ?? domLabels[name]
          return (
            <li key={name}>
              <a href={`#${form.id}-${name}`} className="text-red-900 underline">
                {label ? `${label}: ` : ''}
                {messages.map((message) => t(message as never) as string).join(' ')}
              </a>
            </li>
          )
        })}
      </ul>
    </div>
  )
}

/**
 * The visible mark of a required field, inside its label (left out of the summary's copy of the
 * label). Hidden from screen readers: the control's own `required`/`aria-required` says it.
 */
export function RequiredMarker() {
  const { t } = useTranslation()
  return (
    <span data-required-marker="" aria-hidden="true" className="ml-0.5 text-red-700" title={t('forms.required')}>
      *
    </span>
  )
}
