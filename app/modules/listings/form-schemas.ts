import { z } from 'zod'
import { isCalendarDate } from '~/modules/import/format'
import { todayInHanoi } from '~/modules/i18n/i18n'
import {
  commonFields,
  expertFields,
  languageList,
  moneyField,
  occupationFields,
  optionalText,
  positiveInt,
  rateUnit,
  requiredText,
  str,
  termList,
  type Ctx,
  type Money,
  type Raw,
} from './form-fields'
import type { NeedValues, OfferValues } from './values'
import { EQUIPMENT_CONDITIONS, EQUIPMENT_TERMS, WORK_PERMIT_STATUSES, type NeedKind, type OfferKind, type PriceUnit } from './vocabulary'

// The listing forms' one set of Zod schemas, shared by the browser (Conform's client
// validation) and the server. No server imports here. Messages are translation keys.
//
// A form posts strings; each kind's schema turns them into `NeedValues` / `OfferValues`:
// column values (amounts as integer minor units, dates "YYYY-MM-DD") plus the kind-specific
// `details` JSON, itself validated by the kind's details schema (details.ts).

export type FormOptions = {
  mode: 'create' | 'edit'
  /** edit: whether the listing is open, so its end date may not be in the past */
  open?: boolean
  /** expert services: a foreign expert on site states their work-permit status */
  foreignExpert?: boolean
  /** "YYYY-MM-DD"; defaults to today in Hà Nội (tests fix it) */
  today?: string
}

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

/** What every form holds once valid (forms without skills have none). */
type CommonValues = z.output<z.ZodObject<typeof commonFields>> & { occupations: string[]; skills?: string[] }

/** The values every kind's form fills in the same way. */
function baseValues(value: CommonValues) {
  const { title, description = '', occupations, occupationsOther = [], skills = [], startDate, endDate } = value
  return { title, description, occupations, occupationsOther, skills, startDate, endDate }
}

/** Drops empty optional entries so the stored details hold only what was said. */
function compact<T extends Record<string, unknown>>(details: T): T {
  return Object.fromEntries(Object.entries(details).filter(([, v]) => v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0))) as T
}

/** The common fields and a kind's own. */
const listingFields = <S extends z.ZodRawShape>(fields: S) => z.object({ ...commonFields, ...fields })

/**
 * A kind's form: its fields (`listingFields`), its cross-field checks and the columns it
 * fills in. `check` receives the raw object (fields may be missing or wrong).
 */
type KindForm<T extends z.ZodType<CommonValues>, Columns> = {
  shape: T
  check?: (ctx: Ctx, raw: Raw, options: FormOptions) => void
  columns: (value: z.output<T>, options: FormOptions) => Columns
}

/**
 * Runs the cross-field checks even when single fields already failed, so the form shows
 * every problem at once; a valid form becomes its output.
 */
function listingSchema<T extends z.ZodType<CommonValues>, Values>(
  options: FormOptions,
  shape: T,
  check: ((ctx: Ctx, raw: Raw, options: FormOptions) => void) | undefined,
  values: (value: z.output<T>) => Values,
) {
  return shape
    .superRefine(
      (value, ctx) => {
        const raw = value as Raw
        checkDates(ctx, raw, options)
        check?.(ctx, raw, options)
      },
      { when: () => true },
    )
    .transform((value) => ({ ...formBase(value), values: values(value) }))
}

/** Per student and month: hoped for by a college, offered by a business. */
const stipend = moneyField('stipendAmount', 'stipendCurrency')
/** What both sides of an internship ask: the occupations (at least one), skills, the stipend. */
const internshipFields = { ...occupationFields(1), ...stipend.fields }
/** An expert's budget (needs) or rate (services), each per hour, day or in total. */
const budget = moneyField('budgetAmount', 'budgetCurrency')
const rate = moneyField('rateAmount', 'rateCurrency')
/** Equipment: what the college may pay and what the equipment is worth, in one currency. */
const leaseBudget = moneyField('leaseBudget', 'currency')
const estimatedValue = moneyField('estimatedValue', 'currency')
/** Equipment: the monthly price of a lease and the deposit, in one currency. */
const monthlyPrice = moneyField('monthlyPrice', 'currency')
const deposit = moneyField('deposit', 'currency')
/** A sponsorship's amount, in total. */
const sponsorshipAmount = moneyField('amount', 'currency')

// ───────────────────────────── needs ─────────────────────────────

const funding = moneyField('fundingAmount', 'fundingCurrency')

/** A need's columns where its kind says nothing: no budget, days, languages, terms or estimate; on site. */
const NEED_COLUMNS = {
  budgetAmount: null,
  budgetCurrency: null,
  budgetPer: null,
  days: null,
  languages: [],
  onSite: true,
  acceptedTerms: [],
  estimatedValue: null,
} satisfies Partial<NeedValues>
type NeedColumns = Partial<Pick<NeedValues, keyof typeof NEED_COLUMNS>> & Pick<NeedValues, 'quantity' | 'details'>

const budgetColumns = (money: Money | null, per: PriceUnit | null) => ({ budgetAmount: money?.minor ?? null, budgetCurrency: money?.currency ?? null, budgetPer: money ? per : null })

/** The common fields, the kind's, and a funding goal, which every need may state. */
const needFields = <S extends z.ZodRawShape>(fields: S) => listingFields({ ...fields, ...funding.fields })

/** A need's kind, declared: its schema for given options. */
const needKind =
  <T extends z.ZodType<CommonValues>>(kind: KindForm<T, NeedColumns>) =>
  (options: FormOptions) =>
    listingSchema(
      options,
      kind.shape,
      (ctx, raw) => {
        kind.check?.(ctx, raw, options)
        funding.check(ctx, raw)
      },
      (value): NeedValues => {
        const goal = funding.of(value)
        return { ...baseValues(value), ...NEED_COLUMNS, fundingGoal: goal?.minor ?? null, fundingCurrency: goal?.currency ?? null, ...kind.columns(value, options) }
      },
    )

const NEED_SCHEMAS = {
  internship: needKind({
    shape: needFields({ ...internshipFields, quantity: positiveInt, siteRequirements: optionalText(2000), supervisorContact: optionalText(300) }),
    check: (ctx, raw) => stipend.check(ctx, raw),
    columns: (value) => ({
      quantity: value.quantity,
      // A stipend the college hopes for, per student and month.
      ...budgetColumns(stipend.of(value), 'month'),
      details: compact({ siteRequirements: value.siteRequirements, supervisorContact: value.supervisorContact }),
    }),
  }),
  equipment: needKind({
    shape: needFields({
      item: requiredText(300),
      purpose: optionalText(2000),
      quantity: positiveInt,
      ...occupationFields(1),
      acceptedTerms: z
        .array(z.enum(EQUIPMENT_TERMS, { error: 'validation.invalid' }))
        .optional()
        .transform((terms) => EQUIPMENT_TERMS.filter((term) => terms?.includes(term)))
        .pipe(z.array(z.enum(EQUIPMENT_TERMS)).min(1, 'listings.validation.atLeastOneTerm')),
      ...leaseBudget.fields,
      ...estimatedValue.fields,
    }),
    check: (ctx, raw) => {
      const terms = Array.isArray(raw.acceptedTerms) ? raw.acceptedTerms : [raw.acceptedTerms]
      if (str(raw.leaseBudget) && !terms.includes('lease')) {
        ctx.addIssue({ code: 'custom', path: ['leaseBudget'], message: 'listings.validation.leaseBudgetWithoutLease' })
      } else {
        leaseBudget.check(ctx, raw)
      }
      estimatedValue.check(ctx, raw)
    },
    columns: (value) => {
      const lease = leaseBudget.of(value)
      const estimated = estimatedValue.of(value)
      return {
        quantity: value.quantity,
        ...budgetColumns(lease, 'month'),
        // The estimated value shares the budget's currency (no column of its own).
        budgetCurrency: lease?.currency ?? estimated?.currency ?? null,
        acceptedTerms: value.acceptedTerms,
        estimatedValue: estimated?.minor ?? null,
        details: compact({ item: value.item, purpose: value.purpose }),
      }
    },
  }),
  expert: needKind({
    shape: needFields({
      subject: requiredText(300),
      ...occupationFields(1),
      ...expertFields,
      // Optional: without it, a total budget spreads over the working days of the dates.
      daysNeeded: positiveInt.max(3650, 'listings.validation.tooLarge').optional(),
      ...budget.fields,
      budgetPer: rateUnit.optional(),
    }),
    check: (ctx, raw) => {
      if (budget.check(ctx, raw) && !str(raw.budgetPer)) {
        ctx.addIssue({ code: 'custom', path: ['budgetPer'], message: 'validation.choose' })
      }
    },
    columns: (value) => ({
      quantity: 1,
      ...budgetColumns(budget.of(value), value.budgetPer ?? null),
      days: value.daysNeeded ?? null,
      languages: value.languages,
      onSite: value.mode === 'onsite',
      details: compact({ subject: value.subject }),
    }),
  }),
} satisfies Record<NeedKind, (options: FormOptions) => z.ZodType<NeedForm>>

export function needFormSchema(kind: NeedKind, options: FormOptions) {
  return NEED_SCHEMAS[kind](options)
}

// ───────────────────────────── offers ─────────────────────────────

/** An offer's columns where its kind says nothing: no capacity, price, terms or languages; on site. */
const OFFER_COLUMNS = {
  capacity: null,
  priceAmount: null,
  priceCurrency: null,
  pricePer: null,
  equipmentTerms: null,
  languages: [],
  remote: false,
} satisfies Partial<OfferValues>
type OfferColumns = Partial<Pick<OfferValues, keyof typeof OFFER_COLUMNS>> & Pick<OfferValues, 'details'>

const priceColumns = (money: Money | null, per: PriceUnit) => ({ priceAmount: money?.minor ?? null, priceCurrency: money?.currency ?? null, pricePer: money ? per : null })

/** An offer's kind, declared: its schema for given options. */
const offerKind =
  <T extends z.ZodType<CommonValues>>(kind: KindForm<T, OfferColumns>) =>
  (options: FormOptions) =>
    listingSchema(options, kind.shape, kind.check, (value): OfferValues => ({ ...baseValues(value), ...OFFER_COLUMNS, ...kind.columns(value, options) }))

const OFFER_SCHEMAS = {
  placement: offerKind({
    shape: listingFields({
      ...internshipFields,
      capacity: positiveInt,
      site: optionalText(200),
      siteAddress: requiredText(300),
      mentorContact: optionalText(300),
      languages: languageList(0),
    }),
    check: (ctx, raw) => stipend.check(ctx, raw),
    columns: (value) => ({
      capacity: value.capacity,
      // The stipend paid to each student per month.
      ...priceColumns(stipend.of(value), 'month'),
      languages: value.languages,
      details: compact({ site: value.site, siteAddress: value.siteAddress, mentorContact: value.mentorContact }),
    }),
  }),
  equipment: offerKind({
    shape: listingFields({
      ...occupationFields(0),
      capacity: positiveInt,
      equipmentTerms: z.enum(EQUIPMENT_TERMS, { error: 'validation.choose' }),
      condition: z.enum(EQUIPMENT_CONDITIONS, { error: 'validation.choose' }),
      ...monthlyPrice.fields,
      ...deposit.fields,
      returnTerms: optionalText(2000),
      pickupArea: optionalText(200),
    }),
    check: (ctx, raw) => {
      if (raw.equipmentTerms === 'lease') monthlyPrice.check(ctx, raw, true)
      else if (str(raw.monthlyPrice)) ctx.addIssue({ code: 'custom', path: ['monthlyPrice'], message: 'listings.validation.priceOnlyForLease' })
      if (raw.equipmentTerms === 'donate' && str(raw.deposit)) {
        ctx.addIssue({ code: 'custom', path: ['deposit'], message: 'listings.validation.depositNotForDonation' })
      } else {
        deposit.check(ctx, raw)
      }
    },
    columns: (value) => {
      const depositAmount = deposit.of(value)
      return {
        capacity: value.capacity,
        ...priceColumns(value.equipmentTerms === 'lease' ? monthlyPrice.of(value) : null, 'month'),
        equipmentTerms: value.equipmentTerms,
        details: compact({
          condition: value.condition,
          deposit: depositAmount ? { amount: depositAmount.minor, currency: depositAmount.currency } : undefined,
          returnTerms: value.equipmentTerms === 'donate' ? undefined : value.returnTerms,
          pickupArea: value.pickupArea,
        }),
      }
    },
  }),
  sponsorship: offerKind({
    shape: listingFields({ ...sponsorshipAmount.fields, occupations: termList(0), districts: termList(0) }),
    check: (ctx, raw) => sponsorshipAmount.check(ctx, raw, true),
    columns: (value) => ({ ...priceColumns(sponsorshipAmount.of(value), 'total'), details: compact({ districts: value.districts }) }),
  }),
  expert_service: offerKind({
    shape: listingFields({
      ...occupationFields(1),
      ...rate.fields,
      ratePer: rateUnit,
      ...expertFields,
      availability: optionalText(1000),
      workPermit: z.enum(WORK_PERMIT_STATUSES, { error: 'validation.choose' }).optional(),
    }),
    check: (ctx, raw, options) => {
      rate.check(ctx, raw, true)
      if (options.foreignExpert && raw.mode === 'onsite' && !str(raw.workPermit)) {
        ctx.addIssue({ code: 'custom', path: ['workPermit'], message: 'listings.validation.workPermitRequired' })
      }
    },
    columns: (value, options) => {
      const onSite = value.mode === 'onsite'
      return {
        capacity: 1,
        ...priceColumns(rate.of(value), value.ratePer),
        languages: value.languages,
        remote: !onSite,
        details: compact({ availability: value.availability, workPermit: onSite && options.foreignExpert ? value.workPermit : undefined }),
      }
    },
  }),
  // A business will hire `capacity` graduates trained to a standard by the end date (the
  // ready-by date); colleges answer with a cohort from an internship need.
  training_order: offerKind({
    shape: listingFields({
      ...occupationFields(1),
      capacity: positiveInt,
      standard: requiredText(2000),
      certificate: optionalText(300),
      languages: languageList(0),
      recruiterContact: optionalText(300),
    }),
    columns: (value) => ({
      capacity: value.capacity,
      languages: value.languages,
      details: compact({ standard: value.standard, certificate: value.certificate, recruiterContact: value.recruiterContact }),
    }),
  }),
} satisfies Record<OfferKind, (options: FormOptions) => z.ZodType<OfferForm>>

export function offerFormSchema(kind: OfferKind, options: FormOptions) {
  return OFFER_SCHEMAS[kind](options)
}
