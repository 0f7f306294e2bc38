import { describe, expect, it } from 'vitest'
import { cleanAuthor, joinAuthors } from '../../src/extract/byline.ts'

describe('cleanAuthor', () => {
  it.each([
    ['By Jane Doe', 'Jane Doe'],
    ['Par Marie Dupont le 5 mars 2024', 'Marie Dupont'],
    ['par Marie Dupont, 12/03/2024 à 10h', 'Marie Dupont'],
    ['Publié par Léa Fontaine', 'Léa Fontaine'],
    ['By Jane Doe | March 5, 2024', 'Jane Doe'],
    ['Written by Sam Lee · 6 min read', 'Sam Lee'],
    ['Jean Martin, journaliste', 'Jean Martin'],
    ['De Villiers', 'De Villiers'],
    ['https://example.com/author/jane', null],
    ['@janedoe', null],
    ['Mis à jour le 5 mars 2024', null],
    ['', null],
    [null, null],
  ])('%j -> %j', (input, expected) => {
    expect(cleanAuthor(input)).toBe(expected)
  })
})

describe('joinAuthors', () => {
  it('cleans, removes duplicates and joins', () => {
    expect(joinAuthors(['By Ana', 'Ana', ' Ben  Cole ', null])).toBe('Ana, Ben Cole')
    expect(joinAuthors([])).toBeNull()
  })
})
