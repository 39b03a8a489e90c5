import path from 'node:path'
import { createRequestHandler } from '@remix-run/express'
import type { ActionFunction, LoaderFunction, ServerBuild } from '@remix-run/node'
import compression from 'compression'
import express from 'express'
import { isInvalidTextInput } from '~/modules/db/db.server'
import type { Env } from '~/modules/runtime/env.server'
import { compileTrust, originGuard, requestContextMiddleware, requestLogger, securityHeaders, urlGuard } from '~/modules/runtime/http.server'

// The production HTTP app around a Remix build: static files, then the edge (who is asking,
// refusals, security headers, a log line per request), then Remix. `npm start` listens with
// it; the HTTP integration tests start it on a free port against their own database.

type RouteFunction = LoaderFunction | ActionFunction

/** A value the database cannot store (a NUL byte that got past the edges) is the client's error: 400, not 500. */
function badInputAs400<F extends RouteFunction | undefined>(fn: F): F {
  if (!fn) return fn
  return (async (args: Parameters<RouteFunction>[0]) => {
    try {
      return await fn(args)
    } catch (error) {
      if (isInvalidTextInput(error)) throw new Response('Bad Request', { status: 400 })
      throw error
    }
  }) as F
}

function withBadInputAs400(build: ServerBuild): ServerBuild {
  const routes = Object.fromEntries(
    Object.entries(build.routes).map(([id, route]) => {
      const { loader, action } = route.module
      const module = { ...route.module, ...(loader ? { loader: badInputAs400(loader) } : {}), ...(action ? { action: badInputAs400(action) } : {}) }
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
  app.all('*', createRequestHandler({ build: withBadInputAs400(build), mode: 'production' }))
  return app
}
