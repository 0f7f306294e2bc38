// A fake Mastodon instance for the reshare benchmark, in its own process on 127.0.0.1 so that serving
// costs the sender nothing: POST /api/v1/statuses with a bearer check and Idempotency-Key (the same key
// answers the same status, as Mastodon does for an hour). It counts what it received; GET /_bench/stats
// reads the counts, POST /_bench/reset starts a new round. Usage: mastodon-server.ts <token> [latencyMs]
// Prints {"origin":"http://127.0.0.1:port"} once listening; stops when stdin closes.
import http from 'node:http'

const [token, latencyArg] = process.argv.slice(2)
const latencyMs = Number(latencyArg ?? 0)
if (!token) throw new Error('usage: mastodon-server.ts <token> [latencyMs]')

const byKey = new Map<string, Buffer>()
let nextId = 113_000_000_000_000_000n
const fresh = () => ({ posts: 0, distinct: 0, repeats: 0, unauthorised: 0, rejected: 0 })
let round = fresh()

const reply = (res: http.ServerResponse, status: number, body: Buffer | string) => {
  const send = () =>
    res
      .writeHead(status, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': Buffer.byteLength(body),
      })
      .end(body)
  if (latencyMs > 0) setTimeout(send, latencyMs)
  else send()
}
const error = (res: http.ServerResponse, status: number, message: string) =>
  reply(res, status, JSON.stringify({ error: message }))

function postStatus(req: http.IncomingMessage, res: http.ServerResponse, raw: Buffer) {
  if (req.headers.authorization !== `Bearer ${token}`) {
    round.unauthorised++
    return error(res, 401, 'The access token is invalid')
  }
  const key = req.headers['idempotency-key']
  let body: { status?: unknown; visibility?: unknown; language?: unknown }
  try {
    body = JSON.parse(raw.toString('utf8'))
  } catch {
    round.rejected++
    return error(res, 400, 'JSON expected')
  }
  if (typeof key !== 'string' || !key || typeof body.status !== 'string' || !body.status.trim()) {
    round.rejected++
    return error(res, 422, "Validation failed: Text can't be blank, Idempotency-Key expected")
  }
  round.posts++
  const known = byKey.get(key)
  if (known) {
    round.repeats++
    return reply(res, 200, known)
  }
  round.distinct++
  const id = String(nextId++)
  const status = Buffer.from(
    JSON.stringify({
      id,
      created_at: new Date().toISOString(),
      in_reply_to_id: null,
      sensitive: false,
      spoiler_text: '',
      visibility: body.visibility ?? 'public',
      language: body.language ?? null,
      uri: `https://bench.example/users/veille/statuses/${id}`,
      url: `https://bench.example/@veille/${id}`,
      replies_count: 0,
      reblogs_count: 0,
      favourites_count: 0,
      content: `<p>${body.status.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</p>`,
      reblog: null,
      account: { id: '109876543210', username: 'veille', acct: 'veille' },
      media_attachments: [],
      mentions: [],
      tags: [],
      emojis: [],
      card: null,
      poll: null,
    }),
  )
  byKey.set(key, status)
  reply(res, 200, status)
}

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = []
  req.on('data', (c: Buffer) => chunks.push(c))
  req.on('end', () => {
    const raw = Buffer.concat(chunks)
    if (req.method === 'POST' && req.url === '/api/v1/statuses') return postStatus(req, res, raw)
    if (req.method === 'GET' && req.url === '/_bench/stats')
      return void res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify(round))
    if (req.method === 'POST' && req.url === '/_bench/reset') {
      round = fresh()
      return void res.writeHead(204).end()
    }
    res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"Record not found"}')
  })
})
server.keepAliveTimeout = 60_000
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
const { port } = server.address() as { port: number }
process.stdout.write(JSON.stringify({ origin: `http://127.0.0.1:${port}` }) + '\n')
process.stdin.resume()
process.stdin.on('end', () => process.exit(0))
