import { useForm as useConformForm } from '@conform-to/react'
import type { ZodType } from 'zod'

/**
 * Which fields of a form's shared Zod schema are required (an absent value fails), as Conform
 * constraints: the fields then carry `required` in their metadata, and the form's labels show
 * the required marker and the controls `aria-required` before anything is submitted.
 */
export function requiredConstraint(schema: ZodType): Record<string, { required: true }> {
  // Refinements and transforms wrap the object: unwrap to its shape.
  let current: unknown = schema
  for (let depth = 0; depth < 5 && current && !(current as { shape?: unknown }).shape; depth++) {
    const def = (current as { _zod?: { def?: { in?: unknown; innerType?: unknown; schema?: unknown } } })._zod?.def
    current = def?.in ?? def?.innerType ?? def?.schema
  }
  const shape = (current as { shape?: Record<string, ZodType> } | undefined)?.shape
  const constraint: Record<string, { required: true }> = {}
  for (const [name, field] of Object.entries(shape ?? {})) {
    if (!field.safeParse(undefined).success) constraint[name] = { required: true }
  }
  return constraint
}

/**
 * Conform's useForm, with the form component itself subscribed to every field's errors.
 *
 * Why: react-i18next's useTranslation re-renders its component once after mount with
 * unchanged state, and React then skips the children. Conform learns which state a form
 * depends on from what the last render read, including the field components' reads of
 * `meta.errors`; after that skipped re-render it forgets them, and the first submit after
 * a full page load shows no errors. Reading `allErrors` here keeps the subscription.
 * Use this instead of importing useForm from @conform-to/react (lint enforces it). Pass
 * `constraint: requiredConstraint(schema)` to mark the required fields.
 */
export const useForm: typeof useConformForm = (options) => {
  const result = useConformForm(options)
  void result[0].allErrors
  return result
}
