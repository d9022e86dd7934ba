/** Errors the grid operations throw; messages say what happened and what to do. */

export class UploadError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UploadError';
  }
}

/** Placement could not reach the required happiness. */
export class HappinessError extends UploadError {
  constructor(
    message: string,
    readonly achieved: number,
    readonly required: number,
  ) {
    super(message);
    this.name = 'HappinessError';
  }
}

export class UploadCancelledError extends UploadError {
  constructor() {
    super('upload cancelled: nothing was stored');
    this.name = 'UploadCancelledError';
  }
}

export class FileChangedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FileChangedError';
  }
}

export class DownloadError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DownloadError';
  }
}

/** No server holds any share of the file. */
export class FileNotFoundInGridError extends DownloadError {
  constructor(message: string) {
    super(message);
    this.name = 'FileNotFoundInGridError';
  }
}

export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOSPC') return `disk full (ENOSPC): ${error.message}`;
    return error.message;
  }
  return String(error);
}
