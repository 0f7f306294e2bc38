import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach } from 'vitest'

export type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void | Promise<void>

const servers: http.Server[] = []

afterEach(async () => {
  await Promise.all(
    servers.splice(0).map(
      (s) =>
        new Promise<void>((resolve) => {
          s.closeAllConnections()
          s.close(() => resolve())
        }),
    ),
  )
})

/** A real HTTP server on 127.0.0.1 with a route table; closed after the test. */
export async function fixtureServer(routes: Record<string, Handler>, fallback?: Handler) {
  const hits: string[] = []
  const server = http.createServer(async (req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://x').pathname
    hits.push(req.url ?? '/')
    const handler = routes[req.url ?? '/'] ?? routes[pathname] ?? fallback
    if (!handler) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found')
      return
    }
    try {
      await handler(req, res)
    } catch (err) {
      if (!res.headersSent) res.writeHead(500)
      res.end(String(err))
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  servers.push(server)
  const { port } = server.address() as AddressInfo
  const origin = `http://127.0.0.1:${port}`
  return { server, origin, port, hits, url: (p: string) => origin + p }
}
