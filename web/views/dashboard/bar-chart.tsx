import type { Locale, Translate } from '../../i18n/index.ts'
import { formatNumber } from '../../i18n/number.ts'

export interface ChartSeries {
  /** A CSS-safe name: bars get the class `bar-<key>`. */
  key: string
  label: string
  values: number[]
}

export interface BarChartProps {
  id: string
  title: string
  /** One label per bar (or stack of bars), in order. */
  labels: string[]
  series: ChartSeries[]
  /** Header of the label column in the data table. */
  labelHeader: string
  /** Show one x-axis label in this many (the table keeps them all). */
  tickEvery?: number
  t: Translate
  /** The page's language, for the figures ("1 234" in French). */
  locale: Locale
}

const W = 640
const H = 220
const LEFT = 40
const RIGHT = 8
const TOP = 10
const BOTTOM = 26

/** The largest of 1, 2, 5 x 10^n at or above `max`, so the axis ends on a round number. */
export function niceMax(max: number): number {
  if (max <= 0) return 1
  const step = 10 ** Math.floor(Math.log10(max))
  return [1, 2, 5, 10].map((m) => m * step).find((v) => v >= max) ?? 10 * step
}

/**
 * A bar chart as inline SVG, drawn on the server: one bar per label, stacked when there are several
 * series; a bar only where the value is above zero. Screen readers get the title and a summary, and
 * everyone can open the same numbers as a table.
 */
export function BarChart(p: BarChartProps) {
  const stacks = p.labels.map((_, i) => p.series.reduce((sum, s) => sum + (s.values[i] ?? 0), 0))
  const total = stacks.reduce((a, b) => a + b, 0)
  const top = niceMax(Math.max(0, ...stacks))
  const plotH = H - TOP - BOTTOM
  const slot = (W - LEFT - RIGHT) / Math.max(1, p.labels.length)
  const barW = Math.max(1, slot * 0.8)
  const y = (v: number) => TOP + plotH - (v / top) * plotH
  const every = p.tickEvery ?? 1
  const titleId = `${p.id}-title`
  const descId = `${p.id}-desc`
  const summary = p.t('dash.chartSummary', { title: p.title, total, max: Math.max(0, ...stacks) })
  // Nothing to draw: bare axes would look like a broken chart.
  if (total === 0)
    return (
      <figure class="chart chart-empty" id={p.id}>
        <figcaption id={titleId}>{p.title}</figcaption>
        <p class="empty">{p.t('dash.noData')}</p>
      </figure>
    )
  return (
    <figure class="chart" id={p.id}>
      <figcaption id={titleId}>{p.title}</figcaption>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-labelledby={titleId}
        aria-describedby={descId}
        class="chart-svg"
      >
        <title>{p.title}</title>
        <desc id={descId}>{summary}</desc>
        {(Number.isInteger(top / 2) ? [0, top / 2, top] : [0, top]).map((v) => (
          <g class="grid">
            <line x1={LEFT} x2={W - RIGHT} y1={y(v)} y2={y(v)} />
            <text x={LEFT - 4} y={y(v) + 4} text-anchor="end">
              {formatNumber(p.locale, v)}
            </text>
          </g>
        ))}
        {p.labels.map((label, i) => {
          let base = 0
          const x = LEFT + i * slot + (slot - barW) / 2
          return (
            <g class="stack">
              {p.series.map((s) => {
                const v = s.values[i] ?? 0
                if (v <= 0) return null
                const rect = (
                  <rect
                    class={`bar bar-${s.key}`}
                    x={r(x)}
                    y={r(y(base + v))}
                    width={r(barW)}
                    height={r(y(base) - y(base + v))}
                    data-value={String(v)}
                  >
                    <title>{`${label} · ${s.label} : ${formatNumber(p.locale, v)}`}</title>
                  </rect>
                )
                base += v
                return rect
              })}
              {i % every === 0 && (
                <text class="tick" x={r(LEFT + i * slot + slot / 2)} y={H - 8} text-anchor="middle">
                  {label}
                </text>
              )}
            </g>
          )
        })}
      </svg>
      {p.series.length > 1 && (
        <ul class="legend">
          {p.series.map((s) => (
            <li>
              <span class={`swatch bar-${s.key}`} aria-hidden="true"></span>
              {s.label}
            </li>
          ))}
        </ul>
      )}
      <details class="chart-data">
        <summary>{p.t('dash.showData')}</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">{p.labelHeader}</th>
              {p.series.map((s) => (
                <th scope="col">{s.label}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {p.labels.map((label, i) => (
              <tr>
                <th scope="row">{label}</th>
                {p.series.map((s) => (
                  <td>{formatNumber(p.locale, s.values[i] ?? 0)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  )
}

const r = (n: number) => Math.round(n * 10) / 10
