/**
 * The one error the extractors throw: its message is for the user (Simplified Chinese, says what is
 * wrong and what to do), shown as is by the import page and the CLI, which then write nothing.
 */
export class DocumentExtractError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DocumentExtractError';
  }
}

/** The file's name as shown in messages: no directories (a browser may send a full Windows path). */
export function displayName(fileName: string): string {
  return fileName.split(/[\\/]/).pop() || '文件';
}
