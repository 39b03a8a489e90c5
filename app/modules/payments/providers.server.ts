// The payment providers, each registering itself with payments.server.ts on import. The
// composition root imports this file; so do tests that move money.

import './stripe.server'
import './bank-transfer.server'
