import type { Command } from 'commander'
import { AppError } from '../lib/errors.ts'
import type { Services } from '../jobs/services.ts'
import { getArticle } from '../store/index.ts'

type WithServices = <T>(fn: (s: Services) => Promise<T>) => Promise<T>

const out = (s: string): void => void process.stdout.write(s.endsWith('\n') ? s : s + '\n')

function parseWhen(at: string | undefined): 'now' | 'next' | Date {
  if (!at || at === 'next') return 'next'
  if (at === 'now') return 'now'
  const date = new Date(at)
  if (Number.isNaN(date.getTime()))
    throw new AppError(
      'validation_failed',
      { field: 'at' },
      `--at: "${at}" is not now, next or an ISO time`,
    )
  return date
}

/** `vigie reshare --article ID --channel NAME [--at ...]` and `vigie reshare send-due` (for cron). */
export function registerReshareCommands(program: Command, withServices: WithServices) {
  const reshare = program
    .command('reshare')
    .description("schedule an article on a channel (with the channel's template, or --text)")
    .option('--article <id>', 'the article', (v) => Number(v))
    .option('--channel <name>', "the channel's name in the article's sector")
    .option('--at <when>', 'now, next (the next free slot) or an ISO time', 'next')
    .option('--text <text>', "the post's text (default: the channel's template)")
    .option('--json', 'print the scheduled post as JSON')
    .action(async (o) =>
      withServices(async (s) => {
        if (!Number.isInteger(o.article) || !o.channel)
          throw new AppError('validation_failed', {}, 'give --article ID and --channel NAME')
        const article = await getArticle(s.db, o.article)
        if (!article) throw new AppError('article_not_found', {}, `no article ${o.article}`)
        const composed = await s.resharing.compose(o.article)
        const entry = composed.channels.find((c) => c.channel.name === o.channel)
        if (!entry)
          throw new AppError(
            'validation_failed',
            { field: 'channel' },
            `no channel "${o.channel}" in ${article.sectorSlug}`,
          )
        await s.resharing.schedule({
          articleId: o.article,
          posts: [
            { channelId: entry.channel.id, text: o.text ?? entry.text, when: parseWhen(o.at) },
          ],
          actor: 'cli',
        })
        const [post] = await s.resharing.history(o.article)
        if (o.json) out(JSON.stringify(post, null, 2))
        else
          out(
            `scheduled on ${post!.channelName} for ${post!.scheduledAt.toISOString()} (#${post!.id})`,
          )
      }),
    )

  reshare
    .command('send-due')
    .description('send every reshare that is due now, then exit (for cron)')
    .option('--json', 'print a summary object')
    .action(async (o) =>
      withServices(async (s) => {
        const summary = await s.resharing.sendDue()
        // `--json` after `send-due` is parsed by the parent command, which declares it too.
        if (o.json || reshare.opts().json) out(JSON.stringify(summary))
        else
          out(
            `${summary.sent} sent, ${summary.reconciled} found already sent, ${summary.retried} to retry, ${summary.failed} failed`,
          )
      }),
    )
}
