import path from 'node:path'
import { z } from 'zod'

// The one place that reads process.env. Parsed once; a bad value stops the process
// with a message that names the variable.
const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()))

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  // Loopback by default: an instance is reachable from other machines only when asked to be.
  HOST: z.string().trim().min(1).default('127.0.0.1'),
  TRUST_PROXY: optionalString,
  DEV_MAILBOX: z.enum(['on', 'off']).default('off'),
  DATA_DIR: z.string().default('./data'),
  APP_URL: optionalString.pipe(z.url().optional()),
  DATABASE_URL: optionalString.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgresql:// URL')
      .optional(),
  ),
  DEMO_DATA: z.enum(['on', 'off']).default('on'),
  MEILI_HOST: optionalString.pipe(z.url().optional()),
  MEILI_MASTER_KEY: optionalString,
  MEILI_BIN: optionalString,
  RESEND_API_KEY: optionalString,
  RESEND_BASE_URL: optionalString.pipe(z.url().optional()),
  EMAIL_FROM: z.string().default('Cầu Nối <no-reply@caunoi.vn>'),
  STRIPE_SECRET_KEY: optionalString,
  STRIPE_WEBHOOK_SECRET: optionalString,
  /** Stripe's API elsewhere than api.stripe.com (the tests' local stand-in), e.g. http://127.0.0.1:12111 */
  STRIPE_API_BASE: optionalString.pipe(z.url().optional()),
  /** the platform's fee on expert contracts, in percent (shown to the payer before paying) */
  PLATFORM_FEE_PERCENT: z.coerce.number().min(0).max(50).default(8),
  /** the platform's bank account for VND transfers (VietQR): the bank's NAPAS BIN, the account, its holder */
  PLATFORM_BANK_BIN: z.string().regex(/^\d{6}$/).default('970436'),
  PLATFORM_BANK_ACCOUNT: z.string().regex(/^[0-9A-Za-z]{4,19}$/).default('0011004321999'),
  PLATFORM_BANK_ACCOUNT_NAME: z.string().min(1).default('CONG TY CAU NOI'),
  /** days a bank-transfer instruction stays open before it is cancelled unpaid */
  BANK_TRANSFER_DAYS: z.coerce.number().int().min(1).max(60).default(7),
  LOGIN_MAX_ATTEMPTS: z.coerce.number().int().min(1).default(5),
  LOGIN_WINDOW_MINUTES: z.coerce.number().int().min(1).default(15),
  SIGNUP_MAX_PER_HOUR: z.coerce.number().int().min(1).default(10),
  /** new proposals a day per organisation or expert: verified senders, and unverified ones */
  PROPOSALS_PER_DAY: z.coerce.number().int().min(1).default(30),
  PROPOSALS_PER_DAY_UNVERIFIED: z.coerce.number().int().min(1).default(5),
  /** an unanswered proposal expires after this many days; its recipient is reminded a day or two before */
  PROPOSAL_EXPIRY_DAYS: z.coerce.number().int().min(2).max(90).default(14),
  API_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  OUTBOX_WORKER: z.enum(['on', 'off']).default('on'),
})

const LOOPBACK_HOSTS = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/

/**
 * Cross-variable rules. Without a mail provider every email (password resets included) waits
 * in the development mailbox: an instance other machines can reach must not run that way
 * unless someone said so (DEV_MAILBOX=on; the mailbox then opens only to admins and this machine).
 */
const checkedSchema = envSchema.superRefine((env, ctx) => {
  if (!env.RESEND_API_KEY && !LOOPBACK_HOSTS.test(env.HOST) && env.DEV_MAILBOX !== 'on') {
    ctx.addIssue({
      code: 'custom',
      path: ['HOST'],
      message: `${env.HOST} is reachable from other machines while email goes to the development mailbox: set RESEND_API_KEY, or DEV_MAILBOX=on to run a staging server without email`,
    })
  }
})

export type Env = z.infer<typeof envSchema> & { dataDir: string; appUrl: string }

let cached: Env | undefined

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = checkedSchema.safeParse(source)
  if (!result.success) {
    const problems = result.error.issues
      .map((issue) => `  - ${issue.path.join('.')}: ${issue.message}`)
      .join('\n')
    throw new Error(`Invalid environment variables:\n${problems}`)
  }
  const env = result.data
  return {
    ...env,
    dataDir: path.resolve(env.DATA_DIR),
    appUrl: (env.APP_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, ''),
  }
}

export function getEnv(): Env {
  if (!cached) cached = parseEnv(process.env)
  return cached
}
