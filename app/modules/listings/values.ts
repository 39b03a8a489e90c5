import type { Currency } from '~/utils/money'
import type { NeedDetails, OfferDetails } from './details'
import type { EquipmentTerm, NeedKind, OfferKind, PriceUnit } from './vocabulary'

/** A need's columns as the forms produce them (amounts in minor units). */
export type NeedValues = {
  title: string
  description: string
  occupations: string[]
  /** the occupations' names in the other language (Vietnamese ↔ English), for international experts */
  occupationsOther?: string[]
  skills: string[]
  quantity: number
  startDate: string
  endDate: string
  budgetAmount: number | null
  budgetCurrency: Currency | null
  budgetPer: PriceUnit | null
  /** expert needs: working days wanted (a total budget is spread over them) */
  days: number | null
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
  occupationsOther?: string[]
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
