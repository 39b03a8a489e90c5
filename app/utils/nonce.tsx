import { createContext, useContext } from 'react'

// The Content-Security-Policy nonce of the response being rendered (app/modules/runtime/http.server.ts):
// provided by entry.server, empty in the browser (which hides nonces from scripts anyway).
const NonceContext = createContext('')

export const NonceProvider = NonceContext.Provider

export function useNonce(): string {
  return useContext(NonceContext)
}
