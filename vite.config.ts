/// <reference types="vitest/config" />
import { vitePlugin as remix } from '@remix-run/dev'
import tailwindcss from '@tailwindcss/vite'
import path from 'node:path'
import { defineConfig, type Plugin } from 'vite'
import { compileTrust, originGuard, requestContextMiddleware, urlGuard } from './app/modules/runtime/http.server'
// The Remix Vite plugin ignores remix.config.js, so its options are imported here.
import remixConfig from './remix.config.js'

declare module '@remix-run/node' {
  interface Future {
    v3_singleFetch: true
  }
}

// `npm run dev` gets the same HTTP edge as `npm start` (who is asking, URL and Origin checks),
// without the Content-Security-Policy, which would block Vite's injected client scripts.
const httpEdge: Plugin = {
  name: 'caunoi-http-edge',
  configureServer(server) {
    server.middlewares.use(requestContextMiddleware(compileTrust(process.env.TRUST_PROXY)))
    server.middlewares.use(urlGuard())
    server.middlewares.use(originGuard(process.env.APP_URL || 'http://localhost:5173'))
  },
}

export default defineConfig({
  plugins: [tailwindcss(), !process.env.VITEST && httpEdge, !process.env.VITEST && remix(remixConfig)],
  resolve: { alias: { '~': path.resolve(import.meta.dirname, 'app') } },
  server: { host: '127.0.0.1' },
  build: { target: 'es2022' },
  ssr: { noExternal: [] },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.{ts,tsx}', 'app/**/*.test.{ts,tsx}'],
          environment: 'node',
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.{ts,tsx}'],
          environment: 'node',
          // One embedded PostgreSQL per run with a migrated template database; each test
          // file gets its own copy (tests/support/).
          globalSetup: ['tests/support/global-setup.ts'],
          setupFiles: ['tests/support/database.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
})
