import { startStripeStandIn } from './stripe-server'

// The Stripe stand-in as a process of its own, for the browser journeys: the app under test
// talks to it through the official SDK (STRIPE_API_BASE), as the integration tests' app does
// in-process. `node --import tsx tests/support/stripe-standin-cli.ts <port> <secret key>`

const [portArg, secretKey] = process.argv.slice(2)
const standIn = await startStripeStandIn({ port: Number(portArg), secretKey })
process.stdout.write(`Stripe stand-in on ${standIn.url}\n`)
const stop = () => void standIn.close().then(() => process.exit(0))
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
