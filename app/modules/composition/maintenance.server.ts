import { sweepExpiredBuckets } from '~/modules/accounts/rate-limit.server'
import { expireListings } from '~/modules/listings/expiry.server'
import { log } from '~/modules/runtime/logger.server'

// Periodic upkeep in every app instance. Each task is idempotent and safe to run from
// several instances at once (conditional updates), so no leader election is needed.
const INTERVAL_MS = 15 * 60 * 1000

export async function runMaintenanceOnce() {
  try {
    const expired = await expireListings()
    if (expired.needs || expired.offers) log.info('listings expired', expired)
    const buckets = await sweepExpiredBuckets()
    if (buckets) log.info('expired rate-limit buckets deleted', { buckets })
  } catch (error) {
    log.warn('maintenance pass failed', { error: error instanceof Error ? error.message : String(error) })
  }
}

export function startMaintenance(): () => void {
  void runMaintenanceOnce()
  const timer = setInterval(() => void runMaintenanceOnce(), INTERVAL_MS)
  timer.unref()
  return () => clearInterval(timer)
}
