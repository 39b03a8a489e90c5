import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type { ServerBuild } from '@remix-run/node'
import { getEnv } from '~/modules/runtime/env.server'
import { createHttpApp } from '~/modules/composition/http-app.server'
import { log } from '~/modules/runtime/logger.server'
import { projectRoot } from '~/modules/runtime/paths.server'
import { startServices, stopServices } from '~/modules/composition/services.server'

// `npm start`: serves the production build on $PORT after starting the services it needs
// (embedded PostgreSQL unless DATABASE_URL is set, migrations, first-start data, outbox
// worker), and shuts down gracefully: stop taking requests, finish the ones in flight,
// stop the worker, then the database it started.

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

// This process owns the shutdown order: requests first, then the worker, then the databases.
let shuttingDown = false
async function shutdown(signal: string) {
  if (shuttingDown) return
  shuttingDown = true
  log.info('shutting down', { signal })
  const forced = setTimeout(() => {
    log.error('forced exit after 15 s')
    process.exit(1)
  }, 15_000)
  forced.unref()
  const closed = new Promise<void>((resolve) => server.close(() => resolve()))
  server.closeIdleConnections()
  await closed
  await stopServices()
  log.info('stopped')
  process.exit(0)
}
process.on('SIGINT', () => void shutdown('SIGINT'))
process.on('SIGTERM', () => void shutdown('SIGTERM'))
