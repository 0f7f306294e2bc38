export { createApi, type Api } from './app.ts'
export { validationBody, validationHook, type ValidationFailure } from './validation.ts'
