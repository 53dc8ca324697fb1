/** A Zoom error answer: HTTP status plus Zoom's own `{code, message}` body (the two are independent). */
export class ZoomApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    readonly errors?: { field: string; message: string }[],
  ) {
    super(message);
    this.name = 'ZoomApiError';
  }

  toBody(): { code: number; message: string; errors?: { field: string; message: string }[] } {
    return this.errors
      ? { code: this.code, message: this.message, errors: this.errors }
      : { code: this.code, message: this.message };
  }
}

export function userNotFound(userId: string): ZoomApiError {
  return new ZoomApiError(404, 1001, `User does not exist: ${userId}.`);
}

export function invalidField(field: string, message = 'Invalid field.'): ZoomApiError {
  return new ZoomApiError(400, 300, 'Validation Failed.', [{ field, message }]);
}

export function invitationExpired(): ZoomApiError {
  return new ZoomApiError(400, 1120, 'A valid invitation to join the Zoom account was not found for this user.');
}

export function noPhoneLicense(): ZoomApiError {
  return new ZoomApiError(
    404,
    1102,
    'You cannot enable the Zoom Phone feature because you do not have any available licenses.',
  );
}

export function extensionUsed(extension: string): ZoomApiError {
  return new ZoomApiError(400, 400, `Extension number ${extension} is already used.`);
}

export function siteNotFound(): ZoomApiError {
  return new ZoomApiError(404, 404, 'Site does not exist.');
}

export function templateInvalid(): ZoomApiError {
  return new ZoomApiError(404, 404, 'Template is invalid');
}
