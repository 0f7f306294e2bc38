import { secureHeaders } from 'hono/secure-headers'

/**
 * A strict Content-Security-Policy: no inline script at all (the app's only script is /static/app.js),
 * no plugins, no framing; article images may come from any https site. Whatever slipped through the
 * sanitiser still cannot run.
 */
export const securityHeaders = secureHeaders({
  contentSecurityPolicy: {
    defaultSrc: ["'none'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", 'https:', 'data:'],
    fontSrc: ["'self'"],
    connectSrc: ["'self'"],
    // The web app manifest, read when Vigie is added to a home screen.
    manifestSrc: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
    baseUri: ["'none'"],
    objectSrc: ["'none'"],
  },
  referrerPolicy: 'same-origin',
  crossOriginResourcePolicy: 'same-origin',
  xFrameOptions: 'DENY',
})
