import type { Currency } from '~/utils/money'
import { formatAmountInput } from './amounts'
import { readNeedDetails, readOfferDetails, type NeedDetails, type OfferDetails } from './details'
import type { NeedValues, OfferValues } from './values'
import type { NeedKind, OfferKind, PriceUnit } from './vocabulary'

// What the listing forms show before the user types: a new listing's usual currency and
// units, or a saved listing's values (for editing).

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
  training_order: { languages: ['vi'] },
}

/** What a form field holds before the user types: strings, or lists of strings. */
export type FormDefaults = Record<string, string | string[] | undefined>

type Lng = 'vi' | 'en'

const amountDefault = (minor: number | null, currency: Currency | null, lng: Lng) =>
  minor !== null && currency ? formatAmountInput(minor, currency, lng) : undefined

/** Students, units or places; none for a sponsorship. */
const countDefault = (count: number | null) => (count === null ? undefined : String(count))

/** An expert is paid per hour, day or in total; a unit the form does not offer shows as per day. */
const rateUnitDefault = (per: PriceUnit | null) => (per && per !== 'month' ? per : 'day')

/** Both sides of an internship: the monthly stipend, in đồng unless the listing says otherwise. */
const stipendDefaults = (minor: number | null, currency: Currency | null, lng: Lng) => ({
  stipendAmount: amountDefault(minor, currency, lng),
  stipendCurrency: currency ?? 'VND',
})

/** Both sides of an expert listing: the languages and where the expert works. */
const expertDefaults = (languages: string[], onSite: boolean) => ({ languages, mode: onSite ? 'onsite' : 'remote' })

/** The fields every listing form shows the same way. */
function commonDefaults(values: NeedValues | OfferValues): FormDefaults {
  const { title, description, occupations, occupationsOther = [], skills, startDate, endDate } = values
  return { title, description, occupations, occupationsOther, skills, startDate, endDate }
}

/** Each need kind's own fields, from the saved need and its details. */
const NEED_KIND_DEFAULTS: { [K in NeedKind]: (values: NeedValues, details: NeedDetails[K], lng: Lng) => FormDefaults } = {
  internship: (values, details, lng) => ({
    quantity: countDefault(values.quantity),
    siteRequirements: details.siteRequirements,
    supervisorContact: details.supervisorContact,
    ...stipendDefaults(values.budgetAmount, values.budgetCurrency, lng),
  }),
  equipment: (values, details, lng) => ({
    item: details.item,
    purpose: details.purpose,
    quantity: countDefault(values.quantity),
    acceptedTerms: values.acceptedTerms,
    // The lease budget and the estimated value share the budget's currency.
    currency: values.budgetCurrency ?? 'VND',
    leaseBudget: amountDefault(values.budgetAmount, values.budgetCurrency, lng),
    estimatedValue: amountDefault(values.estimatedValue, values.budgetCurrency, lng),
  }),
  expert: (values, details, lng) => ({
    subject: details.subject,
    ...expertDefaults(values.languages, values.onSite),
    // The column since issue 16; needs saved before it kept the days in their details.
    daysNeeded: (values.days ?? details.daysNeeded)?.toString(),
    budgetAmount: amountDefault(values.budgetAmount, values.budgetCurrency, lng),
    budgetCurrency: values.budgetCurrency ?? 'USD',
    budgetPer: rateUnitDefault(values.budgetPer),
  }),
}

/** Each offer kind's own fields, from the saved offer and its details. */
const OFFER_KIND_DEFAULTS: { [K in OfferKind]: (values: OfferValues, details: OfferDetails[K], lng: Lng) => FormDefaults } = {
  placement: (values, details, lng) => ({
    capacity: countDefault(values.capacity),
    site: details.site,
    siteAddress: details.siteAddress,
    mentorContact: details.mentorContact,
    ...stipendDefaults(values.priceAmount, values.priceCurrency, lng),
    languages: values.languages,
  }),
  equipment: (values, details, lng) => ({
    capacity: countDefault(values.capacity),
    equipmentTerms: values.equipmentTerms ?? undefined,
    condition: details.condition,
    currency: values.priceCurrency ?? details.deposit?.currency ?? 'VND',
    monthlyPrice: amountDefault(values.priceAmount, values.priceCurrency, lng),
    deposit: details.deposit ? formatAmountInput(details.deposit.amount, details.deposit.currency, lng) : undefined,
    returnTerms: details.returnTerms,
    pickupArea: details.pickupArea,
  }),
  sponsorship: (values, details, lng) => ({
    amount: amountDefault(values.priceAmount, values.priceCurrency, lng),
    currency: values.priceCurrency ?? 'VND',
    districts: details.districts ?? [],
  }),
  expert_service: (values, details, lng) => ({
    rateAmount: amountDefault(values.priceAmount, values.priceCurrency, lng),
    rateCurrency: values.priceCurrency ?? 'USD',
    ratePer: rateUnitDefault(values.pricePer),
    ...expertDefaults(values.languages, !values.remote),
    availability: details.availability,
    workPermit: details.workPermit,
  }),
  training_order: (values, details) => ({
    capacity: countDefault(values.capacity),
    standard: details.standard,
    certificate: details.certificate,
    languages: values.languages,
    recruiterContact: details.recruiterContact,
  }),
}

/** A saved need as its form's initial values (for editing). */
export function needFormDefaults<K extends NeedKind>(kind: K, values: NeedValues, lng: Lng): FormDefaults {
  return {
    ...commonDefaults(values),
    fundingAmount: amountDefault(values.fundingGoal, values.fundingCurrency, lng),
    fundingCurrency: values.fundingCurrency ?? 'VND',
    ...NEED_KIND_DEFAULTS[kind](values, readNeedDetails(kind, values.details), lng),
  }
}

/** A saved offer as its form's initial values (for editing). */
export function offerFormDefaults<K extends OfferKind>(kind: K, values: OfferValues, lng: Lng): FormDefaults {
  return { ...commonDefaults(values), ...OFFER_KIND_DEFAULTS[kind](values, readOfferDetails(kind, values.details), lng) }
}
