// Thrown while the upload is still streaming in, as soon as it passes the byte limit, so a huge (or endless)
// file is never buffered.
export class CsvTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`The file is larger than ${maxBytes} bytes, the limit for one upload`);
    this.name = 'CsvTooLargeError';
  }
}
