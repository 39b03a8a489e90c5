// Structured logs: one JSON object per line on stdout (stderr for errors), so any log
// collector can parse them. LOG_LEVEL=debug|info|warn|error|silent.
type Level = 'debug' | 'info' | 'warn' | 'error'
const order: Record<Level | 'silent', number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 }

function threshold(): number {
  const wanted = (process.env.LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'warn' : 'info')) as Level
  return order[wanted] ?? order.info
}

function write(level: Level, msg: string, fields?: Record<string, unknown>) {
  if (order[level] < threshold()) return
  const entry: Record<string, unknown> = { time: new Date().toISOString(), level, msg, ...fields }
  for (const [k, v] of Object.entries(entry)) {
    if (v instanceof Error) entry[k] = { name: v.name, message: v.message, stack: v.stack }
  }
  const line = JSON.stringify(entry) + '\n'
  if (level === 'error' || level === 'warn') process.stderr.write(line)
  else process.stdout.write(line)
}

/**
 * Start-up facts an operator must see whatever LOG_LEVEL says (bar `silent`): which data
 * folder a command uses. On stderr, so a command's report on stdout stays clean.
 */
function announce(msg: string, fields?: Record<string, unknown>) {
  if (threshold() >= order.silent) return
  process.stderr.write(JSON.stringify({ time: new Date().toISOString(), level: 'info', msg, ...fields }) + '\n')
}

export const log = {
  announce,
  debug: (msg: string, fields?: Record<string, unknown>) => write('debug', msg, fields),
  info: (msg: string, fields?: Record<string, unknown>) => write('info', msg, fields),
  warn: (msg: string, fields?: Record<string, unknown>) => write('warn', msg, fields),
  error: (msg: string, fields?: Record<string, unknown>) => write('error', msg, fields),
}
