import { JSDOM } from 'jsdom'
const gc = (globalThis as any).gc as () => void
const cases: Record<string, string> = {
  style: '<style>p{color:red}</style><p>x</p>',
  link: '<link rel="stylesheet" href="https://a.example/s.css"><p>x</p>',
  form: '<form action="/x"><input name="a"><textarea></textarea></form>',
  img: '<img src="https://a.example/i.jpg" alt="">',
  a: '<a href="https://a.example/">x</a>'.repeat(20),
  script: '<script>var a=1</script>',
  time: '<time datetime="2024-01-01">x</time>',
  iframe: '<iframe src="https://a.example/"></iframe>',
  styleattr: '<div style="color:red">x</div>',
  plain: '<div><p>hello</p></div>'.repeat(20),
}
const { window } = new JSDOM('<!doctype html><html><body></body></html>')
for (const [name, html] of Object.entries(cases)) {
  gc(); const before = process.memoryUsage().heapUsed
  for (let i = 0; i < 2000; i++) { new window.DOMParser().parseFromString(html, 'text/html'); if (i % 100 === 0) await new Promise((r) => setImmediate(r)) }
  await new Promise((r) => setImmediate(r)); gc()
  console.log(name.padEnd(10), ((process.memoryUsage().heapUsed - before) / 1024 / 2000).toFixed(2), 'KB/parse')
}
