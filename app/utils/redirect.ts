const PLACEHOLDER = 'http://same-site.invalid'

/**
 * Only same-site paths are followed after login, never another origin. The path comes back
 * percent-encoded (a Location header must be ASCII: "/tìm-kiếm" would otherwise fail the
 * response after the action's change was saved).
 */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = '/dashboard'): string {
  if (typeof to !== 'string' || !to.startsWith('/') || to.startsWith('//') || to.startsWith('/\\')) return fallback
  // Browsers drop tabs and newlines from URLs, so "/\t/evil.example" would become "//evil.example".
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is rejected
  if (/[\u0000-\u001f\u007f]/.test(to)) return fallback
  let url: URL
  try {
    url = new URL(to, PLACEHOLDER)
  } catch {
    return fallback
  }
  const path = `${url.pathname}${url.search}${url.hash}`
  // Resolving dot segments can make a protocol-relative URL ("/..//evil.example" → "//evil.example").
  if (url.origin !== PLACEHOLDER || path.startsWith('//')) return fallback
  return path
}
