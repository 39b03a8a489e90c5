import { z } from 'zod'

// The admin occupation form, shared by client and server through Conform. Messages are
// translation keys. Synonyms and skills are typed one per line.

export const OCCUPATION_KEY_PATTERN = /^[a-z0-9-]{1,64}$/
export const MAX_LIST_ITEMS = 100
export const MAX_ITEM_LENGTH = 120

/** Lines of a textarea as a list: trimmed, blank lines dropped, repeats (ignoring case) kept once. */
export function linesToList(text: string): string[] {
  const seen = new Set<string>()
  const items: string[] = []
  for (const line of text.split(/\r?\n/)) {
    const item = line.trim()
    const folded = item.toLocaleLowerCase('vi')
    if (!item || seen.has(folded)) continue
    seen.add(folded)
    items.push(item)
  }
  return items
}

const lineList = z
  .string()
  .optional()
  .transform((text, ctx) => {
    const items = linesToList(text ?? '')
    if (items.length > MAX_LIST_ITEMS) ctx.addIssue({ code: 'custom', message: 'moderation.taxonomy.tooManyItems' })
    if (items.some((item) => item.length > MAX_ITEM_LENGTH)) ctx.addIssue({ code: 'custom', message: 'moderation.taxonomy.itemTooLong' })
    return items
  })

const name = z.string({ error: 'validation.required' }).trim().min(1, 'validation.required').max(200, 'validation.tooLong')

export const occupationKey = z
  .string({ error: 'validation.required' })
  .trim()
  .min(1, { error: 'validation.required', abort: true })
  .regex(OCCUPATION_KEY_PATTERN, 'moderation.taxonomy.keyFormat')

// Not `id`: an input of that name would shadow the form element's own id, which Conform relies on.
const occupationId = z.string({ error: 'validation.required' }).min(1, 'validation.required')

const occupationFields = { nameVi: name, nameEn: name, synonyms: lineList, skills: lineList }

/** The key is chosen once, at creation: it is the occupation's stable id (seeds/occupations.json). */
export const OccupationActionSchema = z.discriminatedUnion(
  'intent',
  [
    z.object({ intent: z.literal('create'), key: occupationKey, ...occupationFields }),
    z.object({ intent: z.literal('update'), occupationId, ...occupationFields }),
    z.object({ intent: z.literal('delete'), occupationId }),
  ],
  { error: 'validation.invalid' },
)

export type OccupationAction = z.infer<typeof OccupationActionSchema>
export type OccupationInput = Omit<Extract<OccupationAction, { intent: 'create' }>, 'intent' | 'key'>
