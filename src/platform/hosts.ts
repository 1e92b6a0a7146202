/** Host-name facts used by config checks and redirect-URI rules. */

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1'])

/** True for names and addresses that can only mean this machine (RFC 6761 §6.3, RFC 8252 §7.3). */
export function isLoopbackHost(hostname: string): boolean {
  return (
    LOOPBACK_HOSTS.has(hostname) ||
    hostname.endsWith('.localhost') ||
    /^127(?:\.\d{1,3}){3}$/.test(hostname)
  )
}
