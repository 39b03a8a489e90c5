import { AsyncLocalStorage } from 'node:async_hooks'

// What the HTTP server knows about a request that a Fetch `Request` does not carry: who is
// at the other end of the socket, whether a proxy forwarded it, and the CSP nonce of the
// page being rendered. Set by the server's first middleware (app/modules/runtime/http.server.ts)
// and read by loaders, actions and entry.server. Outside a request (tests calling loaders,
// CLI commands) there is none: the caller is then treated as a stranger.

export type RequestPeer = {
  /** The client: the socket's address, or the nearest untrusted hop when the socket is a trusted proxy (TRUST_PROXY). */
  address: string
  /** The socket's own address. */
  socketAddress: string
  /** The request carries forwarding headers: it came through a proxy, whatever the socket says. */
  forwarded: boolean
}

export type RequestContext = { peer: RequestPeer; nonce: string }

// On globalThis: the server bundle and the process's own modules are separate copies.
const globalForContext = globalThis as unknown as { __requestContext?: AsyncLocalStorage<RequestContext> }
const storage = (globalForContext.__requestContext ??= new AsyncLocalStorage<RequestContext>())

export function runWithRequestContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn)
}

export function requestContext(): RequestContext | undefined {
  return storage.getStore()
}

const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3})$/

export function isLoopback(address: string): boolean {
  return LOOPBACK.test(address)
}

/** The request came from this machine itself: a loopback socket, and no proxy in between. */
export function isLocalRequest(): boolean {
  const peer = requestContext()?.peer
  return Boolean(peer && isLoopback(peer.socketAddress) && !peer.forwarded)
}

/** The client's address as far as it can be trusted ("unknown" outside a request). */
export function clientAddress(): string {
  return requestContext()?.peer.address ?? 'unknown'
}
