import type { Shape } from '../shape'
import type { vi } from '../vi'
import { agreements } from './agreements'
import { browse } from './browse'
import { common } from './common'
import { listings } from './listings'
import { matching } from './matching'
import { moderation } from './moderation'
import { notifications, savedSearches } from './notifications'
import { payouts } from './payouts'
import { paymentsAdmin } from './payments-admin'
import { payments } from './payments'
import { proposals } from './proposals'
import { search } from './search'

// Every English string; the type below makes it complete with respect to Vietnamese.
export const en: Shape<typeof vi> = { ...common, listings, browse, moderation, matching, search, proposals, agreements, notifications, savedSearches, payouts, paymentsAdmin, payments }
