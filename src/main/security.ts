/**
 * The renderer's Content Security Policy, for both transports. No inline or remote script can run;
 * the page may talk only to its own origin (the browser-mode WebSocket is same-origin).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

/** The origin the Electron window loads the app from (a privileged custom scheme, not file://). */
export const APP_ORIGIN = 'app://lab';

export const isAppUrl = (url: string): boolean => url === APP_ORIGIN || url.startsWith(`${APP_ORIGIN}/`);
