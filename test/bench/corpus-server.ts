// Serves the generated corpus on loopback from its own process, pre-rendered, so that serving costs the
// benchmark as little CPU as possible. Prints {"origins":[...]} once listening; stops when stdin closes.
import http from 'node:http'
import { articleHtml, feedXml } from './corpus.ts'

const [feeds, posts, hosts] = process.argv.slice(2).map(Number) as [number, number, number]
const bodies = new Map<string, Buffer>()

const servers = await Promise.all(
  Array.from({ length: hosts }, async (_, h) => {
    const server = http.createServer((req, res) => {
      const body = bodies.get(`${req.headers.host}${req.url}`)
      if (!body) return void res.writeHead(404).end()
      const type = req.url!.endsWith('/feed') ? 'application/rss+xml' : 'text/html; charset=utf-8'
      res.writeHead(200, { 'content-type': type, 'content-length': body.length }).end(body)
    })
    await new Promise<void>((r) => server.listen(0, `127.0.0.${h + 1}`, r))
    return `127.0.0.${h + 1}:${(server.address() as { port: number }).port}`
  }),
)
for (let b = 0; b < feeds; b++) {
  const host = servers[b % hosts]!
  bodies.set(`${host}/blog${b}/feed`, Buffer.from(feedXml(`http://${host}`, b, posts)))
  for (let p = 0; p < posts; p++) bodies.set(`${host}/blog${b}/post-${p}/`, Buffer.from(articleHtml(`http://${host}`, b, p)))
}
process.stdout.write(JSON.stringify({ origins: servers.map((s) => `http://${s}`) }) + '\n')
process.stdin.resume()
process.stdin.on('end', () => process.exit(0))
