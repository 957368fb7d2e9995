// Addresses the app goes to that come from the server: a payment page may only be a web
// page (https, or http for a local simulator), never javascript: or data:.

/** The URL as a string when it is http(s), else null. */
export function safePaymentUrl(url) {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.toString() : null;
  } catch {
    return null;
  }
}
