import { EQUIPMENT_CONDITIONS, EQUIPMENT_TERMS, WORK_PERMIT_STATUSES, type OfferKind } from '~/modules/listings/vocabulary'
import { Choices, MoneyInput, Select, TermsInput, TextArea, TextInput, option } from './fields'
import { EquipmentCurrency, ExpertWork, InternshipBasics, Languages, Occupations, OtherLanguageOccupations, Rate, Skills, Stipend, type KindFields } from './shared-fields'

/** Each kind of offer's own fields. */
export const OFFER_FIELDS: Record<OfferKind, KindFields> = {
  placement: ({ field, lists, t }) => ({
    what: (
      <>
        <InternshipBasics field={field} lists={lists} count={field('capacity')} countLabel={t('listings.fields.places')} />
        <TextInput meta={field('site')} label={t('listings.fields.site')} />
        <TextInput meta={field('siteAddress')} label={t('listings.fields.siteAddress')} hint={t('listings.form.contactHint')} />
        <Languages meta={field('languages')} label={t('listings.fields.workLanguages')} />
      </>
    ),
    money: <Stipend field={field} label={t('listings.fields.stipendOffered')} />,
    contact: <TextInput meta={field('mentorContact')} label={t('listings.fields.mentorContact')} hint={t('listings.form.contactHint')} />,
  }),

  equipment: ({ field, lists, t }) => ({
    what: (
      <>
        <TextInput meta={field('capacity')} label={t('listings.fields.units')} inputMode="numeric" />
        <Choices
          meta={field('equipmentTerms')}
          label={t('listings.fields.equipmentTerms')}
          options={EQUIPMENT_TERMS.map((term) => option(term, t(`listings.offerTerms.${term}`)))}
        />
        <Select
          meta={field('condition')}
          label={t('listings.fields.condition')}
          empty={t('validation.choose')}
          options={EQUIPMENT_CONDITIONS.map((condition) => option(condition, t(`listings.conditions.${condition}`)))}
        />
        <Occupations field={field} lists={lists} hint={t('listings.form.occupationsOptionalHint')} />
        <Skills field={field} lists={lists} />
        <TextArea meta={field('returnTerms')} label={t('listings.fields.returnTerms')} hint={t('listings.form.returnTermsHint')} />
        <TextInput meta={field('pickupArea')} label={t('listings.fields.pickupArea')} list={lists.districts} />
      </>
    ),
    money: (
      <>
        <EquipmentCurrency field={field} />
        <MoneyInput amount={field('monthlyPrice')} label={t('listings.fields.monthlyPrice')} hint={t('listings.form.monthlyPriceHint')} />
        <MoneyInput amount={field('deposit')} label={t('listings.fields.deposit')} hint={t('listings.form.depositHint')} />
      </>
    ),
  }),

  // The amount stands among what is offered; a sponsorship has no money section of its own.
  sponsorship: ({ field, lists, t }) => ({
    what: (
      <>
        <MoneyInput amount={field('amount')} currency={field('currency')} label={t('listings.fields.sponsorshipAmount')} />
        <Occupations field={field} lists={lists} label={t('listings.fields.focusOccupations')} hint={t('listings.form.occupationsOptionalHint')} />
        <TermsInput meta={field('districts')} label={t('listings.fields.districts')} hint={t('listings.form.districtsHint')} list={lists.districts} />
      </>
    ),
  }),

  expert_service: ({ field, lists, foreignExpert, t }) => ({
    what: (
      <>
        <Occupations field={field} lists={lists} />
        <OtherLanguageOccupations field={field} lists={lists} />
        <Skills field={field} lists={lists} />
        <ExpertWork field={field} />
        {foreignExpert && (
          <Select
            meta={field('workPermit')}
            label={t('listings.fields.workPermit')}
            hint={t('listings.form.workPermitHint')}
            empty={t('validation.choose')}
            options={WORK_PERMIT_STATUSES.map((status) => option(status, t(`listings.workPermits.${status}`)))}
          />
        )}
        <TextArea meta={field('availability')} label={t('listings.fields.availability')} hint={t('listings.form.availabilityHint')} />
      </>
    ),
    money: <Rate amount={field('rateAmount')} currency={field('rateCurrency')} per={field('ratePer')} label={t('listings.fields.rate')} />,
  }),

  // The standard: occupations, skills, a description and a certificate; the end date is the
  // date by which graduates must be ready.
  training_order: ({ field, lists, t }) => ({
    what: (
      <>
        <InternshipBasics field={field} lists={lists} count={field('capacity')} countLabel={t('listings.fields.graduates')} />
        <TextArea meta={field('standard')} label={t('listings.fields.standard')} hint={t('listings.form.standardHint')} />
        <TextInput meta={field('certificate')} label={t('listings.fields.certificate')} hint={t('listings.form.certificateHint')} />
        <Languages meta={field('languages')} label={t('listings.fields.workLanguages')} />
      </>
    ),
    contact: <TextInput meta={field('recruiterContact')} label={t('listings.fields.recruiterContact')} hint={t('listings.form.contactHint')} />,
    endDate: { label: t('listings.fields.readyBy'), hint: t('listings.form.readyByHint') },
  }),
}
