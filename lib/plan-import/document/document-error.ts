import { RefusalError } from '@/lib/errors';

/**
 * The one error the extractors throw: its message is for the user (Simplified Chinese, says what is
 * wrong and what to do), shown as is by the import page and the CLI, which then write nothing.
 * A refusal of the uploaded file, so it belongs under the form's `file` field.
 */
export class DocumentExtractError extends RefusalError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, 'file');
    this.name = 'DocumentExtractError';
    if (options && 'cause' in options) this.cause = options.cause;
  }
}

/** The file's name as shown in messages: no directories (a browser may send a full Windows path). */
export function displayName(fileName: string): string {
  return fileName.split(/[\\/]/).pop() || '文件';
}
