import { z } from 'zod'

// Profile forms (an organisation's public profile, an expert's profile), shared by client and
// server through Conform. Messages are translation keys.

/** ISO 639-1 language codes. */
export const ISO_639_1 = new Set(
  (
    'aa ab ae af ak am an ar as av ay az ba be bg bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz ee el en eo es et eu fa ' +
    'ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko ' +
    'kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa ' +
    'pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ' +
    'ug uk ur uz ve vi vo wa wo xh yi yo za zh zu'
  ).split(' '),
)
export const MAX_LANGUAGES = 20

const required = (max: number) =>
  z.string({ error: 'validation.required' }).trim().min(1, 'validation.required').max(max, 'validation.tooLong')

/** Absent or blank → null, so a cleared field clears the column. */
const optional = (max: number) =>
  z
    .string()
    .trim()
    .max(max, 'validation.tooLong')
    .optional()
    .transform((v) => v || null)

/** A public web address; "example.vn" is read as https://example.vn. */
const website = z
  .string()
  .trim()
  .max(300, 'validation.tooLong')
  .optional()
  .transform((value, ctx) => {
    if (!value) return null
    const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(value) ? value : `https://${value}`
    let url: URL | null = null
    try {
      url = new URL(withScheme)
    } catch {
      url = null
    }
    if (!url || !['http:', 'https:'].includes(url.protocol) || !url.hostname.includes('.')) {
      ctx.addIssue({ code: 'custom', message: 'moderation.profile.websiteInvalid' })
      return z.NEVER
    }
    return url.toString()
  })

const coordinate = (limit: number, message: string) =>
  z.number({ error: message }).min(-limit, message).max(limit, message).optional()

export const OrgProfileSchema = z
  .object({
    name: required(200),
    nameVi: optional(200),
    district: optional(80),
    address: optional(300),
    website,
    description: optional(5000),
    lat: coordinate(90, 'moderation.profile.latInvalid'),
    lng: coordinate(180, 'moderation.profile.lngInvalid'),
  })
  .superRefine((value, ctx) => {
    // A point needs both; one alone would place the organisation on the equator or meridian.
    if ((value.lat === undefined) !== (value.lng === undefined)) {
      ctx.addIssue({ code: 'custom', path: [value.lat === undefined ? 'lat' : 'lng'], message: 'moderation.profile.coordinatesPair' })
    }
  })

export type OrgProfileInput = z.infer<typeof OrgProfileSchema>

/** "en, de vi" → ["en", "de", "vi"]: ISO 639-1 codes, lower-cased, each once. */
const languages = z
  .string({ error: 'moderation.profile.languagesRequired' })
  .transform((text, ctx) => {
    const codes = [...new Set(text.toLowerCase().split(/[\s,;]+/).filter(Boolean))]
    if (codes.length === 0) ctx.addIssue({ code: 'custom', message: 'moderation.profile.languagesRequired' })
    else if (codes.some((code) => !ISO_639_1.has(code))) ctx.addIssue({ code: 'custom', message: 'moderation.profile.languagesInvalid' })
    else if (codes.length > MAX_LANGUAGES) ctx.addIssue({ code: 'custom', message: 'moderation.profile.languagesTooMany' })
    return codes
  })

export const ExpertProfileSchema = z.object({
  name: required(120),
  headline: required(200),
  bio: optional(5000).transform((v) => v ?? ''),
  country: z
    .string({ error: 'validation.required' })
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{2}$/, 'validation.country'),
  languages,
  credentials: optional(5000).transform((v) => v ?? ''),
})

export type ExpertProfileInput = z.infer<typeof ExpertProfileSchema>
