import { Option, type Command } from 'commander'
import { crawlerId } from '../crawl/index.ts'
import { renderDigest } from '../digest/index.ts'
import { digestOf, sendDigest, type DigestSendResult } from '../jobs/digest.ts'
import type { Services } from '../jobs/services.ts'

type WithServices = <T>(fn: (s: Services) => Promise<T>) => Promise<T>

const out = (s: string): void => void process.stdout.write(s.endsWith('\n') ? s : s + '\n')

const recipients = (n: number) => `${n} recipient${n === 1 ? '' : 's'}`

function describe(r: DigestSendResult): string {
  const what = `digest ${r.sector} ${r.day}`
  if (r.state === 'sent')
    return (
      `${what}: sent to ${recipients(r.recipients)}` +
      (r.rejected.length ? ` (refused: ${r.rejected.join(', ')})` : '')
    )
  if (r.state === 'empty') return `${what}: the shortlist is empty, nothing sent`
  if (r.state === 'failed') return `${what}: failed: ${r.error}`
  if (r.run?.state === 'sending') return `${what}: already being sent by ${r.run.claimedBy}`
  const at = r.run?.sentAt ? ` at ${r.run.sentAt.toISOString()}` : ''
  return `${what}: already sent${at} to ${recipients(r.run?.recipients ?? 0)}`
}

/** `vigie digest --sector S [--date D] [--format html|markdown] [--send]` (--send for cron too). */
export function registerDigestCommands(program: Command, withServices: WithServices) {
  program
    .command('digest')
    .description(
      "a sector's daily digest: the day's shortlist with commentary, as email HTML or Markdown",
    )
    .requiredOption('--sector <slug>', 'sector')
    .option('--date <YYYY-MM-DD>', "the day (default the sector's today, in its time zone)")
    .addOption(
      new Option('--format <format>', 'what to print')
        .choices(['html', 'markdown'])
        .default('markdown'),
    )
    .option(
      '--send',
      "email it now to the sector's recipients (once a day: a sent digest is not sent again)",
    )
    .action(async (o) =>
      withServices(async (s) => {
        if (!o.send) {
          const { html, markdown } = renderDigest(await digestOf(s, o.sector, o.date))
          return out(o.format === 'html' ? html : markdown)
        }
        const result = await sendDigest({ ...s, owner: crawlerId() }, o.sector, o.date)
        out(describe(result))
        if (result.state === 'failed') process.exitCode = 1
      }),
    )
}
