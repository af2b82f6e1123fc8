export { ContentValidationError, DEFAULT_DATA_DIR, loadContent, readContentFiles } from "./load.ts";
export type { Content, LoadOptions, ReadContentResult } from "./load.ts";
export { formatContentError, formatJsonPath, parseContent, validate } from "./validate.ts";
export type { ContentError, ContentFile, ContentKind, ParsedContent, ValidateOptions } from "./validate.ts";
