import { z } from 'zod'
import { isCalendarDate } from '~/modules/import/format'
import { CURRENCIES, isCurrency, minorDigits, type Currency } from '~/utils/money'

// The listing forms' one set of Zod schemas, shared by the browser (Conform's client
// validation) and the server. No server imports here. Messages are translation keys.
//
// A form posts strings; each kind's schema turns them into `NeedValues` / `OfferValues`:
// column values (amounts as integer minor units, dates "YYYY-MM-DD") plus the kind-specific
// `details` JSON, itself validated by the kind's details schema below.

// ───────────────────────────── vocabulary ─────────────────────────────

export const NEED_KINDS = ['internship', 'equipment', 'expert'] as const
export type NeedKind = (typeof NEED_KINDS)[number]
export const OFFER_KINDS = ['placement', 'equipment', 'sponsorship', 'expert_service'] as const
export type OfferKind = (typeof OFFER_KINDS)[number]
export const EQUIPMENT_TERMS = ['donate', 'lend', 'lease'] as const
export type EquipmentTerm = (typeof EQUIPMENT_TERMS)[number]
export const PRICE_UNITS = ['hour', 'day', 'month', 'total'] as const
export type PriceUnit = (typeof PRICE_UNITS)[number]
/** How an expert (need or service) is paid. */
export const RATE_UNITS = ['hour', 'day', 'total'] as const
export const EQUIPMENT_CONDITIONS = ['new', 'like_new', 'good', 'fair', 'needs_repair'] as const
/**
 * A foreign expert working on site in Việt Nam: holds a work permit, is exempt (e.g. short
 * stays under Decree 152/2020), has applied, or needs the hiring college to apply.
 */
export const WORK_PERMIT_STATUSES = ['has_permit', 'exempt', 'in_progress', 'needs_sponsor'] as const
export const WORK_MODES = ['onsite', 'remote'] as const
/** Offered as checkboxes; a listing's own other codes are added to the list when editing. */
export const COMMON_LANGUAGES = ['vi', 'en', 'ja', 'ko', 'zh', 'de', 'fr'] as const

export const LISTING_STATUSES = ['draft', 'open', 'closed', 'filled', 'expired'] as const
export type ListingStatus = (typeof LISTING_STATUSES)[number]

/** What an owner may do to a listing's status (the manage routes' `intent`s, besides `duplicate`). */
export const STATUS_ACTIONS = {
  publish: { from: ['draft'], to: 'open' },
  close: { from: ['open'], to: 'closed' },
  reopen: { from: ['closed', 'filled', 'expired'], to: 'open' },
  fill: { from: ['open', 'closed'], to: 'filled' },
} as const satisfies Record<string, { from: readonly ListingStatus[]; to: ListingStatus }>
export type StatusAction = keyof typeof STATUS_ACTIONS
export const MANAGE_INTENTS = ['publish', 'close', 'reopen', 'fill', 'duplicate'] as const
export type ManageIntent = (typeof MANAGE_INTENTS)[number]

export function isManageIntent(value: unknown): value is ManageIntent {
  return typeof value === 'string' && (MANAGE_INTENTS as readonly string[]).includes(value)
}

/** The status actions that apply to a listing in `status`, in the order buttons show them. */
export function statusActionsFor(status: ListingStatus): StatusAction[] {
  return (Object.keys(STATUS_ACTIONS) as StatusAction[]).filter((action) =>
    (STATUS_ACTIONS[action].from as readonly ListingStatus[]).includes(status),
  )
}

export const MAX_IMAGE_BYTES = 5 * 1024 * 1024
export const IMAGE_CONTENT_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const
export type ImageContentType = (typeof IMAGE_CONTENT_TYPES)[number]
export const MAX_IMAGES_PER_LISTING = 4

export const TITLE_MAX = 200
export const DESCRIPTION_MAX = 5000
export const TERM_MAX = 120
export const TERMS_MAX = 20
/** Quantities and capacities (students, units, places). */
export const QUANTITY_MAX = 100_000

// ───────────────────────────── amounts and dates ─────────────────────────────

export type AmountError =
  | 'listings.validation.amount'
  | 'listings.validation.amountDecimals'
  | 'listings.validation.amountPositive'
  | 'listings.validation.amountTooLarge'

/**
 * A typed amount in major units → integer minor units. Accepts plain digits ("2500000"),
 * Vietnamese grouping ("2.500.000", "1.234,50"), English grouping ("2,500,000", "1,234.50")
 * and a plain decimal ("450.5", "450,5"). A group of exactly three digits after a dot or
 * comma is a thousands group, so "2.500" is two thousand five hundred.
 */
export function parseAmount(text: string, currency: Currency): { ok: true; minor: number } | { ok: false; error: AmountError } {
  const compact = text.replace(/\s|\u00a0|\u202f/g, '').replace(/^(us\$|\$|€|₫)|(vnđ|vnd|usd|eur|đ|₫|€)$/i, '')
  let whole: string
  let fraction = ''
  let match: RegExpExecArray | null
  if (/^\d+$/.test(compact)) whole = compact
  else if ((match = /^(\d{1,3}(?:\.\d{3})+)(?:,(\d+))?$/.exec(compact))) [whole, fraction] = [match[1]!.replace(/\./g, ''), match[2] ?? '']
  else if ((match = /^(\d{1,3}(?:,\d{3})+)(?:\.(\d+))?$/.exec(compact))) [whole, fraction] = [match[1]!.replace(/,/g, ''), match[2] ?? '']
  else if ((match = /^(\d+)[.,](\d+)$/.exec(compact))) [whole, fraction] = [match[1]!, match[2]!]
  else return { ok: false, error: 'listings.validation.amount' }
  const digits = minorDigits(currency)
  fraction = fraction.replace(/0+$/, '')
  if (fraction.length > digits) return { ok: false, error: 'listings.validation.amountDecimals' }
  const minor = BigInt(whole) * 10n ** BigInt(digits) + BigInt(fraction.padEnd(digits, '0') || '0')
  if (minor <= 0n) return { ok: false, error: 'listings.validation.amountPositive' }
  if (minor > BigInt(Number.MAX_SAFE_INTEGER)) return { ok: false, error: 'listings.validation.amountTooLarge' }
  return { ok: true, minor: Number(minor) }
}

/** Minor units → what the amount field shows: "2.500.000" / "1.234,50" (vi), "2,500,000" / "1,234.50" (en). */
export function formatAmountInput(minor: number, currency: Currency, lng: 'vi' | 'en'): string {
  const digits = minorDigits(currency)
  const factor = 10 ** digits
  const whole = Math.floor(minor / factor)
  const fraction = digits > 0 ? String(minor % factor).padStart(digits, '0') : ''
  const [group, decimal] = lng === 'vi' ? ['.', ','] : [',', '.']
  const grouped = String(whole).replace(/\B(?=(\d{3})+(?!\d))/g, group)
  return fraction && /[1-9]/.test(fraction) ? `${grouped}${decimal}${fraction}` : grouped
}

/** Today's calendar date in Hà Nội, "YYYY-MM-DD". */
export function todayInHanoi(now: Date = new Date()): string {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(now)
  const part = (type: string) => parts.find((p) => p.type === type)!.value
  return `${part('year')}-${part('month')}-${part('day')}`
}

// ───────────────────────────── details (stored JSON) ─────────────────────────────

// Keys whose name contains "contact", "phone", "email" or "address" are contact data, shown
// only to vetted viewers (see visibility.ts). Money inside details is { amount (minor units), currency }.
const storedText = z.string().max(DESCRIPTION_MAX)
const storedMoney = z.object({ amount: z.number().int().positive(), currency: z.enum(CURRENCIES) })

export const NEED_DETAILS_SCHEMAS = {
  internship: z.object({ siteRequirements: storedText.optional(), supervisorContact: storedText.optional() }),
  equipment: z.object({ item: storedText.optional(), purpose: storedText.optional() }),
  expert: z.object({ subject: storedText.optional(), daysNeeded: z.number().int().positive().optional() }),
} as const

export const OFFER_DETAILS_SCHEMAS = {
  placement: z.object({ site: storedText.optional(), siteAddress: storedText.optional(), mentorContact: storedText.optional() }),
  equipment: z.object({
    condition: z.enum(EQUIPMENT_CONDITIONS).optional(),
    deposit: storedMoney.optional(),
    returnTerms: storedText.optional(),
    pickupArea: storedText.optional(),
  }),
  sponsorship: z.object({ districts: z.array(storedText).optional() }),
  expert_service: z.object({ availability: storedText.optional(), workPermit: z.enum(WORK_PERMIT_STATUSES).optional() }),
} as const

export type NeedDetails = { [K in NeedKind]: z.infer<(typeof NEED_DETAILS_SCHEMAS)[K]> }
export type OfferDetails = { [K in OfferKind]: z.infer<(typeof OFFER_DETAILS_SCHEMAS)[K]> }

/** A listing's stored details for its kind; anything that does not fit (e.g. imported "{}") reads as no details. */
export function readNeedDetails<K extends NeedKind>(kind: K, json: unknown): NeedDetails[K] {
  const parsed = NEED_DETAILS_SCHEMAS[kind].safeParse(json)
  return (parsed.success ? parsed.data : {}) as NeedDetails[K]
}

export function readOfferDetails<K extends OfferKind>(kind: K, json: unknown): OfferDetails[K] {
  const parsed = OFFER_DETAILS_SCHEMAS[kind].safeParse(json)
  return (parsed.success ? parsed.data : {}) as OfferDetails[K]
}

// ───────────────────────────── listing values ─────────────────────────────

/** A need's columns as the forms produce them (amounts in minor units). */
export type NeedValues = {
  title: string
  description: string
  occupations: string[]
  skills: string[]
  quantity: number
  startDate: string
  endDate: string
  budgetAmount: number | null
  budgetCurrency: Currency | null
  budgetPer: PriceUnit | null
  languages: string[]
  onSite: boolean
  fundingGoal: number | null
  fundingCurrency: Currency | null
  acceptedTerms: EquipmentTerm[]
  estimatedValue: number | null
  details: NeedDetails[NeedKind]
}

export type OfferValues = {
  title: string
  description: string
  occupations: string[]
  skills: string[]
  capacity: number | null
  startDate: string
  endDate: string
  priceAmount: number | null
  priceCurrency: Currency | null
  pricePer: PriceUnit | null
  equipmentTerms: EquipmentTerm | null
  languages: string[]
  remote: boolean
  details: OfferDetails[OfferKind]
}

// ───────────────────────────── form fields ─────────────────────────────

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

export function isNeedKind(value: unknown): value is NeedKind {
  return typeof value === 'string' && (NEED_KINDS as readonly string[]).includes(value)
}

export function isOfferKind(value: unknown): value is OfferKind {
  return typeof value === 'string' && (OFFER_KINDS as readonly string[]).includes(value)
}

// ───────────────────────────── form defaults ─────────────────────────────

/** A new listing's form before the user types: the usual currency and units for the kind. */
export const NEW_NEED_DEFAULTS: Record<NeedKind, FormDefaults> = {
  internship: { stipendCurrency: 'VND', fundingCurrency: 'VND' },
  equipment: { currency: 'VND', fundingCurrency: 'VND' },
  expert: { mode: 'onsite', budgetCurrency: 'USD', budgetPer: 'day', fundingCurrency: 'VND' },
}

export const NEW_OFFER_DEFAULTS: Record<OfferKind, FormDefaults> = {
  placement: { stipendCurrency: 'VND', languages: ['vi'] },
  equipment: { currency: 'VND' },
  sponsorship: { currency: 'VND' },
  expert_service: { mode: 'onsite', rateCurrency: 'USD', ratePer: 'day' },
}

/** What a form field holds before the user types: strings, or lists of strings. */
export type FormDefaults = Record<string, string | string[] | undefined>

const amountDefault = (minor: number | null, currency: Currency | null, lng: 'vi' | 'en') =>
  minor !== null && currency ? formatAmountInput(minor, currency, lng) : undefined

/** A saved need as its form's initial values (for editing). */
export function needFormDefaults(kind: NeedKind, values: NeedValues, lng: 'vi' | 'en'): FormDefaults {
  const common: FormDefaults = {
    title: values.title,
    description: values.description,
    occupations: values.occupations,
    skills: values.skills,
    startDate: values.startDate,
    endDate: values.endDate,
    fundingAmount: amountDefault(values.fundingGoal, values.fundingCurrency, lng),
    fundingCurrency: values.fundingCurrency ?? 'VND',
  }
  switch (kind) {
    case 'internship': {
      const details = readNeedDetails('internship', values.details)
      return {
        ...common,
        quantity: String(values.quantity),
        siteRequirements: details.siteRequirements,
        supervisorContact: details.supervisorContact,
        stipendAmount: amountDefault(values.budgetAmount, values.budgetCurrency, lng),
        stipendCurrency: values.budgetCurrency ?? 'VND',
      }
    }
    case 'equipment': {
      const details = readNeedDetails('equipment', values.details)
      return {
        ...common,
        item: details.item,
        purpose: details.purpose,
        quantity: String(values.quantity),
        acceptedTerms: values.acceptedTerms,
        currency: values.budgetCurrency ?? 'VND',
        leaseBudget: amountDefault(values.budgetAmount, values.budgetCurrency, lng),
        estimatedValue: amountDefault(values.estimatedValue, values.budgetCurrency, lng),
      }
    }
    case 'expert': {
      const details = readNeedDetails('expert', values.details)
      return {
        ...common,
        subject: details.subject,
        languages: values.languages,
        mode: values.onSite ? 'onsite' : 'remote',
        daysNeeded: details.daysNeeded === undefined ? undefined : String(details.daysNeeded),
        budgetAmount: amountDefault(values.budgetAmount, values.budgetCurrency, lng),
        budgetCurrency: values.budgetCurrency ?? 'USD',
        budgetPer: values.budgetPer && values.budgetPer !== 'month' ? values.budgetPer : 'day',
      }
    }
  }
}

/** A saved offer as its form's initial values (for editing). */
export function offerFormDefaults(kind: OfferKind, values: OfferValues, lng: 'vi' | 'en'): FormDefaults {
  const common: FormDefaults = {
    title: values.title,
    description: values.description,
    occupations: values.occupations,
    skills: values.skills,
    startDate: values.startDate,
    endDate: values.endDate,
  }
  const price = amountDefault(values.priceAmount, values.priceCurrency, lng)
  switch (kind) {
    case 'placement': {
      const details = readOfferDetails('placement', values.details)
      return {
        ...common,
        capacity: values.capacity === null ? undefined : String(values.capacity),
        site: details.site,
        siteAddress: details.siteAddress,
        mentorContact: details.mentorContact,
        stipendAmount: price,
        stipendCurrency: values.priceCurrency ?? 'VND',
        languages: values.languages,
      }
    }
    case 'equipment': {
      const details = readOfferDetails('equipment', values.details)
      return {
        ...common,
        capacity: values.capacity === null ? undefined : String(values.capacity),
        equipmentTerms: values.equipmentTerms ?? undefined,
        condition: details.condition,
        currency: values.priceCurrency ?? details.deposit?.currency ?? 'VND',
        monthlyPrice: price,
        deposit: details.deposit ? formatAmountInput(details.deposit.amount, details.deposit.currency, lng) : undefined,
        returnTerms: details.returnTerms,
        pickupArea: details.pickupArea,
      }
    }
    case 'sponsorship': {
      const details = readOfferDetails('sponsorship', values.details)
      return { ...common, amount: price, currency: values.priceCurrency ?? 'VND', districts: details.districts ?? [] }
    }
    case 'expert_service': {
      const details = readOfferDetails('expert_service', values.details)
      return {
        ...common,
        rateAmount: price,
        rateCurrency: values.priceCurrency ?? 'USD',
        ratePer: values.pricePer && values.pricePer !== 'month' ? values.pricePer : 'day',
        languages: values.languages,
        mode: values.remote ? 'remote' : 'onsite',
        availability: details.availability,
        workPermit: details.workPermit,
      }
    }
  }
}
