import path from 'node:path'
import { defineConfig } from '@playwright/test'
import { STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET, stripePortFor } from './stripe'

// Browser journeys in Debian's Chromium against the production build (not the Vite dev
// server, whose dependency re-optimisation reloads pages mid-test). The app runs on its
// own fresh data folder and port, with demo data, email kept in the development mailbox.
const root = path.resolve(import.meta.dirname, '../..')
const port = Number(process.env.E2E_PORT ?? 3917)
const stripePort = stripePortFor(port)
// One data folder per port, so two runs on different ports never share a database.
const dataDir = path.join(root, `data-e2e-${port}`)

export default defineConfig({
  testDir: '.',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  outputDir: path.join(root, 'test-results', String(port)),
  use: {
    baseURL: `http://localhost:${port}`,
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  webServer: [
    {
      // Stripe, as far as the app can tell: the official SDK talks to this local stand-in.
      command: `node --import tsx tests/support/stripe-standin-cli.ts ${stripePort} ${STRIPE_SECRET_KEY}`,
      cwd: root,
      url: `http://127.0.0.1:${stripePort}/v1/checkout/sessions/none`,
      timeout: 60_000,
      reuseExistingServer: false,
      stdout: 'ignore',
      stderr: 'pipe',
    },
    {
      command: `rm -rf "${dataDir}" && node --import tsx app/cli/serve.ts`,
      cwd: root,
      url: `http://localhost:${port}/healthz`,
      timeout: 120_000,
      reuseExistingServer: false,
      stdout: 'ignore',
      stderr: 'pipe',
      gracefulShutdown: { signal: 'SIGTERM', timeout: 20_000 },
      env: {
        NODE_ENV: 'production',
        PORT: String(port),
        DATA_DIR: dataDir,
        APP_URL: `http://localhost:${port}`,
        DEMO_DATA: 'on',
        LOG_LEVEL: 'warn',
        RESEND_API_KEY: '',
        DATABASE_URL: '',
        STRIPE_SECRET_KEY,
        STRIPE_WEBHOOK_SECRET,
        STRIPE_API_BASE: `http://127.0.0.1:${stripePort}`,
      },
    },
  ],
})
