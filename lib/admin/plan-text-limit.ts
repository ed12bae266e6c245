/**
 * Cap for pasted text: real notices are tens of kilobytes. Files have their own caps
 * (document/extract-document.ts). Apart from schemas.ts so that the import form can print it
 * without loading zod with the page.
 */
export const PLAN_TEXT_MAX_BYTES = 2 * 1024 * 1024;
