import path from 'node:path'
import { createRequestHandler } from '@remix-run/express'
import type { ActionFunction, LoaderFunction, ServerBuild } from '@remix-run/node'
import compression from 'compression'
import express from 'express'
import { isDatabaseUnavailable, isInvalidTextInput } from '~/modules/db/db.server'
import { apiFailure } from '~/modules/matching/api.server'
import type { Env } from '~/modules/runtime/env.server'
import { log } from '~/modules/runtime/logger.server'
import { compileTrust, originGuard, requestContextMiddleware, requestLogger, securityHeaders, urlGuard } from '~/modules/runtime/http.server'

// The production HTTP app around a Remix build: static files, then the edge (who is asking,
// refusals, security headers, a log line per request), then Remix. `npm start` listens with
// it; the HTTP integration tests start it on a free port against their own database.

type RouteFunction = LoaderFunction | ActionFunction

/** Seconds a client is told to wait when the database is down: an embedded server restarts in about one. */
export const DATABASE_RETRY_AFTER_SECONDS = 5

/** Prisma's messages open with the calling code; its last line is the reason. */
function lastLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  return message.trim().split('\n').at(-1) ?? message
}

/**
 * The one place that turns known failures of a loader or action into answers, so no route
 * needs its own try/catch:
 * - a value the database cannot store (a NUL byte that got past the edges): the client's error, 400;
 * - the database unreachable (`isDatabaseUnavailable`): 503 with Retry-After; a page shows
 *   the localised "temporarily unavailable" boundary (root.tsx), entry.server passes the header on;
 * - on the JSON API (`routes/api.*`), anything else unexpected: 500 in the API's JSON shape
 *   (Remix would answer plain text), logged here since Remix's handleError no longer sees it.
 */
function mapFailures<F extends RouteFunction | undefined>(fn: F, api: boolean): F {
  if (!fn) return fn
  return (async (args: Parameters<RouteFunction>[0]) => {
    try {
      return await fn(args)
    } catch (error) {
      if (error instanceof Response) throw error
      if (isInvalidTextInput(error)) throw new Response('Bad Request', { status: 400 })
      if (isDatabaseUnavailable(error)) {
        log.warn('database unavailable', { url: args.request.url, reason: lastLine(error) })
        const headers = { 'Retry-After': String(DATABASE_RETRY_AFTER_SECONDS) }
        if (api) throw await apiFailure(args.request, 'database_unavailable', headers)
        throw new Response('Service Unavailable', { status: 503, headers })
      }
      if (api) {
        log.error('unhandled error', { error: error instanceof Error ? error : String(error), url: args.request.url })
        throw await apiFailure(args.request, 'internal_error')
      }
      throw error
    }
  }) as F
}

function withFailuresMapped(build: ServerBuild): ServerBuild {
  const routes = Object.fromEntries(
    Object.entries(build.routes).map(([id, route]) => {
      const { loader, action } = route.module
      const api = id.startsWith('routes/api.')
      const module = {
        ...route.module,
        ...(loader ? { loader: mapFailures(loader, api) } : {}),
        ...(action ? { action: mapFailures(action, api) } : {}),
      }
      return [id, { ...route, module }]
    }),
  )
  return { ...build, routes }
}

export function createHttpApp(build: ServerBuild, env: Pick<Env, 'appUrl' | 'TRUST_PROXY'>, clientDir: string) {
  const app = express()
  app.disable('x-powered-by')
  app.use(requestContextMiddleware(compileTrust(env.TRUST_PROXY)))
  app.use(securityHeaders(env.appUrl))
  app.use(compression())
  app.use('/assets', express.static(path.join(clientDir, 'assets'), { immutable: true, maxAge: '1y' }))
  app.use(express.static(clientDir, { maxAge: '1h' }))
  app.use(requestLogger())
  app.use(urlGuard())
  app.use(originGuard(env.appUrl))
  app.all('*', createRequestHandler({ build: withFailuresMapped(build), mode: 'production' }))
  return app
}
