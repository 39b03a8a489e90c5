import { z } from 'zod'
import { formatAmountInput } from '~/modules/listings/amounts'
import { dateField, languageList, moneyField, optionalEmail, optionalPhone, optionalText, positiveInt, rateUnit, requiredText, type Money, type Raw } from '~/modules/listings/form-fields'
import {
  EQUIPMENT_CONDITIONS,
  EQUIPMENT_TERMS,
  WORK_MODES,
  WORK_PERMIT_STATUSES,
  type AgreementKind,
  type EquipmentTerm,
  type PriceUnit,
} from '~/modules/listings/vocabulary'
import { HOURS_PER_DAY } from '~/modules/money/units'
import { isCurrency, type Currency } from '~/utils/money'

// An agreement's terms, which depend on its pairing (placement, equipment, expert contract,
// training order, sponsorship): the form each kind asks both parties to settle, shared by the
// browser and the server through Conform, and how the settled terms are stored. Dates,
// quantity and the contract's money figure are columns of the agreement; the rest of a kind's
// terms is its `details` JSON. Messages are translation keys.

export const NOTES_MAX = 5000
const TEXT_MAX = 1000

const stipend = moneyField('stipend', 'stipendCurrency')
const deposit = moneyField('deposit', 'depositCurrency')
const fee = moneyField('fee', 'feeCurrency')
const rate = moneyField('rate', 'rateCurrency')
const salary = moneyField('salary', 'salaryCurrency')
const amount = moneyField('amount', 'currency')

/** Every kind: which version of the terms the form was filled from, the dates, notes. */
const common = {
  intent: z.literal('terms'),
  /** a digest of the terms the form was filled from: saving over newer terms is refused */
  version: z.string({ error: 'validation.invalid' }).max(40, 'validation.invalid'),
  startDate: dateField,
  endDate: dateField,
  notes: optionalText(NOTES_MAX),
}

const SHAPES = {
  placement: z.object({
    ...common,
    quantity: positiveInt,
    site: requiredText(TEXT_MAX),
    supervisors: requiredText(TEXT_MAX),
    /** the main supervisor's email and telephone, checked as such (the names above are free text) */
    supervisorEmail: optionalEmail,
    supervisorPhone: optionalPhone,
    ...stipend.fields,
  }),
  equipment: z.object({
    ...common,
    quantity: positiveInt,
    arrangement: z.enum(EQUIPMENT_TERMS, { error: 'validation.choose' }),
    condition: z.enum(EQUIPMENT_CONDITIONS, { error: 'validation.choose' }).optional(),
    returnDate: dateField.optional(),
    ...deposit.fields,
    ...fee.fields,
  }),
  expert: z.object({
    ...common,
    ...rate.fields,
    ratePer: rateUnit,
    days: positiveInt,
    languages: languageList(1),
    mode: z.enum(WORK_MODES, { error: 'validation.choose' }),
    workPermit: z.enum(WORK_PERMIT_STATUSES, { error: 'validation.choose' }).optional(),
  }),
  training_order: z.object({
    ...common,
    quantity: positiveInt,
    standard: requiredText(TEXT_MAX),
    certificate: optionalText(TEXT_MAX),
    readyBy: dateField,
    hires: positiveInt,
    ...salary.fields,
  }),
  sponsorship: z.object({ ...common, ...amount.fields, purpose: optionalText(TEXT_MAX) }),
} as const

/** The terms form of an agreement of `kind`, with the checks that span fields (values as `settleTerms` reads them). */
export function termsSchema(kind: AgreementKind): z.ZodType<Raw> {
  return (SHAPES[kind] as unknown as z.ZodType<Raw>).superRefine((value, ctx) => {
    if (typeof value.startDate === 'string' && typeof value.endDate === 'string' && value.endDate < value.startDate) {
      ctx.addIssue({ code: 'custom', path: ['endDate'], message: 'listings.validation.endBeforeStart' })
    }
    switch (kind) {
      case 'placement':
        stipend.check(ctx, value)
        break
      case 'equipment':
        deposit.check(ctx, value)
        fee.check(ctx, value)
        if (value.arrangement !== 'donate' && !value.returnDate) ctx.addIssue({ code: 'custom', path: ['returnDate'], message: 'validation.required' })
        if (typeof value.returnDate === 'string' && typeof value.startDate === 'string' && value.returnDate < value.startDate) {
          ctx.addIssue({ code: 'custom', path: ['returnDate'], message: 'agreements.validation.returnBeforeStart' })
        }
        break
      case 'expert':
        rate.check(ctx, value, true)
        if (value.mode === 'onsite' && !value.workPermit) ctx.addIssue({ code: 'custom', path: ['workPermit'], message: 'validation.choose' })
        break
      case 'training_order':
        salary.check(ctx, value)
        break
      case 'sponsorship':
        amount.check(ctx, value, true)
        break
    }
  })
}

type StoredMoney = { amount: number; currency: Currency }
const toStored = (money: Money | null): StoredMoney | undefined => (money ? { amount: money.minor, currency: money.currency } : undefined)

/** The kind's terms as stored in `details` (money in minor units). */
export type AgreementDetails = {
  placement: { site: string; supervisors: string; supervisorEmail?: string; supervisorPhone?: string; stipend?: StoredMoney }
  equipment: { arrangement: EquipmentTerm; condition?: (typeof EQUIPMENT_CONDITIONS)[number]; returnDate?: string; deposit?: StoredMoney; fee?: StoredMoney }
  expert: { rate: StoredMoney; ratePer: Exclude<PriceUnit, 'month'>; days: number; languages: string[]; mode: (typeof WORK_MODES)[number]; workPermit?: (typeof WORK_PERMIT_STATUSES)[number] }
  training_order: { standard: string; certificate?: string; readyBy: string; hires: number; salary?: StoredMoney }
  sponsorship: { purpose?: string }
}

/** What a valid terms form writes: the agreement's columns and its details. */
export type SettledTerms = {
  startDate: string
  endDate: string
  notes: string
  quantity: number | null
  /** the contract's money figure: an expert contract's total, a sponsorship's amount */
  money: StoredMoney | null
  details: AgreementDetails[AgreementKind]
}

/** An expert contract's total: the rate times the days (8 hours a day), or the rate itself. */
export function expertTotal(rateMinor: number, per: Exclude<PriceUnit, 'month'>, days: number): number {
  if (per === 'total') return rateMinor
  return rateMinor * days * (per === 'hour' ? HOURS_PER_DAY : 1)
}

export function settleTerms(kind: AgreementKind, form: Raw): SettledTerms {
  const base = { startDate: String(form.startDate), endDate: String(form.endDate), notes: typeof form.notes === 'string' ? form.notes : '' }
  const quantity = typeof form.quantity === 'number' ? form.quantity : null
  switch (kind) {
    case 'placement':
      return {
        ...base,
        quantity,
        money: null,
        details: {
          site: String(form.site),
          supervisors: String(form.supervisors),
          supervisorEmail: (form.supervisorEmail as string | undefined) || undefined,
          supervisorPhone: (form.supervisorPhone as string | undefined) || undefined,
          stipend: toStored(stipend.of(form)),
        },
      }
    case 'equipment': {
      const arrangement = form.arrangement as EquipmentTerm
      return {
        ...base,
        quantity,
        money: null,
        details: {
          arrangement,
          condition: form.condition as AgreementDetails['equipment']['condition'],
          returnDate: arrangement === 'donate' ? undefined : (form.returnDate as string | undefined),
          deposit: toStored(deposit.of(form)),
          fee: arrangement === 'lease' ? toStored(fee.of(form)) : undefined,
        },
      }
    }
    case 'expert': {
      const money = toStored(rate.of(form))!
      const ratePer = form.ratePer as AgreementDetails['expert']['ratePer']
      const days = Number(form.days)
      const mode = form.mode as AgreementDetails['expert']['mode']
      return {
        ...base,
        quantity: null,
        money: { amount: expertTotal(money.amount, ratePer, days), currency: money.currency },
        details: { rate: money, ratePer, days, languages: form.languages as string[], mode, workPermit: mode === 'onsite' ? (form.workPermit as AgreementDetails['expert']['workPermit']) : undefined },
      }
    }
    case 'training_order':
      return {
        ...base,
        quantity,
        money: null,
        details: {
          standard: String(form.standard),
          certificate: (form.certificate as string | undefined) || undefined,
          readyBy: String(form.readyBy),
          hires: Number(form.hires),
          salary: toStored(salary.of(form)),
        },
      }
    case 'sponsorship':
      return { ...base, quantity: null, money: toStored(amount.of(form)) ?? null, details: { purpose: (form.purpose as string | undefined) || undefined } }
  }
}

/** The values the terms form starts from: the agreement as it stands. */
export function termsFormValues(
  kind: AgreementKind,
  agreement: { startDate: string | null; endDate: string | null; notes: string; quantity: number | null; money: { amount: number; currency: string } | null; details: Record<string, unknown>; version: string },
  lng: 'vi' | 'en',
): Record<string, string | string[] | undefined> {
  const text = (value: unknown) => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined)
  const money = (name: string, currencyName: string, stored: unknown) => {
    const value = stored as StoredMoney | undefined
    return value && isCurrency(value.currency) ? { [name]: formatAmountInput(value.amount, value.currency, lng), [currencyName]: value.currency } : {}
  }
  const d = agreement.details
  const values: Record<string, string | string[] | undefined> = {
    version: agreement.version,
    startDate: agreement.startDate ?? undefined,
    endDate: agreement.endDate ?? undefined,
    notes: agreement.notes || undefined,
    quantity: agreement.quantity === null ? undefined : String(agreement.quantity),
  }
  for (const [key, value] of Object.entries(d)) {
    if (Array.isArray(value)) values[key] = value.map(String)
    else if (text(value) !== undefined) values[key] = text(value)
  }
  return {
    ...values,
    ...money('stipend', 'stipendCurrency', d.stipend),
    ...money('deposit', 'depositCurrency', d.deposit),
    ...money('fee', 'feeCurrency', d.fee),
    ...money('rate', 'rateCurrency', d.rate),
    ...money('salary', 'salaryCurrency', d.salary),
    ...(kind === 'sponsorship' ? money('amount', 'currency', agreement.money) : {}),
  }
}

/** Reads stored details for display; anything malformed reads as empty. */
export function readAgreementDetails(json: unknown): Record<string, unknown> {
  return json && typeof json === 'object' && !Array.isArray(json) ? (json as Record<string, unknown>) : {}
}
