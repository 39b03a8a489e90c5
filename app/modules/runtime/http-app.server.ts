import path from 'node:path'
import { createRequestHandler } from '@remix-run/express'
import type { ServerBuild } from '@remix-run/node'
import compression from 'compression'
import express from 'express'
import type { Env } from './env.server'
import { compileTrust, originGuard, requestContextMiddleware, requestLogger, securityHeaders, urlGuard } from './http.server'

// The production HTTP app around a Remix build: static files, then the edge (who is asking,
// refusals, security headers, a log line per request), then Remix. `npm start` listens with
// it; the HTTP integration tests start it on a free port against their own database.

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
  app.all('*', createRequestHandler({ build, mode: 'production' }))
  return app
}
