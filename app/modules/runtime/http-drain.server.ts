import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import net from 'node:net'

// Draining an HTTP server without cutting a request (docs/decisions/012-supervision-and-drain.md).
// Node's server.close() (and http-terminator, tried first) destroys idle keep-alive
// connections at once, but "idle" only means no request has been parsed yet: a request
// already on the wire is cut (ECONNRESET, 1 in ~70 requests under steady load). Here:
// 1. every response from now on, and every one not yet started, says `Connection: close`;
// 2. the listener closes (new connections are refused: a load balancer moves on);
// 3. open connections get a grace period in which a request arriving on them is served (and
//    closes its connection); a connection idle for a whole grace period is closed;
// 4. requests in flight get until the deadline; what remains then is cut.

export type HttpDrain = { drain: (options?: { idleGraceMs?: number; deadlineMs?: number }) => Promise<{ cut: number }> }

type Connection = { response: ServerResponse | null; idleSince: number }

export function trackConnections(server: Server): HttpDrain {
  /** each open connection, the response it is busy with (null: idle) and since when it is idle */
  const connections = new Map<net.Socket, Connection>()
  let draining = false

  server.on('connection', (socket: net.Socket) => {
    connections.set(socket, { response: null, idleSince: Date.now() })
    socket.once('close', () => connections.delete(socket))
  })
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    const connection = connections.get(request.socket)
    if (draining && !response.headersSent) response.setHeader('connection', 'close')
    if (!connection) return
    connection.response = response
    response.once('close', () => {
      connection.response = null
      connection.idleSince = Date.now()
    })
  })

  const pause = () => new Promise((r) => setTimeout(r, 10))

  return {
    drain: async ({ idleGraceMs = 1_000, deadlineMs = 10_000 } = {}) => {
      const deadline = Date.now() + deadlineMs
      draining = true
      for (const { response } of connections.values()) {
        if (response && !response.headersSent) response.setHeader('connection', 'close')
      }
      // net.Server's close, not http.Server's: the latter also drops idle connections at once.
      const listenerClosed = new Promise<void>((resolve) => net.Server.prototype.close.call(server, () => resolve()))
      const graceStarted = Date.now()
      while (connections.size && Date.now() < deadline) {
        // A connection idle for a whole grace (counted from the drain at the earliest) has no
        // request coming; one whose response streamed out before the drain gets the same grace.
        for (const [socket, { response, idleSince }] of connections) {
          if (!response && Date.now() - Math.max(idleSince, graceStarted) >= idleGraceMs) socket.end()
        }
        await pause()
      }
      const cut = connections.size
      for (const socket of connections.keys()) socket.destroy()
      await listenerClosed
      return { cut }
    },
  }
}
