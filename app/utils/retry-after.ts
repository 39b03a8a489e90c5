import type { HeadersFunction } from '@remix-run/node'

/**
 * A route's `headers` export that passes its action's Retry-After on to the document
 * response (Remix uses only this function's headers for a page, not the action's).
 */
export const retryAfterHeaders: HeadersFunction = ({ actionHeaders }) => {
  const retryAfter = actionHeaders.get('Retry-After')
  return retryAfter ? { 'Retry-After': retryAfter } : new Headers()
}
