import { z } from 'zod'
import { isCalendarDate } from '~/modules/import/format'
import { CURRENCIES, isCurrency, type Currency } from '~/utils/money'
import { parseAmount, todayInHanoi } from './amounts'
import type { NeedValues, OfferValues } from './values'
import {
  DESCRIPTION_MAX,
  EQUIPMENT_CONDITIONS,
  EQUIPMENT_TERMS,
  IMAGE_CONTENT_TYPES,
  MAX_IMAGE_BYTES,
  MAX_IMAGES_PER_LISTING,
  QUANTITY_MAX,
  RATE_UNITS,
  TERM_MAX,
  TERMS_MAX,
  TITLE_MAX,
  WORK_MODES,
  WORK_PERMIT_STATUSES,
  type NeedKind,
  type OfferKind,
} from './vocabulary'

// The listing forms' one set of Zod schemas, shared by the browser (Conform's client
// validation) and the server. No server imports here. Messages are translation keys.
//
// A form posts strings; each kind's schema turns them into `NeedValues` / `OfferValues`:
// column values (amounts as integer minor units, dates "YYYY-MM-DD") plus the kind-specific
// `details` JSON, itself validated by the kind's details schema (details.ts).

const requiredText = (max: number) =>
  z.string({ error: 'validation.required' }).trim().min(1, 'validation.required').max(max, 'validation.tooLong')

/** Conform turns an empty field into undefined; whitespace-only text counts as empty too. */
const optionalText = (max: number) => z.string().trim().max(max, 'validation.tooLong').optional()

/**
 * Occupations, skills, districts: repeated inputs, each of which may also hold several
 * entries separated by commas or semicolons. Empty boxes are ignored, duplicates dropped.
 */
const termList = (minimum: 0 | 1) =>
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

const dateField = z
  .string({ error: 'validation.required' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'listings.validation.date', abort: true })
  .refine(isCalendarDate, 'listings.validation.date')

const positiveInt = z
  .number({ error: (issue) => (issue.input === undefined ? 'validation.required' : 'listings.validation.wholeNumber') })
  .int('listings.validation.wholeNumber')
  .min(1, 'listings.validation.positive')
  .max(QUANTITY_MAX, 'listings.validation.tooLarge')

const amountText = z.string().trim().max(40, 'listings.validation.amount').optional()
const currencyField = z.enum(CURRENCIES, { error: 'validation.choose' }).optional()
const languageList = (minimum: 0 | 1) =>
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
const commonFields = {
  /** create: "publish" (the default button) or "draft" */
  intent: z.enum(['publish', 'draft'], { error: 'validation.invalid' }).optional(),
  /** the posting organisation (create, needs and business offers) */
  orgKey: z.string().trim().max(64, 'validation.invalid').optional(),
  title: requiredText(TITLE_MAX),
  description: optionalText(DESCRIPTION_MAX),
  startDate: dateField,
  endDate: dateField,
  image: imageField,
  imageAlt: optionalText(200),
  removeImages: z.array(z.string().max(64, 'validation.invalid')).max(MAX_IMAGES_PER_LISTING, 'validation.invalid').optional(),
}

export type FormOptions = {
  mode: 'create' | 'edit'
  /** edit: whether the listing is open, so its end date may not be in the past */
  open?: boolean
  /** expert services: a foreign expert on site states their work-permit status */
  foreignExpert?: boolean
  /** "YYYY-MM-DD"; defaults to today in Hà Nội (tests fix it) */
  today?: string
}

type Ctx = z.RefinementCtx
type Raw = Record<string, unknown>

const str = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined)

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

/** readAmount, reporting its problem next to the field. */
function checkAmount(ctx: Ctx, raw: Raw, amountField: string, currencyField: string, required = false) {
  const { money, issue } = readAmount(raw, amountField, currencyField, required)
  if (issue) ctx.addIssue({ code: 'custom', path: [issue.path], message: issue.message })
  return money
}

/** The amount of an already validated form. */
const amountOf = (raw: Raw, amountField: string, currencyField: string) => readAmount(raw, amountField, currencyField).money

/** Dates ordered; an end date in the past only for listings that stay closed. */
function checkDates(ctx: Ctx, raw: Raw, options: FormOptions) {
  const start = str(raw.startDate)
  const end = str(raw.endDate)
  if (!start || !end || !isCalendarDate(start) || !isCalendarDate(end)) return
  if (end < start) {
    ctx.addIssue({ code: 'custom', path: ['endDate'], message: 'listings.validation.endBeforeStart' })
    return
  }
  const willBeOpen = options.mode === 'create' ? raw.intent !== 'draft' : Boolean(options.open)
  if (willBeOpen && end < (options.today ?? todayInHanoi())) {
    ctx.addIssue({ code: 'custom', path: ['endDate'], message: 'listings.validation.endInPast' })
  }
}

/** The shared part of every form's output. */
type FormBase = {
  intent?: 'publish' | 'draft'
  orgKey?: string
  image?: File
  imageAlt?: string
  removeImages?: string[]
}

export type NeedForm = FormBase & { values: NeedValues }
export type OfferForm = FormBase & { values: OfferValues }

function formBase(value: FormBase): FormBase {
  return { intent: value.intent, orgKey: value.orgKey, image: value.image, imageAlt: value.imageAlt, removeImages: value.removeImages }
}

/** The values every kind's form fills in the same way (forms without skills have none). */
function baseValues(value: { title: string; description?: string; occupations: string[]; skills?: string[]; startDate: string; endDate: string }) {
  const { title, description = '', occupations, skills = [], startDate, endDate } = value
  return { title, description, occupations, skills, startDate, endDate }
}

/** Drops empty optional entries so the stored details hold only what was said. */
function compact<T extends Record<string, unknown>>(details: T): T {
  return Object.fromEntries(Object.entries(details).filter(([, v]) => v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0))) as T
}

/**
 * Runs cross-field checks even when single fields already failed, so the form shows every
 * problem at once. `refine` receives the raw object (fields may be missing or wrong).
 */
function withChecks<T extends z.ZodObject>(shape: T, options: FormOptions, refine?: (ctx: Ctx, raw: Raw) => void) {
  return shape.superRefine(
    (value, ctx) => {
      const raw = value as Raw
      checkDates(ctx, raw, options)
      refine?.(ctx, raw)
    },
    { when: () => true },
  )
}

// ───────────────────────────── needs ─────────────────────────────

const fundingFields = { fundingAmount: amountText, fundingCurrency: currencyField }

function fundingOf(raw: Raw) {
  const money = amountOf(raw, 'fundingAmount', 'fundingCurrency')
  return { fundingGoal: money?.minor ?? null, fundingCurrency: money?.currency ?? null }
}

function internshipNeedSchema(options: FormOptions) {
  const shape = z.object({
    ...commonFields,
    occupations: termList(1),
    skills: termList(0),
    quantity: positiveInt,
    siteRequirements: optionalText(2000),
    stipendAmount: amountText,
    stipendCurrency: currencyField,
    supervisorContact: optionalText(300),
    ...fundingFields,
  })
  return withChecks(shape, options, (ctx, raw) => {
    checkAmount(ctx, raw, 'stipendAmount', 'stipendCurrency')
    checkAmount(ctx, raw, 'fundingAmount', 'fundingCurrency')
  }).transform((value): NeedForm => {
    const stipend = amountOf(value, 'stipendAmount', 'stipendCurrency')
    return {
      ...formBase(value),
      values: {
        ...baseValues(value),
        quantity: value.quantity,
        // A stipend the college hopes for, per student and month.
        budgetAmount: stipend?.minor ?? null,
        budgetCurrency: stipend?.currency ?? null,
        budgetPer: stipend ? 'month' : null,
        languages: [],
        onSite: true,
        ...fundingOf(value),
        acceptedTerms: [],
        estimatedValue: null,
        details: compact({ siteRequirements: value.siteRequirements, supervisorContact: value.supervisorContact }),
      },
    }
  })
}

function equipmentNeedSchema(options: FormOptions) {
  const shape = z.object({
    ...commonFields,
    item: requiredText(300),
    purpose: optionalText(2000),
    quantity: positiveInt,
    occupations: termList(1),
    skills: termList(0),
    acceptedTerms: z
      .array(z.enum(EQUIPMENT_TERMS, { error: 'validation.invalid' }))
      .optional()
      .transform((terms) => EQUIPMENT_TERMS.filter((term) => terms?.includes(term)))
      .pipe(z.array(z.enum(EQUIPMENT_TERMS)).min(1, 'listings.validation.atLeastOneTerm')),
    currency: currencyField,
    leaseBudget: amountText,
    estimatedValue: amountText,
    ...fundingFields,
  })
  return withChecks(shape, options, (ctx, raw) => {
    const terms = Array.isArray(raw.acceptedTerms) ? raw.acceptedTerms : [raw.acceptedTerms]
    if (str(raw.leaseBudget) && !terms.includes('lease')) {
      ctx.addIssue({ code: 'custom', path: ['leaseBudget'], message: 'listings.validation.leaseBudgetWithoutLease' })
    } else {
      checkAmount(ctx, raw, 'leaseBudget', 'currency')
    }
    checkAmount(ctx, raw, 'estimatedValue', 'currency')
    checkAmount(ctx, raw, 'fundingAmount', 'fundingCurrency')
  }).transform((value): NeedForm => {
    const lease = amountOf(value, 'leaseBudget', 'currency')
    const estimated = amountOf(value, 'estimatedValue', 'currency')
    const currency = lease?.currency ?? estimated?.currency ?? null
    return {
      ...formBase(value),
      values: {
        ...baseValues(value),
        quantity: value.quantity,
        budgetAmount: lease?.minor ?? null,
        // The estimated value shares the budget's currency (no column of its own).
        budgetCurrency: currency,
        budgetPer: lease ? 'month' : null,
        languages: [],
        onSite: true,
        ...fundingOf(value),
        acceptedTerms: value.acceptedTerms,
        estimatedValue: estimated?.minor ?? null,
        details: compact({ item: value.item, purpose: value.purpose }),
      },
    }
  })
}

function expertNeedSchema(options: FormOptions) {
  const shape = z.object({
    ...commonFields,
    subject: requiredText(300),
    occupations: termList(1),
    skills: termList(0),
    languages: languageList(1),
    mode: z.enum(WORK_MODES, { error: 'validation.choose' }),
    daysNeeded: positiveInt.max(3650, 'listings.validation.tooLarge'),
    budgetAmount: amountText,
    budgetCurrency: currencyField,
    budgetPer: z.enum(RATE_UNITS, { error: 'validation.choose' }).optional(),
    ...fundingFields,
  })
  return withChecks(shape, options, (ctx, raw) => {
    if (checkAmount(ctx, raw, 'budgetAmount', 'budgetCurrency') && !str(raw.budgetPer)) {
      ctx.addIssue({ code: 'custom', path: ['budgetPer'], message: 'validation.choose' })
    }
    checkAmount(ctx, raw, 'fundingAmount', 'fundingCurrency')
  }).transform((value): NeedForm => {
    const budget = amountOf(value, 'budgetAmount', 'budgetCurrency')
    return {
      ...formBase(value),
      values: {
        ...baseValues(value),
        quantity: 1,
        budgetAmount: budget?.minor ?? null,
        budgetCurrency: budget?.currency ?? null,
        budgetPer: budget ? (value.budgetPer ?? null) : null,
        languages: value.languages,
        onSite: value.mode === 'onsite',
        ...fundingOf(value),
        acceptedTerms: [],
        estimatedValue: null,
        details: compact({ subject: value.subject, daysNeeded: value.daysNeeded }),
      },
    }
  })
}

export function needFormSchema(kind: NeedKind, options: FormOptions) {
  switch (kind) {
    case 'internship':
      return internshipNeedSchema(options)
    case 'equipment':
      return equipmentNeedSchema(options)
    case 'expert':
      return expertNeedSchema(options)
  }
}

// ───────────────────────────── offers ─────────────────────────────

function placementOfferSchema(options: FormOptions) {
  const shape = z.object({
    ...commonFields,
    occupations: termList(1),
    skills: termList(0),
    capacity: positiveInt,
    site: optionalText(200),
    siteAddress: requiredText(300),
    stipendAmount: amountText,
    stipendCurrency: currencyField,
    mentorContact: optionalText(300),
    languages: languageList(0),
  })
  return withChecks(shape, options, (ctx, raw) => {
    checkAmount(ctx, raw, 'stipendAmount', 'stipendCurrency')
  }).transform((value): OfferForm => {
    const stipend = amountOf(value, 'stipendAmount', 'stipendCurrency')
    return {
      ...formBase(value),
      values: {
        ...baseValues(value),
        capacity: value.capacity,
        // The stipend paid to each student per month.
        priceAmount: stipend?.minor ?? null,
        priceCurrency: stipend?.currency ?? null,
        pricePer: stipend ? 'month' : null,
        equipmentTerms: null,
        languages: value.languages,
        remote: false,
        details: compact({ site: value.site, siteAddress: value.siteAddress, mentorContact: value.mentorContact }),
      },
    }
  })
}

function equipmentOfferSchema(options: FormOptions) {
  const shape = z.object({
    ...commonFields,
    occupations: termList(0),
    skills: termList(0),
    capacity: positiveInt,
    equipmentTerms: z.enum(EQUIPMENT_TERMS, { error: 'validation.choose' }),
    condition: z.enum(EQUIPMENT_CONDITIONS, { error: 'validation.choose' }),
    currency: currencyField,
    monthlyPrice: amountText,
    deposit: amountText,
    returnTerms: optionalText(2000),
    pickupArea: optionalText(200),
  })
  return withChecks(shape, options, (ctx, raw) => {
    const lease = raw.equipmentTerms === 'lease'
    if (lease) checkAmount(ctx, raw, 'monthlyPrice', 'currency', true)
    else if (str(raw.monthlyPrice)) ctx.addIssue({ code: 'custom', path: ['monthlyPrice'], message: 'listings.validation.priceOnlyForLease' })
    if (raw.equipmentTerms === 'donate' && str(raw.deposit)) {
      ctx.addIssue({ code: 'custom', path: ['deposit'], message: 'listings.validation.depositNotForDonation' })
    } else {
      checkAmount(ctx, raw, 'deposit', 'currency')
    }
  }).transform((value): OfferForm => {
    const price = value.equipmentTerms === 'lease' ? amountOf(value, 'monthlyPrice', 'currency') : null
    const deposit = amountOf(value, 'deposit', 'currency')
    return {
      ...formBase(value),
      values: {
        ...baseValues(value),
        capacity: value.capacity,
        priceAmount: price?.minor ?? null,
        priceCurrency: price?.currency ?? null,
        pricePer: price ? 'month' : null,
        equipmentTerms: value.equipmentTerms,
        languages: [],
        remote: false,
        details: compact({
          condition: value.condition,
          deposit: deposit ? { amount: deposit.minor, currency: deposit.currency } : undefined,
          returnTerms: value.equipmentTerms === 'donate' ? undefined : value.returnTerms,
          pickupArea: value.pickupArea,
        }),
      },
    }
  })
}

function sponsorshipOfferSchema(options: FormOptions) {
  const shape = z.object({
    ...commonFields,
    amount: amountText,
    currency: currencyField,
    occupations: termList(0),
    districts: termList(0),
  })
  return withChecks(shape, options, (ctx, raw) => {
    checkAmount(ctx, raw, 'amount', 'currency', true)
  }).transform((value): OfferForm => {
    const amount = amountOf(value, 'amount', 'currency')
    return {
      ...formBase(value),
      values: {
        ...baseValues(value),
        capacity: null,
        priceAmount: amount?.minor ?? null,
        priceCurrency: amount?.currency ?? null,
        pricePer: 'total',
        equipmentTerms: null,
        languages: [],
        remote: false,
        details: compact({ districts: value.districts }),
      },
    }
  })
}

function expertServiceSchema(options: FormOptions) {
  const shape = z.object({
    ...commonFields,
    occupations: termList(1),
    skills: termList(0),
    rateAmount: amountText,
    rateCurrency: currencyField,
    ratePer: z.enum(RATE_UNITS, { error: 'validation.choose' }),
    languages: languageList(1),
    mode: z.enum(WORK_MODES, { error: 'validation.choose' }),
    availability: optionalText(1000),
    workPermit: z.enum(WORK_PERMIT_STATUSES, { error: 'validation.choose' }).optional(),
  })
  return withChecks(shape, options, (ctx, raw) => {
    checkAmount(ctx, raw, 'rateAmount', 'rateCurrency', true)
    if (options.foreignExpert && raw.mode === 'onsite' && !str(raw.workPermit)) {
      ctx.addIssue({ code: 'custom', path: ['workPermit'], message: 'listings.validation.workPermitRequired' })
    }
  }).transform((value): OfferForm => {
    const rate = amountOf(value, 'rateAmount', 'rateCurrency')
    const onSite = value.mode === 'onsite'
    return {
      ...formBase(value),
      values: {
        ...baseValues(value),
        capacity: 1,
        priceAmount: rate?.minor ?? null,
        priceCurrency: rate?.currency ?? null,
        pricePer: value.ratePer,
        equipmentTerms: null,
        languages: value.languages,
        remote: !onSite,
        details: compact({ availability: value.availability, workPermit: onSite && options.foreignExpert ? value.workPermit : undefined }),
      },
    }
  })
}

export function offerFormSchema(kind: OfferKind, options: FormOptions) {
  switch (kind) {
    case 'placement':
      return placementOfferSchema(options)
    case 'equipment':
      return equipmentOfferSchema(options)
    case 'sponsorship':
      return sponsorshipOfferSchema(options)
    case 'expert_service':
      return expertServiceSchema(options)
  }
}
