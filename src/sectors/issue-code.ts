import type { z } from 'zod'

/** What kind of rule a value broke, with the figures the sentence needs: the interface words it. */
export interface IssueCode {
  code:
    | 'required'
    | 'empty'
    | 'type'
    | 'one_of'
    | 'min_items'
    | 'min'
    | 'above'
    | 'max'
    | 'max_chars'
    | 'max_items'
    | 'not_a_number'
    | 'duplicate_topic'
    | 'invalid'
  params?: Record<string, string | number>
}

/** The code of a zod issue, read the way yamlErrorMap words it in English for the files and the CLI. */
export function issueCodeOf(iss: z.core.$ZodIssue): IssueCode {
  switch (iss.code) {
    case 'invalid_type':
      if (iss.input === undefined) return { code: 'required' }
      if (iss.input === null) return { code: 'empty' }
      return { code: iss.expected === 'number' ? 'not_a_number' : 'type' }
    case 'invalid_value':
      return { code: 'one_of', params: { values: iss.values.map(String).join(', ') } }
    case 'too_small':
      if (iss.origin === 'string') return { code: 'empty' }
      if (iss.origin === 'array') return { code: 'min_items', params: { n: Number(iss.minimum) } }
      return { code: iss.inclusive ? 'min' : 'above', params: { n: Number(iss.minimum) } }
    case 'too_big':
      if (iss.origin === 'string') return { code: 'max_chars', params: { n: Number(iss.maximum) } }
      if (iss.origin === 'array') return { code: 'max_items', params: { n: Number(iss.maximum) } }
      return { code: 'max', params: { n: Number(iss.maximum) } }
    default:
      return { code: 'invalid' }
  }
}
