import { AppError } from '../lib/errors.ts'

export type ExtractErrorCode = 'extract_timeout' | 'extract_failed' | 'not_an_article'

const messages: Record<ExtractErrorCode, string> = {
  extract_timeout: 'extraction took longer than the time limit and was stopped',
  extract_failed: 'extraction failed',
  not_an_article: 'no article text could be found on the page',
}

/** An extraction that did not give an article: timed out, crashed its worker, or found no text. */
export class ExtractError extends AppError {
  constructor(
    readonly code: ExtractErrorCode,
    details: Record<string, unknown> = {},
    message?: string,
  ) {
    const url = typeof details.url === 'string' ? ` (${details.url})` : ''
    const reason = typeof details.reason === 'string' ? `: ${details.reason}` : ''
    super(code, details, message ?? `${messages[code]}${reason}${url}`)
    this.name = 'ExtractError'
  }
}
