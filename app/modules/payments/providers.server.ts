// The payment providers, each registering itself with payments.server.ts on import, and the
// receipts that follow a payment's changes. The composition root imports this file; so do
// the pages and tests that move money (the production build and the worker each hold a copy
// of the registry).

import './stripe.server'
import './bank-transfer.server'
import './receipts.server'
