import { randomBytes } from 'node:crypto';

/** Zoom ids are 22 characters of base64url (16 random bytes), e.g. `KDcuGIm1QgePTO8WbOqwIQ`. */
export function newId(): string {
  return randomBytes(16).toString('base64url');
}

/** Shaped like Zoom's `x-zm-trackingid` (`v=2.0;clid=…;rid=…`) so log parsers see something familiar. */
export function newTrackingId(): string {
  return `v=2.0;clid=emu;rid=EMU_${randomBytes(12).toString('hex')}`;
}

export function newOpaqueToken(bytes = 24): string {
  return randomBytes(bytes).toString('base64url');
}
