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

// Every Vietnamese string the UI and emails show. One file per area; areas merge here.
export const vi = { ...common, listings, browse, moderation, matching, search, proposals, agreements, notifications, savedSearches, payouts, paymentsAdmin, payments }
