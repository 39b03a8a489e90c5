import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type { ServerBuild } from '@remix-run/node'
import { getEnv } from '~/modules/runtime/env.server'
import { createHttpApp } from '~/modules/composition/http-app.server'
import { trackConnections } from '~/modules/runtime/http-drain.server'
import { log } from '~/modules/runtime/logger.server'
import { projectRoot } from '~/modules/runtime/paths.server'
import { signalServicesToStop, startServices, stopServices } from '~/modules/composition/services.server'

// `npm start`: serves the production build on $PORT after starting the services it needs
// (embedded PostgreSQL unless DATABASE_URL is set, migrations, first-start data, outbox
// worker), and drains on SIGTERM/SIGINT: stop accepting connections, close idle keep-alive
// ones and make busy ones close after their response, finish the requests in flight, stop
// the worker (its current pass ends first), then Meilisearch, then PostgreSQL.
// docs/decisions/012-supervision-and-drain.md

/** Requests in flight get this long to finish; then their connections are cut. */
const DRAIN_MS = 10_000
/** The whole shutdown; past it the process exits, still telling its servers to stop. */
const FORCED_EXIT_MS = 15_000

const env = (() => {
  try {
    return getEnv()
  } catch (error) {
    console.error((error as Error).message)
    process.exit(1)
  }
})()

await startServices({ seed: true, worker: true, search: true })

const buildPath = path.join(projectRoot, 'build/server/index.js')
const build = (await import(pathToFileURL(buildPath).href)) as ServerBuild

const app = createHttpApp(build, env, path.join(projectRoot, 'build/client'))

const server = app.listen(env.PORT, env.HOST, () => {
  log.info('listening', { url: `http://localhost:${env.PORT}`, host: env.HOST, dataDir: env.dataDir })
})
// Tracks every connection, so a drain can close keep-alive ones without cutting a request
// already on its way (app/modules/runtime/http-drain.server.ts).
const http = trackConnections(server)

// This process owns the shutdown order: requests first, then the worker, then the servers.
let shuttingDown = false
async function shutdown(signal: string) {
  if (shuttingDown) return
  shuttingDown = true
  const started = Date.now()
  log.info('shutting down', { signal })
  const forced = setTimeout(() => {
    log.error(`forced exit after ${FORCED_EXIT_MS / 1000} s; telling the embedded servers to stop`)
    signalServicesToStop()
    process.exit(1)
  }, FORCED_EXIT_MS)
  forced.unref()
  try {
    const { cut } = await http.drain({ deadlineMs: DRAIN_MS })
    if (cut) log.warn('requests cut at the drain deadline', { cut })
    log.info('requests drained', { ms: Date.now() - started })
  } catch (error) {
    log.error('draining requests failed', { error: error instanceof Error ? error : String(error) })
  }
  await stopServices()
  log.info('stopped', { ms: Date.now() - started })
  process.exit(0)
}
process.on('SIGINT', () => void shutdown('SIGINT'))
process.on('SIGTERM', () => void shutdown('SIGTERM'))
