import { EQUIPMENT_TERMS, type NeedKind } from '~/modules/listings/vocabulary'
import { Choices, MoneyInput, TextArea, TextInput, option } from './fields'
import { EquipmentCurrency, ExpertWork, Funding, InternshipBasics, Occupations, OtherLanguageOccupations, Rate, Skills, Stipend, type KindFields } from './shared-fields'

/** Each kind of need's own fields. */
export const NEED_FIELDS: Record<NeedKind, KindFields> = {
  internship: ({ field, lists, t }) => ({
    what: (
      <>
        <InternshipBasics field={field} lists={lists} count={field('quantity')} countLabel={t('listings.fields.students')} />
        <TextArea meta={field('siteRequirements')} label={t('listings.fields.siteRequirements')} hint={t('listings.form.siteRequirementsHint')} />
      </>
    ),
    money: (
      <>
        <Stipend field={field} label={t('listings.fields.stipendExpected')} />
        <Funding field={field} />
      </>
    ),
    contact: <TextInput meta={field('supervisorContact')} label={t('listings.fields.supervisorContact')} hint={t('listings.form.contactHint')} />,
  }),

  equipment: ({ field, lists, t }) => ({
    what: (
      <>
        <TextInput meta={field('item')} label={t('listings.fields.item')} hint={t('listings.form.itemHint')} />
        <TextInput meta={field('quantity')} label={t('listings.fields.units')} inputMode="numeric" />
        <TextArea meta={field('purpose')} label={t('listings.fields.purpose')} />
        <Occupations field={field} lists={lists} />
        <Skills field={field} lists={lists} />
        <Choices
          meta={field('acceptedTerms')}
          label={t('listings.fields.acceptedTerms')}
          multiple
          options={EQUIPMENT_TERMS.map((term) => option(term, t(`listings.needTerms.${term}`)))}
        />
      </>
    ),
    money: (
      <>
        <EquipmentCurrency field={field} />
        <MoneyInput amount={field('leaseBudget')} label={t('listings.fields.leaseBudget')} hint={t('listings.form.leaseBudgetHint')} />
        <MoneyInput amount={field('estimatedValue')} label={t('listings.fields.estimatedValue')} />
        <Funding field={field} />
      </>
    ),
  }),

  expert: ({ field, lists, t }) => ({
    what: (
      <>
        <TextInput meta={field('subject')} label={t('listings.fields.subject')} hint={t('listings.form.subjectHint')} />
        <Occupations field={field} lists={lists} />
        <OtherLanguageOccupations field={field} lists={lists} />
        <Skills field={field} lists={lists} />
        <ExpertWork field={field} />
        <TextInput meta={field('daysNeeded')} label={t('listings.fields.daysNeeded')} hint={t('listings.form.daysNeededHint')} inputMode="numeric" />
      </>
    ),
    money: (
      <>
        <Rate amount={field('budgetAmount')} currency={field('budgetCurrency')} per={field('budgetPer')} label={t('listings.fields.budget')} />
        <Funding field={field} />
      </>
    ),
  }),
}
