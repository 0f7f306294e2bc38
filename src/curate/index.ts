export { saveAnnotation, normalizeTags, emptyAnnotation, type AnnotationInput } from './annotations.ts'
