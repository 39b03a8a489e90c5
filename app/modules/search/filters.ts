// Building Meilisearch filter expressions: quoted values, lists, and/or of parts.

export const quote = (value: string) => JSON.stringify(value)
const list = (values: readonly string[]) => `[${values.map(quote).join(', ')}]`

/** Filters that must all hold (null parts are left out). */
export const and = (...parts: (string | null)[]) => parts.filter(Boolean).map((part) => `(${part})`).join(' AND ')
/** Filters of which one must hold (null parts are left out). */
export const or = (...parts: (string | null)[]) => parts.filter(Boolean).map((part) => `(${part})`).join(' OR ')

export function inList(attribute: string, values: readonly string[]): string {
  return `${attribute} IN ${list(values)}`
}
