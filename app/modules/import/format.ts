import { z } from 'zod'
import { CURRENCIES, minorDigits, toMinorUnits, type Currency } from '~/utils/money'

// The bulk import document, versions 1 and 2: the public contract in the spec "Bulk import
// format" (import-format.md) and docs/import-format.md (what version 2 adds), read by
// `npm run import -- <file.json>` (app/cli/import.ts).
// Shareable (no server imports): the importer, seed tooling and test factories use it.
//
// Change it only by adding optional fields, or by a new `version`.
//
// Leniency choices (documented here because outside tools depend on them):
// - optional fields may be absent or null; absent/null text becomes null (or "" where the
//   database column is not nullable), absent arrays become [];
// - fields this version does not know are ignored (the importer reports them as warnings);
// - text that must not be empty (names, titles, occupations, skills) is trimmed;
// - rules the spec implies are enforced: an offer's owner matches its kind (expert_service
//   from an expert, the rest from a business), sponsorship has no capacity while placement
//   and equipment offers state one, only equipment offers carry equipmentTerms (which may be
//   null: terms not stated), amounts fit the currency's minor unit and a 32-bit integer.
//
// Version 2 is version 1 plus one offer kind, `training_order` (a business will hire
// `capacity` graduates in the offer's occupations, trained to a standard by `endDate`, the
// ready-by date), with two optional fields of its own, `standard` and `certificate`; and a
// need's optional `fundingGoal` ({ amount, currency }: money sought from sponsors); and, on
// needs and offers, optional `occupationsOther`: the occupations named in the other language
// (Vietnamese ↔ English), so international experts find them (absent: left as they are).
// A version 1 file reads exactly as before; a training order in it is an error naming version 2.
// Both versions take an expert need's optional `days` (working days wanted), which the
// spec's need record gained with issue 16: a file without it reads as before.

/** The versions this importer reads; the newest is what it writes about. */
export const IMPORT_FORMAT_VERSIONS = [1, 2] as const
export type ImportFormatVersion = (typeof IMPORT_FORMAT_VERSIONS)[number]
export const IMPORT_FORMAT_VERSION: ImportFormatVersion = 2

export const KEY_PATTERN = /^[a-z0-9-]{1,64}$/
/** PostgreSQL `integer`, which stores quantities, capacities and minor-unit amounts. */
export const MAX_INT = 2_147_483_647
/** An expert need's days wanted: ten years of working days at most. */
export const MAX_NEED_DAYS = 3650

export const ORG_KINDS = ['college', 'business'] as const
export const NEED_KINDS = ['internship', 'equipment', 'expert'] as const
/** The offer kinds of version 1; version 2 adds `training_order`. */
export const OFFER_KINDS_V1 = ['placement', 'equipment', 'sponsorship', 'expert_service'] as const
export const OFFER_KINDS = [...OFFER_KINDS_V1, 'training_order'] as const
/** Fields a version 2 offer may carry that version 1 does not know (training orders only). */
export const TRAINING_ORDER_FIELDS = ['standard', 'certificate'] as const
/** Fields a version 2 need may carry that version 1 does not know. */
export const NEED_FIELDS_V2 = ['fundingGoal', 'occupationsOther'] as const
/** Fields a version 2 offer may carry that version 1 does not know. */
export const OFFER_FIELDS_V2 = [...TRAINING_ORDER_FIELDS, 'occupationsOther'] as const
export const PRICE_UNITS = ['hour', 'day', 'month', 'total'] as const
export const EQUIPMENT_TERMS = ['donate', 'lend', 'lease'] as const
export const IMPORT_STATUSES = ['open', 'closed'] as const
export const COLLECTIONS = ['organizations', 'experts', 'needs', 'offers'] as const
export type Collection = (typeof COLLECTIONS)[number]

/** Offers of these kinds come from a business (`org`); `expert_service` from an expert. */
export const BUSINESS_OFFER_KINDS = ['placement', 'equipment', 'sponsorship', 'training_order'] as const

// ───────────────────────────── building blocks ─────────────────────────────

const oneOf = (values: readonly string[]) => values.map((v) => `"${v}"`).join(', ')

const shown = (value: unknown) => {
  const text = JSON.stringify(value) ?? String(value)
  return text.length > 40 ? `${text.slice(0, 40)}…` : text
}

/** "is required: one of …" / "must be one of … (got "x")" */
const choiceError = (values: readonly string[], orNull = false) => (iss: { input?: unknown }) =>
  iss.input === undefined
    ? `is required: one of ${oneOf(values)}`
    : `must be one of ${oneOf(values)}${orNull ? ' or null' : ''} (got ${shown(iss.input)})`

export const keySchema = z
  .string({ error: (iss) => (iss.input === undefined ? 'is required' : 'must be a string key') })
  .regex(KEY_PATTERN, { error: 'must be a key of 1–64 characters a-z, 0-9 and "-"' })

const requiredText = (max: number) =>
  z
    .string({ error: (iss) => (iss.input === undefined ? 'is required' : 'must be a string') })
    .trim()
    .min(1, { error: 'must not be empty' })
    .max(max, { error: `must be at most ${max} characters` })

/** Absent or null → null. */
const optionalText = (max: number) =>
  z
    .string({ error: 'must be a string or null' })
    .max(max, { error: `must be at most ${max} characters` })
    .nullish()
    .transform((v) => (v === undefined || v === null || v.trim() === '' ? null : v))

/** Absent or null → "". */
const textOrEmpty = (max: number) =>
  z
    .string({ error: 'must be a string' })
    .max(max, { error: `must be at most ${max} characters` })
    .nullish()
    .transform((v) => v ?? '')

const termList = z
  .array(requiredText(200), { error: 'must be an array of strings' })
  .max(100, { error: 'must have at most 100 entries' })
  .nullish()
  .transform((v) => v ?? [])

/** The occupations' names in the other language; absent (every version 1 file): left as they are. */
const otherLanguageOccupations = z
  .array(requiredText(200), { error: 'must be an array of strings' })
  .max(100, { error: 'must have at most 100 entries' })
  .nullish()
  .transform((v) => (v === null ? [] : v))

export const languageSchema = z
  .string({ error: 'must be a string' })
  .regex(/^[a-z]{2}$/, { error: 'must be an ISO 639-1 language code: two lowercase letters, e.g. "vi"' })

const languageList = z
  .array(languageSchema, {
    error: (iss) => (iss.input === undefined ? 'is required' : 'must be an array of ISO 639-1 language codes'),
  })
  .max(50, { error: 'must have at most 50 entries' })

export const countrySchema = z
  .string({ error: (iss) => (iss.input === undefined ? 'is required' : 'must be a string') })
  .regex(/^[A-Z]{2}$/, { error: 'must be an ISO 3166-1 alpha-2 country code: two uppercase letters, e.g. "DE"' })

/** "YYYY-MM-DD" naming a real calendar day. */
export function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value)
  if (!match) return false
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])]
  const date = new Date(Date.UTC(year, month - 1, day))
  return (
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  )
}

export const dateSchema = z
  .string({ error: (iss) => (iss.input === undefined ? 'is required' : 'must be a date string "YYYY-MM-DD"') })
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'must be a date "YYYY-MM-DD"', abort: true })
  .refine(isCalendarDate, { error: 'is not a real calendar date' })

const positiveInt = z
  .number({ error: (iss) => (iss.input === undefined ? 'is required' : 'must be a number') })
  .int({ error: 'must be a whole number' })
  .min(1, { error: 'must be at least 1' })
  .max(MAX_INT, { error: `must be at most ${MAX_INT}` })

export const locationSchema = z.object(
  {
    lat: z
      .number({ error: (iss) => (iss.input === undefined ? 'is required' : 'must be a number') })
      .min(-90, { error: 'must be between -90 and 90' })
      .max(90, { error: 'must be between -90 and 90' }),
    lng: z
      .number({ error: (iss) => (iss.input === undefined ? 'is required' : 'must be a number') })
      .min(-180, { error: 'must be between -180 and 180' })
      .max(180, { error: 'must be between -180 and 180' }),
  },
  { error: 'must be an object { "lat": …, "lng": … } or null' },
)
export type ImportLocation = z.output<typeof locationSchema>

const optionalLocation = locationSchema.nullish().transform((v) => v ?? null)

/** Does `amount` (major units) have no more decimals than the currency's minor unit? */
export function fitsMinorUnit(amount: number, currency: Currency): boolean {
  const scaled = amount * 10 ** minorDigits(currency)
  return Math.abs(scaled - Math.round(scaled)) < 1e-6
}

const amountField = z
  .number({ error: (iss) => (iss.input === undefined ? 'is required' : 'must be a number') })
  .min(0, { error: 'must not be negative' })
const currencyField = z.enum(CURRENCIES, { error: choiceError(CURRENCIES) })

/** An amount must fit its currency's minor unit (VND whole đồng, USD/EUR cents) and a safe integer. */
const checkMinorUnits = (money: unknown, ctx: z.RefinementCtx) => {
  const { amount, currency } = money as { amount: unknown; currency: unknown }
  if (typeof amount !== 'number' || !Number.isFinite(amount) || amount < 0) return
  if (typeof currency !== 'string' || !(CURRENCIES as readonly string[]).includes(currency)) return
  const code = currency as Currency
  if (!fitsMinorUnit(amount, code)) {
    const digits = minorDigits(code)
    ctx.addIssue({
      code: 'custom',
      path: ['amount'],
      message: digits === 0 ? `${code} amounts must be whole numbers` : `${code} amounts have at most ${digits} decimal places`,
    })
  } else if (toMinorUnits(amount, code) > Number.MAX_SAFE_INTEGER) {
    ctx.addIssue({
      code: 'custom',
      path: ['amount'],
      message: `is too large: at most ${Math.floor(Number.MAX_SAFE_INTEGER / 10 ** minorDigits(code))} ${code}`,
    })
  }
}

export const moneySchema = z
  .object(
    { amount: amountField, currency: currencyField, per: z.enum(PRICE_UNITS, { error: choiceError(PRICE_UNITS) }) },
    { error: 'must be an object { "amount", "currency", "per" } or null' },
  )
  .superRefine(checkMinorUnits, { when: () => true })

/** A need's funding goal (version 2): money sought from sponsors, with no unit. */
export const goalSchema = z
  .object({ amount: amountField, currency: currencyField }, { error: 'must be an object { "amount", "currency" } or null' })
  .superRefine(checkMinorUnits, { when: () => true })
export type ImportGoal = z.output<typeof goalSchema>
export type ImportMoney = z.output<typeof moneySchema>

const optionalMoney = moneySchema.nullish().transform((v) => v ?? null)

const flag = (fallback: boolean) =>
  z.boolean({ error: 'must be true or false' }).optional().transform((v) => v ?? fallback)

const statusSchema = z
  .enum(IMPORT_STATUSES, { error: choiceError(IMPORT_STATUSES) })
  .optional()
  .transform((v) => v ?? 'open')

const websiteSchema = z
  .string({ error: 'must be a string or null' })
  .max(500, { error: 'must be at most 500 characters' })
  .refine(
    (v) => {
      try {
        const url = new URL(v)
        return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.includes('.')
      } catch {
        return false
      }
    },
    { error: 'must be an http:// or https:// address' },
  )
  .nullish()
  .transform((v) => v ?? null)

/** endDate ≥ startDate, checked even when other fields of the record are wrong. */
function checkDateOrder(value: unknown, ctx: z.RefinementCtx) {
  if (value === null || typeof value !== 'object') return
  const { startDate, endDate } = value as { startDate?: unknown; endDate?: unknown }
  if (typeof startDate !== 'string' || typeof endDate !== 'string') return
  if (!isCalendarDate(startDate) || !isCalendarDate(endDate)) return
  if (endDate < startDate) {
    ctx.addIssue({ code: 'custom', path: ['endDate'], message: `must not be before startDate (${startDate})` })
  }
}

/** Only an expert need states the working days it wants. */
function checkNeedDays(value: unknown, ctx: z.RefinementCtx) {
  if (value === null || typeof value !== 'object') return
  const { kind, days } = value as { kind?: unknown; days?: unknown }
  if (days !== undefined && days !== null && kind !== 'expert') {
    ctx.addIssue({ code: 'custom', path: ['days'], message: 'only expert needs state days (working days wanted)' })
  }
}

// ───────────────────────────── records ─────────────────────────────

export const organizationSchema = z.object(
  {
    key: keySchema,
    kind: z.enum(ORG_KINDS, { error: choiceError(ORG_KINDS) }),
    name: requiredText(300),
    nameVi: optionalText(300),
    district: optionalText(100),
    location: optionalLocation,
    verified: flag(false),
    website: websiteSchema,
    description: optionalText(20_000),
  },
  { error: 'must be an object' },
)

export const expertSchema = z.object(
  {
    key: keySchema,
    name: requiredText(300),
    country: countrySchema,
    languages: languageList,
    headline: textOrEmpty(300),
    bio: textOrEmpty(20_000),
    location: optionalLocation,
    verified: flag(false),
  },
  { error: 'must be an object' },
)

export const needSchema = z
  .object(
    {
      key: keySchema,
      org: keySchema,
      kind: z.enum(NEED_KINDS, { error: choiceError(NEED_KINDS) }),
      title: requiredText(500),
      description: textOrEmpty(20_000),
      occupations: termList,
      // version 2: the occupations named in the other language (Vietnamese ↔ English)
      occupationsOther: otherLanguageOccupations,
      skills: termList,
      quantity: positiveInt,
      startDate: dateSchema,
      endDate: dateSchema,
      budget: optionalMoney,
      languages: languageList.nullish().transform((v) => v ?? []),
      // expert needs: working days wanted (a total budget is spread over them); absent: left as it is; null: none
      days: positiveInt.max(MAX_NEED_DAYS, { error: `must be at most ${MAX_NEED_DAYS}` }).nullish(),
      onSite: flag(true),
      status: statusSchema,
      // version 2: money sought from sponsors towards the need (absent: left as it is; null: none)
      fundingGoal: goalSchema.nullish(),
    },
    { error: 'must be an object' },
  )
  .superRefine(checkDateOrder, { when: () => true })
  .superRefine(checkNeedDays, { when: () => true })

const optionalKey = keySchema.nullish().transform((v) => v ?? null)

export const offerSchema = z
  .object(
    {
      key: keySchema,
      org: optionalKey,
      expert: optionalKey,
      kind: z.enum(OFFER_KINDS, { error: choiceError(OFFER_KINDS) }),
      title: requiredText(500),
      description: textOrEmpty(20_000),
      occupations: termList,
      occupationsOther: otherLanguageOccupations,
      skills: termList,
      capacity: positiveInt.nullish().transform((v) => v ?? null),
      startDate: dateSchema,
      endDate: dateSchema,
      price: optionalMoney,
      equipmentTerms: z
        .enum(EQUIPMENT_TERMS, { error: choiceError(EQUIPMENT_TERMS, true) })
        .nullish()
        .transform((v) => v ?? null),
      languages: languageList.nullish().transform((v) => v ?? []),
      remote: flag(false),
      location: optionalLocation,
      status: statusSchema,
      // version 2, training orders: the standard graduates are trained to, the certificate they hold
      standard: optionalText(2000),
      certificate: optionalText(300),
    },
    { error: 'must be an object' },
  )
  .superRefine(checkDateOrder, { when: () => true })
  .superRefine(
    (value, ctx) => {
      if (value === null || typeof value !== 'object') return
      const offer = value as Record<string, unknown>
      const has = (field: string) => offer[field] !== undefined && offer[field] !== null
      const kind = typeof offer.kind === 'string' ? offer.kind : undefined
      const knownKind = kind !== undefined && (OFFER_KINDS as readonly string[]).includes(kind)

      // Owner: exactly one of org / expert, and the one the kind calls for.
      if (has('org') && has('expert')) {
        ctx.addIssue({ code: 'custom', path: ['expert'], message: 'give exactly one of "org" or "expert", not both' })
      } else if (!has('org') && !has('expert')) {
        ctx.addIssue({
          code: 'custom',
          path: ['org'],
          message: 'is required: give exactly one of "org" (a business) or "expert"',
        })
      } else if (knownKind && kind === 'expert_service' && has('org')) {
        ctx.addIssue({
          code: 'custom',
          path: ['org'],
          message: 'an expert_service offer comes from an expert: give "expert" instead of "org"',
        })
      } else if (knownKind && kind !== 'expert_service' && has('expert')) {
        ctx.addIssue({
          code: 'custom',
          path: ['expert'],
          message: `a ${kind} offer comes from a business: give "org" instead of "expert"`,
        })
      }

      if (!knownKind) return
      if (kind === 'sponsorship' && has('capacity')) {
        ctx.addIssue({ code: 'custom', path: ['capacity'], message: 'sponsorship offers have no capacity: omit it' })
      }
      if ((kind === 'placement' || kind === 'equipment' || kind === 'training_order') && !has('capacity')) {
        const what = { placement: 'places', equipment: 'units', training_order: 'graduates to hire' }[kind]
        ctx.addIssue({ code: 'custom', path: ['capacity'], message: `is required for ${kind} offers (${what})` })
      }
      if (kind === 'training_order') {
        if (!Array.isArray(offer.occupations) || offer.occupations.length === 0) {
          ctx.addIssue({ code: 'custom', path: ['occupations'], message: 'a training_order names at least one occupation' })
        }
        if (has('price')) {
          ctx.addIssue({ code: 'custom', path: ['price'], message: 'training_order offers have no price: omit it or use null' })
        }
      } else {
        for (const field of TRAINING_ORDER_FIELDS) {
          if (has(field)) {
            ctx.addIssue({ code: 'custom', path: [field], message: `only training_order offers have "${field}": omit it for a ${kind} offer` })
          }
        }
      }
      if (kind !== 'equipment' && has('equipmentTerms')) {
        ctx.addIssue({
          code: 'custom',
          path: ['equipmentTerms'],
          message: `only equipment offers have equipment terms: omit it or use null for a ${kind} offer`,
        })
      }
    },
    { when: () => true },
  )

export type ImportOrganization = z.output<typeof organizationSchema>
export type ImportExpert = z.output<typeof expertSchema>
export type ImportNeed = z.output<typeof needSchema>
export type ImportOffer = z.output<typeof offerSchema>
/** What a file may contain (optional fields may be left out). */
export type ImportOrganizationInput = z.input<typeof organizationSchema>
export type ImportExpertInput = z.input<typeof expertSchema>
export type ImportNeedInput = z.input<typeof needSchema>
export type ImportOfferInput = z.input<typeof offerSchema>

// ───────────────────────────── document ─────────────────────────────

const collection = <T extends z.ZodType>(record: T) =>
  z
    .array(record, { error: 'must be an array' })
    .optional()
    .transform((v) => v ?? [])

/** Every key of a collection must be unique in the file. */
function checkDuplicateKeys(value: unknown, ctx: z.RefinementCtx) {
  if (value === null || typeof value !== 'object') return
  const doc = value as Record<string, unknown>
  for (const name of COLLECTIONS) {
    const records = doc[name]
    if (!Array.isArray(records)) continue
    const firstIndex = new Map<string, number>()
    records.forEach((record: unknown, index) => {
      const key = (record as { key?: unknown } | null)?.key
      if (typeof key !== 'string' || !KEY_PATTERN.test(key)) return
      const first = firstIndex.get(key)
      if (first === undefined) firstIndex.set(key, index)
      else
        ctx.addIssue({
          code: 'custom',
          path: [name, index, 'key'],
          message: `duplicate key "${key}": already used by ${name}[${first}]`,
        })
    })
  }
}

export function isImportFormatVersion(value: unknown): value is ImportFormatVersion {
  return (IMPORT_FORMAT_VERSIONS as readonly unknown[]).includes(value)
}

/** Version 1 knows no training orders (each one is an error saying which version does). */
function checkVersionKinds(value: unknown, ctx: z.RefinementCtx) {
  if (value === null || typeof value !== 'object') return
  const doc = value as Record<string, unknown>
  if (doc.version !== 1 || !Array.isArray(doc.offers)) return
  doc.offers.forEach((offer: unknown, index) => {
    if ((offer as { kind?: unknown } | null)?.kind === 'training_order') {
      ctx.addIssue({
        code: 'custom',
        path: ['offers', index, 'kind'],
        message: 'training_order offers need "version": 2 (version 1 knows "placement", "equipment", "sponsorship", "expert_service")',
      })
    }
  })
}

export const importDocumentSchema = z
  .object(
    {
      version: z.union(
        IMPORT_FORMAT_VERSIONS.map((version) => z.literal(version)),
        {
          error: (iss) =>
            iss.input === undefined
              ? `is required: ${IMPORT_FORMAT_VERSIONS.join(' or ')}`
              : `unsupported version ${JSON.stringify(iss.input)}: this importer reads versions ${IMPORT_FORMAT_VERSIONS.join(' and ')}`,
        },
      ),
      organizations: collection(organizationSchema),
      experts: collection(expertSchema),
      needs: collection(needSchema),
      offers: collection(offerSchema),
    },
    { error: 'the document must be a JSON object { "version": 2, "organizations": […], … }' },
  )
  .superRefine(checkDuplicateKeys, { when: () => true })
  .superRefine(checkVersionKinds, { when: () => true })

export type ImportDocument = z.output<typeof importDocumentSchema>
export type ImportDocumentInput = z.input<typeof importDocumentSchema>

/** The fields each part of the document knows (anything else is ignored with a warning), in the newest version. */
export const KNOWN_FIELDS = {
  document: ['version', ...COLLECTIONS],
  organizations: Object.keys(organizationSchema.shape),
  experts: Object.keys(expertSchema.shape),
  needs: Object.keys(needSchema.shape),
  offers: Object.keys(offerSchema.shape),
  location: Object.keys(locationSchema.shape),
  money: Object.keys(moneySchema.shape),
} as const

/** The fields each part of a document of `version` knows: version 1's offers lack the training-order fields. */
export function knownFields(version: unknown): typeof KNOWN_FIELDS {
  if (version !== 1) return KNOWN_FIELDS
  const offersV2: readonly string[] = OFFER_FIELDS_V2
  const needsV2: readonly string[] = NEED_FIELDS_V2
  return { ...KNOWN_FIELDS, offers: KNOWN_FIELDS.offers.filter((field) => !offersV2.includes(field)), needs: KNOWN_FIELDS.needs.filter((field) => !needsV2.includes(field)) }
}

// ───────────────────────────── errors ─────────────────────────────

export type ImportIssue = { path: string; message: string }

/** ['needs', 3, 'budget', 'currency'] → "$.needs[3].budget.currency" */
export function toJsonPath(path: readonly PropertyKey[]): string {
  let out = '$'
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`
    else if (typeof segment === 'string' && /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(segment)) out += `.${segment}`
    else out += `[${JSON.stringify(String(segment))}]`
  }
  return out
}

function describe(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)
  if (typeof value === 'object') return 'an object'
  return String(value)
}

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'an array',
  object: 'an object',
}

/** Messages for issues whose schema gave none (the schemas above name most of their own). */
export const importErrorMap: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'is required'
      return `must be ${TYPE_NAMES[issue.expected] ?? issue.expected} (got ${describe(issue.input)})`
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')} (got ${describe(issue.input)})`
    case 'too_small':
      return `must be at least ${String(issue.minimum)}`
    case 'too_big':
      return `must be at most ${String(issue.maximum)}`
    default:
      return undefined
  }
}

/** Zod issues → `{ path: "$.needs[3].budget.currency", message }`, with the value received. */
export function toImportIssues(error: z.ZodError): ImportIssue[] {
  return error.issues.map((issue) => ({ path: toJsonPath(issue.path), message: issue.message }))
}

/**
 * A version 1 document as the schema reads it: the need and offer fields version 2 added are
 * unknown to version 1, so they are ignored there (reported as unknown fields), as they always were.
 */
export function withoutNewerFields(input: unknown): unknown {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return input
  const doc = input as Record<string, unknown>
  if (doc.version !== 1) return input
  const without = (items: unknown, fields: readonly string[]) =>
    Array.isArray(items)
      ? items.map((item: unknown) => {
          if (item === null || typeof item !== 'object' || Array.isArray(item)) return item
          const copy: Record<string, unknown> = { ...(item as Record<string, unknown>) }
          for (const field of fields) delete copy[field]
          return copy
        })
      : items
  return { ...doc, offers: without(doc.offers, OFFER_FIELDS_V2), needs: without(doc.needs, NEED_FIELDS_V2) }
}

/** The schema's verdict on a document of any version this importer reads. */
export function safeParseImportDocument(input: unknown) {
  return importDocumentSchema.safeParse(withoutNewerFields(input), { error: importErrorMap })
}

/** Schema-only parse (no cross-references): the importer adds those with the database. */
export function parseImportDocumentSchema(
  input: unknown,
): { ok: true; doc: ImportDocument } | { ok: false; errors: ImportIssue[] } {
  const result = safeParseImportDocument(input)
  if (result.success) return { ok: true, doc: result.data }
  return { ok: false, errors: toImportIssues(result.error) }
}
