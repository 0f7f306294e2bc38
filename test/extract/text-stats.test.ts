import { describe, expect, it } from 'vitest'
import { countWords, readingMinutes } from '../../src/extract/index.ts'

describe('countWords', () => {
  it.each([
    ['', 0],
    ['   ', 0],
    ['Hello world', 2],
    ["l'article", 2],
    ["L’équipe qu'il a réunie", 6],
    ["jusqu'à aujourd'hui", 3],
    ["don't stop", 2],
    ['community-manager à plein temps', 4],
    ['Привет мир, 2024 год', 4],
    ['東京 タワー', 2],
    ['— , ; !', 0],
  ])('%j has %i words', (text, n) => {
    expect(countWords(text)).toBe(n)
  })
})

describe('readingMinutes', () => {
  it.each([
    [0, 0],
    [1, 1],
    [100, 1],
    [230, 1],
    [460, 2],
    [2300, 10],
  ])('%i words -> %i min', (words, minutes) => {
    expect(readingMinutes(words)).toBe(minutes)
  })
})
