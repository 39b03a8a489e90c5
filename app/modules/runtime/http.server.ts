import { randomBytes } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import helmet from 'helmet'
import proxyAddr from 'proxy-addr'
import { hasControlCharacters } from './form.server'
import { log } from './logger.server'
import { runWithRequestContext } from './request-context.server'

// The HTTP edge, in front of Remix, shared by `npm start` (app/cli/serve.ts) and the Vite dev
// server (vite.config.ts): connect-style middlewares over Node's own request and response.
// Decisions: docs/decisions/009-http-edge.md.

type Next = (error?: unknown) => void
export type Middleware = (req: IncomingMessage, res: ServerResponse, next: Next) => void

const FORWARDING_HEADERS = ['x-forwarded-for', 'forwarded', 'x-real-ip'] as const

/**
 * TRUST_PROXY as proxy-addr reads it (Express's `trust proxy`): empty trusts nobody, so the
 * client is the socket; "loopback", "10.0.0.0/8, 172.16.0.0/12", or "uniquelocal" trust
 * those proxies' X-Forwarded-For.
 */
export function compileTrust(value: string | undefined): (address: string, hop: number) => boolean {
  const list = (value ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
  return list.length ? proxyAddr.compile(list) : () => false
}

/** Who is asking (trusting forwarding headers only from TRUST_PROXY) and this response's CSP nonce, for the rest of the request. */
export function requestContextMiddleware(trust: ReturnType<typeof compileTrust>): Middleware {
  return (req, res, next) => {
    const socketAddress = req.socket.remoteAddress ?? 'unknown'
    const peer = {
      address: (proxyAddr(req, trust) || socketAddress).slice(0, 64),
      socketAddress,
      forwarded: FORWARDING_HEADERS.some((name) => req.headers[name] !== undefined),
    }
    const nonce = randomBytes(16).toString('base64')
    ;(res as ServerResponse & { locals?: Record<string, unknown> }).locals = { cspNonce: nonce }
    runWithRequestContext({ peer, nonce }, () => next())
  }
}

function refuse(res: ServerResponse, status: number, vi: string, en: string) {
  res.statusCode = status
  res.setHeader('Content-Type', 'text/html; charset=utf-8')
  res.setHeader('Cache-Control', 'no-store')
  res.end(
    `<!doctype html><html lang="vi"><meta charset="utf-8"><title>${status} · Cầu Nối</title>` +
      `<body style="font-family:sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem">` +
      `<h1>${status}</h1><p>${vi}</p><p lang="en">${en}</p><p><a href="/">Cầu Nối</a></p></body></html>`,
  )
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * Cross-site request forgery: a state-changing request (any method but GET, HEAD, OPTIONS,
 * including Remix's `?_data=` fetches) whose Origin is another site is refused with 403.
 * Browsers send Origin with every POST; a request without one is not from a page on
 * another site (curl, a webhook), and Sec-Fetch-Site catches the browsers that omit it.
 */
export function originGuard(appUrl: string): Middleware {
  const appOrigin = new URL(appUrl).origin
  return (req, res, next) => {
    if (SAFE_METHODS.has(req.method ?? 'GET')) return next()
    const origin = req.headers.origin
    const site = req.headers['sec-fetch-site']
    const sameHost = (value: string) => {
      try {
        const url = new URL(value)
        return url.origin === appOrigin || url.host === req.headers.host
      } catch {
        return false
      }
    }
    const foreign = origin !== undefined ? !sameHost(origin) : site === 'cross-site' || site === 'same-site'
    if (!foreign) return next()
    log.warn('refused a cross-site request', { method: req.method, path: redactPath(pathOf(req)), origin: origin ?? null, site: site ?? null })
    refuse(
      res,
      403,
      'Yêu cầu bị từ chối: biểu mẫu này được gửi từ một trang web khác. Hãy mở lại trang trên Cầu Nối và thử lại.',
      'Request refused: this form was sent from another website. Open the page on Cầu Nối again and retry.',
    )
  }
}

const pathOf = (req: IncomingMessage) => (req.url ?? '/').split('?')[0] ?? '/'

/** A path or query that decodes to a control character (form.server.ts: C0 and DEL but tab and line breaks; a NUL reaches PostgreSQL as an error) is refused with 400. */
export function urlGuard(): Middleware {
  return (req, res, next) => {
    let decoded: string
    try {
      decoded = decodeURIComponent((req.url ?? '/').replace(/\+/g, ' '))
    } catch {
      return refuse(res, 400, 'Địa chỉ không hợp lệ.', 'The address is not valid.')
    }
    if (hasControlCharacters(decoded)) return refuse(res, 400, 'Địa chỉ chứa ký tự không hợp lệ.', 'The address contains characters that are not allowed.')
    next()
  }
}

/**
 * Security headers on every response: a Content-Security-Policy whose scripts need this
 * request's nonce (Remix's inline scripts carry it), no framing by other sites, no MIME
 * sniffing, a strict referrer, and HSTS when the app is served over HTTPS.
 */
export function securityHeaders(appUrl: string): Middleware {
  const https = appUrl.startsWith('https://')
  const nonce = (_req: IncomingMessage, res: ServerResponse) => `'nonce-${(res as ServerResponse & { locals: { cspNonce: string } }).locals.cspNonce}'`
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'", nonce],
        // React's style={{…}} attributes and Tailwind's stylesheet.
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:'],
        'font-src': ["'self'"],
        'connect-src': ["'self'"],
        // A form may end on Stripe's hosted pages (Checkout, Connect onboarding): browsers apply
        // form-action to the redirect that answers the POST too.
        'form-action': ["'self'", 'https://checkout.stripe.com', 'https://connect.stripe.com'],
        'frame-ancestors': ["'none'"],
        'base-uri': ["'self'"],
        'object-src': ["'none'"],
        ...(https ? { 'upgrade-insecure-requests': [] } : {}),
      },
    },
    crossOriginEmbedderPolicy: false,
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    strictTransportSecurity: https ? { maxAge: 31_536_000, includeSubDomains: true } : false,
  }) as unknown as Middleware
}

/** Secrets that ride in URLs (invitation, reset and verification tokens) never reach the log. */
export function redactPath(path: string): string {
  return path
    .replace(/^\/(invite)\/[^/?#]+/, '/$1/[redacted]')
    .replace(/([?&](?:token|code|key)=)[^&#]*/gi, '$1[redacted]')
}

export function requestLogger(): Middleware {
  return (req, res, next) => {
    const started = performance.now()
    res.on('finish', () => {
      log.info('request', { method: req.method, path: redactPath(pathOf(req)), status: res.statusCode, ms: Math.round(performance.now() - started) })
    })
    next()
  }
}
