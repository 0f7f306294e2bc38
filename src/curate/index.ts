export {
  saveAnnotation,
  normalizeTags,
  emptyAnnotation,
  checkAnnotationLimits,
  ANNOTATION_LIMITS,
  type AnnotationInput,
} from './annotations.ts'
