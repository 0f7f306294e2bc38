import { describe, expect, it } from 'vitest'
import { detectLanguage } from '../../src/extract/index.ts'
import { normalizeLang } from '../../src/extract/language.ts'

describe('detectLanguage', () => {
  it.each([
    [
      'fr',
      'Les community managers passent une grande partie de leur journée à répondre aux commentaires et à préparer le calendrier éditorial de la semaine suivante.',
    ],
    [
      'en',
      'Community managers spend a large part of their day answering comments and preparing the editorial calendar for the following week.',
    ],
    [
      'es',
      'Los community managers pasan gran parte de su jornada respondiendo comentarios y preparando el calendario editorial de la semana siguiente.',
    ],
    [
      'de',
      'Community Manager verbringen einen großen Teil ihres Tages damit, Kommentare zu beantworten und den Redaktionsplan für die nächste Woche vorzubereiten.',
    ],
    [
      'it',
      'I community manager passano gran parte della giornata a rispondere ai commenti e a preparare il calendario editoriale della settimana successiva.',
    ],
    [
      'pt',
      'Os gestores de comunidade passam grande parte do dia a responder aos comentários e a preparar o calendário editorial da semana seguinte.',
    ],
    [
      'nl',
      'Communitymanagers besteden een groot deel van hun dag aan het beantwoorden van reacties en het voorbereiden van de redactionele kalender voor de volgende week.',
    ],
  ])('detects %s', (lang, text) => {
    expect(detectLanguage(text)).toBe(lang)
  })

  it('returns null for short text', () => {
    expect(detectLanguage('Bonjour à tous')).toBeNull()
    expect(detectLanguage('')).toBeNull()
    expect(detectLanguage('12 345 678 — 2024')).toBeNull()
  })
})

describe('normalizeLang', () => {
  it.each([
    ['fr-FR', 'fr'],
    ['en_US', 'en'],
    ['FR', 'fr'],
    ['fra', 'fr'],
    ['deu', 'de'],
    ['', null],
    ['x-klingon', null],
    [null, null],
  ])('%s -> %s', (input, expected) => {
    expect(normalizeLang(input)).toBe(expected)
  })
})
