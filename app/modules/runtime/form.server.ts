// Form input at the edge: every text value an action reads has its control characters
// removed (tab, newline and carriage return stay). A NUL byte would otherwise reach
// PostgreSQL and fail the write; other controls have no business in names and descriptions.

// eslint-disable-next-line no-control-regex -- removing control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g

export function stripControlCharacters(text: string): string {
  return text.replace(CONTROL, '')
}

/** The same characters, found (the HTTP edge refuses a path or query that holds one). */
export function hasControlCharacters(text: string): boolean {
  return text.search(CONTROL) !== -1
}

/** The form's fields with control characters removed from every text value (files are kept as they are). */
export function cleanForm(form: FormData): FormData {
  const clean = new FormData()
  for (const [name, value] of form.entries()) clean.append(stripControlCharacters(name), typeof value === 'string' ? stripControlCharacters(value) : value)
  return clean
}

/** `request.formData()`, cleaned. */
export async function readForm(request: Request): Promise<FormData> {
  return cleanForm(await request.formData())
}

/**
 * One part of a multipart form, read to its end (the parser needs the whole stream) but kept
 * only up to `limit` bytes; `truncated` says whether anything was dropped.
 */
export async function collectPart(data: AsyncIterable<Uint8Array>, limit: number): Promise<{ bytes: Uint8Array<ArrayBuffer>; truncated: boolean }> {
  const chunks: Uint8Array[] = []
  let size = 0
  let truncated = false
  for await (const chunk of data) {
    if (size >= limit) {
      truncated = true
      continue
    }
    const kept = chunk.subarray(0, limit - size)
    truncated ||= kept.length < chunk.length
    chunks.push(kept)
    size += kept.length
  }
  const bytes = new Uint8Array(size)
  let offset = 0
  for (const chunk of chunks) {
    bytes.set(chunk, offset)
    offset += chunk.length
  }
  return { bytes, truncated }
}
