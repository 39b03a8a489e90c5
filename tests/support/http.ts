import fs from 'node:fs'
import type { Server } from 'node:http'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type { ServerBuild } from '@remix-run/node'
import { createHttpApp } from '~/modules/composition/http-app.server'
import { projectRoot } from '~/modules/runtime/paths.server'
import { runWithRequestContext, type RequestPeer } from '~/modules/runtime/request-context.server'

// Two ways to reach the app from a test:
// - `startTestApp`: the production build behind the real HTTP edge (app/modules/composition/http-app.server.ts)
//   on a free loopback port, against this test file's database: for what only exists over
//   HTTP (the socket's address, headers, Origin, security headers). `npm test` builds first.
// - `asPeer`: a loader or action called directly, as if the HTTP edge had seen this peer.

export type TestApp = { url: string; stop: () => Promise<void> }

export async function startTestApp({ trustProxy }: { trustProxy?: string } = {}): Promise<TestApp> {
  const buildFile = path.join(projectRoot, 'build/server/index.js')
  if (!fs.existsSync(buildFile)) throw new Error('No production build: run `npm run build` first (npm test does).')
  const build = (await import(pathToFileURL(buildFile).href)) as ServerBuild
  const server: Server = await new Promise((resolve) => {
    const app = createHttpApp(build, { appUrl: 'http://localhost', TRUST_PROXY: trustProxy }, path.join(projectRoot, 'build/client'))
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening))
  })
  const address = server.address()
  if (!address || typeof address === 'string') throw new Error('the test app did not get a port')
  return {
    url: `http://127.0.0.1:${address.port}`,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections()
        server.close((error) => (error ? reject(error) : resolve()))
      }),
  }
}

export const LOCAL_PEER: RequestPeer = { address: '127.0.0.1', socketAddress: '127.0.0.1', forwarded: false }
export const REMOTE_PEER: RequestPeer = { address: '203.0.113.7', socketAddress: '203.0.113.7', forwarded: false }

/** Runs `fn` (a loader or action call) as a request from `peer`. */
export function asPeer<T>(peer: RequestPeer, fn: () => T): T {
  return runWithRequestContext({ peer, nonce: '' }, fn)
}
