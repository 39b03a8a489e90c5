import { z } from 'zod'
import { isCalendarDate } from '~/modules/import/format'
import { CURRENCIES, isCurrency, type Currency } from '~/utils/money'
import { parseAmount } from './amounts'
import {
  DESCRIPTION_MAX,
  IMAGE_CONTENT_TYPES,
  MAX_IMAGE_BYTES,
  MAX_IMAGES_PER_LISTING,
  QUANTITY_MAX,
  RATE_UNITS,
  TERM_MAX,
  TERMS_MAX,
  TITLE_MAX,
  WORK_MODES,
} from './vocabulary'

// The listing forms' fields, one schema each, and the groups of them several kinds ask for
// (form-schemas.ts puts them together per kind). Shared with the browser: no server imports.
// Messages are translation keys.

export const requiredText = (max: number) =>
  z.string({ error: 'validation.required' }).trim().min(1, 'validation.required').max(max, 'validation.tooLong')

/** Conform turns an empty field into undefined; whitespace-only text counts as empty too. */
export const optionalText = (max: number) => z.string().trim().max(max, 'validation.tooLong').optional()

/**
 * Occupations, skills, districts: repeated inputs, each of which may also hold several
 * entries separated by commas or semicolons. Empty boxes are ignored, duplicates dropped.
 */
export const termList = (minimum: 0 | 1) =>
  z
    .array(z.string().optional())
    .optional()
    .transform((items) => splitTerms(items ?? []))
    .pipe(
      z
        .array(z.string().max(TERM_MAX, 'listings.validation.termTooLong'))
        .min(minimum, 'listings.validation.atLeastOneOccupation')
        .max(TERMS_MAX, 'listings.validation.tooManyTerms'),
    )

export function splitTerms(items: readonly (string | undefined)[]): string[] {
  const seen = new Set<string>()
  const terms: string[] = []
  for (const item of items) {
    for (const part of (item ?? '').split(/[,;\n]/)) {
      const term = part.trim().replace(/\s+/g, ' ')
      if (!term || seen.has(term.toLocaleLowerCase('vi'))) continue
      seen.add(term.toLocaleLowerCase('vi'))
      terms.push(term)
    }
  }
  return terms
}

/** A calendar date as a date input sends it (YYYY-MM-DD), and a real one. */
export const dateField = z
  .string({ error: 'validation.required' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'listings.validation.date', abort: true })
  .refine(isCalendarDate, 'listings.validation.date')

export const positiveInt = z
  .number({ error: (issue) => (issue.input === undefined ? 'validation.required' : 'listings.validation.wholeNumber') })
  .int('listings.validation.wholeNumber')
  .min(1, 'listings.validation.positive')
  .max(QUANTITY_MAX, 'listings.validation.tooLarge')

const amountText = z.string().trim().max(40, 'listings.validation.amount').optional()
const currencyField = z.enum(CURRENCIES, { error: 'validation.choose' }).optional()
export const languageList = (minimum: 0 | 1) =>
  z
    .array(z.string({ error: 'validation.invalid' }).regex(/^[a-z]{2}$/, 'validation.invalid'))
    .optional()
    .transform((codes) => [...new Set(codes ?? [])])
    .pipe(z.array(z.string()).min(minimum, 'listings.validation.atLeastOneLanguage'))

const imageField = z
  .file()
  .max(MAX_IMAGE_BYTES, 'listings.validation.imageTooLarge')
  .mime([...IMAGE_CONTENT_TYPES], 'listings.validation.imageType')
  .optional()

/** Every listing form: which button was pressed, who posts, what it is, when, pictures. */
export const commonFields = {
  /** create: "publish" (the default button) or "draft" */
  intent: z.enum(['publish', 'draft'], { error: 'validation.invalid' }).optional(),
  /** the posting organisation (create, needs and business offers) */
  orgKey: z.string().trim().max(64, 'validation.invalid').optional(),
  title: requiredText(TITLE_MAX),
  description: optionalText(DESCRIPTION_MAX),
  /** the occupations in the other language (Vietnamese ↔ English): asked of expert listings and of names the taxonomy does not know */
  occupationsOther: termList(0),
  startDate: dateField,
  endDate: dateField,
  image: imageField,
  imageAlt: optionalText(200),
  removeImages: z.array(z.string().max(64, 'validation.invalid')).max(MAX_IMAGES_PER_LISTING, 'validation.invalid').optional(),
}

export type Ctx = z.RefinementCtx
export type Raw = Record<string, unknown>

export const str = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined)

type AmountRead = { money: { minor: number; currency: Currency } | null; issue?: { path: string; message: string } }

/** An optional (or required) amount typed in major units, read against its currency field. */
function readAmount(raw: Raw, amountField: string, currencyField: string, required = false): AmountRead {
  const text = str(raw[amountField])
  const currency = str(raw[currencyField])
  if (!text) return { money: null, issue: required ? { path: amountField, message: 'validation.required' } : undefined }
  if (!currency || !isCurrency(currency)) return { money: null, issue: { path: currencyField, message: 'validation.choose' } }
  const parsed = parseAmount(text, currency)
  if (!parsed.ok) return { money: null, issue: { path: amountField, message: parsed.error } }
  return { money: { minor: parsed.minor, currency } }
}

export type Money = NonNullable<AmountRead['money']>

/**
 * An amount field and the currency field it is read against (several amounts may share one):
 * their schemas, the check that reports a problem next to the field, and the amount of an
 * already validated form.
 */
export function moneyField<A extends string, C extends string>(amountName: A, currencyName: C) {
  return {
    fields: { [amountName]: amountText, [currencyName]: currencyField } as Record<A, typeof amountText> & Record<C, typeof currencyField>,
    check(ctx: Ctx, raw: Raw, required = false): Money | null {
      const { money, issue } = readAmount(raw, amountName, currencyName, required)
      if (issue) ctx.addIssue({ code: 'custom', path: [issue.path], message: issue.message })
      return money
    },
    of: (value: Raw): Money | null => readAmount(value, amountName, currencyName).money,
  }
}

/** The occupations a listing is for (at least one, or none needed) and the skills it names. */
export const occupationFields = (minimum: 0 | 1) => ({ occupations: termList(minimum), skills: termList(0) })
/** An expert's languages and whether they work on site. */
export const expertFields = { languages: languageList(1), mode: z.enum(WORK_MODES, { error: 'validation.choose' }) }
/** What an expert's budget or rate is per. */
export const rateUnit = z.enum(RATE_UNITS, { error: 'validation.choose' })

/** An optional email address (a contact's): blank is none; anything else must be an address. */
export const optionalEmail = z
  .string()
  .trim()
  .max(254, 'validation.email')
  .pipe(z.union([z.literal(''), z.email('validation.email')]))
  .optional()

/**
 * An optional telephone number: digits with the usual separators (spaces, dots, dashes,
 * brackets) and an optional leading +, 8 to 15 digits (a Vietnamese number is 10, with the
 * country code +84 11; E.164 allows at most 15).
 */
export const optionalPhone = z
  .string()
  .trim()
  .max(30, 'validation.phone')
  .refine((value) => value === '' || (/^\+?[\d\s().-]+$/.test(value) && /^\d{8,15}$/.test(value.replace(/\D/g, ''))), 'validation.phone')
  .optional()
