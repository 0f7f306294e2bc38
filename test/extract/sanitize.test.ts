import { describe, expect, it } from 'vitest'
import { sanitizeHtml } from '../../src/extract/sanitize.ts'

describe('sanitizeHtml', () => {
  it.each([
    ['<p onclick="x()">a</p>', '<p>a</p>'],
    ['<a href="javascript:alert(1)">a</a>', '<a>a</a>'],
    ['<a href="JaVaScRiPt&colon;alert(1)">a</a>', '<a>a</a>'],
    [
      '<a href="mailto:team@example.com">m</a>',
      '<a href="mailto:team@example.com" rel="noopener noreferrer nofollow" target="_blank">m</a>',
    ],
    [
      '<a href="https://example.com/" target="_top" rel="opener">l</a>',
      '<a href="https://example.com/" rel="noopener noreferrer nofollow" target="_blank">l</a>',
    ],
    ['<img src="data:image/png;base64,AAAA" alt="x">', ''],
    [
      '<img src="https://example.com/a.jpg" alt="ok" srcset="b.jpg 2x" class="c" style="width:1px">',
      '<img src="https://example.com/a.jpg" alt="ok">',
    ],
    ['<img src="https://example.com/p.gif" width="1" height="1">', ''],
    ['<img src="https://stats.wordpress.com/b.gif?x=1">', ''],
    ['<iframe src="https://www.youtube.com/embed/x"></iframe><p>after</p>', '<p>after</p>'],
    ['<svg><g onload="x()"></g></svg><math><mi>x</mi></math>', ''],
    ['<form><input name="q"><button>go</button></form>', ''],
    ['<p style="background:url(a.png)no-repeat;color:red" id="x" data-track="1">t</p>', '<p>t</p>'],
    [
      '<table><tr><td>cell</td></tr></table>',
      '<table><tbody><tr><td>cell</td></tr></tbody></table>',
    ],
    // a noscript fallback is the real image of a lazy-loading page
    [
      '<noscript><img src="https://example.com/a.jpg"></noscript>',
      '<img src="https://example.com/a.jpg">',
    ],
    [
      '<img src="https://example.com/a.jpg" width="600" height="400">',
      '<img src="https://example.com/a.jpg" width="600" height="400">',
    ],
    ['<a href="/relative">r</a>', '<a>r</a>'],
  ])('%s', (input, expected) => {
    expect(sanitizeHtml(input)).toBe(expected)
  })
})
