// Links into Zoom's web portal. A phone user's page is Phone System Management > Users & Rooms > the user
// (its Profile tab: site, calling plan, extension, numbers), addressed by the Zoom user id:
// https://zoom.us/pbx/page/telephone/user#/user/<userId>/profile. Zoom documents the navigation, not the URL;
// this is the address that page has in the portal, and the link only opens it (a button with `url` sends
// phonebot an action too, which is acknowledged and ignored).
import { type Button, linkButton } from './blocks.js';

export const ZOOM_PORTAL = 'https://zoom.us';

export function zoomPhoneUserUrl(zoomUserId: string): string {
  return `${ZOOM_PORTAL}/pbx/page/telephone/user#/user/${encodeURIComponent(zoomUserId)}/profile`;
}

export const ACTION_OPEN_IN_ZOOM = 'open_in_zoom';

export const openInZoomButton = (zoomUserId: string): Button =>
  linkButton('Open in Zoom', ACTION_OPEN_IN_ZOOM, zoomPhoneUserUrl(zoomUserId));
