import { parseWithZod } from '@conform-to/zod/v4'
import type { z } from 'zod'

// A form schema as a route meets it: the fields posted as FormData and parsed by Conform
// (empty fields are missing), for unit tests of the schemas shared with the browser.

export function submit(schema: z.ZodType, fields: Record<string, string>) {
  const formData = new FormData()
  for (const [key, value] of Object.entries(fields)) formData.append(key, value)
  return parseWithZod(formData, { schema })
}

/** Error keys (translation keys) by field name; {} when the form is valid. */
export function formErrorsOf(schema: z.ZodType, fields: Record<string, string>): Record<string, string[] | null> {
  const submission = submit(schema, fields)
  return submission.status === 'success' ? {} : (submission.reply().error ?? {})
}

/** The parsed value of a form that must be valid. */
export function formValueOf<T>(schema: z.ZodType<T>, fields: Record<string, string>): T {
  const submission = submit(schema, fields)
  if (submission.status !== 'success') throw new Error(`expected success, got ${JSON.stringify(submission.reply().error)}`)
  return submission.value as T
}
