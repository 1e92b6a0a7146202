/**
 * A small scripted browser for black-box tests: a cookie jar, manual redirects, and form reading from
 * the server-rendered pages. It does exactly what a browser does with our HTML forms, nothing more.
 */

export interface PageResponse {
  readonly status: number
  readonly url: string
  readonly headers: Headers
  readonly body: string
}

export class Browser {
  readonly #cookies = new Map<string, string>()
  readonly userAgent: string
  /** Sent with every request, e.g. the browser's Accept-Language. */
  readonly #headers: Readonly<Record<string, string>>

  /** How requests go out: the global fetch, or e.g. one over TLS from a chosen address. */
  readonly #fetch: (url: string, init: RequestInit) => Promise<Response>

  constructor(
    userAgent = 'portcullis-test-browser',
    headers: Record<string, string> = {},
    fetcher: (url: string, init: RequestInit) => Promise<Response> = fetch,
  ) {
    this.userAgent = userAgent
    this.#headers = headers
    this.#fetch = fetcher
  }

  cookie(name: string): string | undefined {
    return this.#cookies.get(name)
  }

  setCookie(name: string, value: string): void {
    this.#cookies.set(name, value)
  }

  cookieNames(): string[] {
    return [...this.#cookies.keys()]
  }

  /** One request, no redirect following; stores Set-Cookie. */
  async request(
    url: string,
    init: {
      method?: string
      form?: Record<string, string>
      headers?: Record<string, string>
      body?: string
    } = {},
  ): Promise<PageResponse> {
    const headers: Record<string, string> = {
      'user-agent': this.userAgent,
      ...this.#headers,
      ...init.headers,
    }
    if (this.#cookies.size > 0) {
      headers['cookie'] = [...this.#cookies].map(([k, v]) => `${k}=${v}`).join('; ')
    }
    let body: string | undefined = init.body
    if (init.form !== undefined) {
      headers['content-type'] = 'application/x-www-form-urlencoded'
      body = new URLSearchParams(init.form).toString()
    }
    const response = await this.#fetch(url, {
      method: init.method ?? (body ? 'POST' : 'GET'),
      headers,
      body,
      redirect: 'manual',
    })
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';')
      const eq = pair.indexOf('=')
      const name = pair.slice(0, eq).trim()
      const value = pair.slice(eq + 1).trim()
      const expired = attributes.some((a) => /max-age=0\b/i.test(a.trim()))
      if (expired || value === '') this.#cookies.delete(name)
      else this.#cookies.set(name, value)
    }
    return { status: response.status, url, headers: response.headers, body: await response.text() }
  }

  /** Follows redirects on our origin; stops at the first redirect elsewhere (the client's callback). */
  async follow(
    url: string,
    init: { form?: Record<string, string> } = {},
    ourOrigin = new URL(url).origin,
  ): Promise<PageResponse> {
    let response = await this.request(url, init)
    for (let hops = 0; hops < 10 && response.status >= 300 && response.status < 400; hops++) {
      const location = new URL(response.headers.get('location') ?? '', response.url).href
      if (new URL(location).origin !== ourOrigin) return { ...response, url: location }
      response = await this.request(location)
    }
    return response
  }

  /** Submits the form whose action is `action` on `page`, with its hidden fields plus `fields`. */
  submit(
    page: PageResponse,
    action: string,
    fields: Record<string, string>,
  ): Promise<PageResponse> {
    const form = readForm(page.body, action)
    return this.follow(new URL(form.action, page.url).href, { form: { ...form.hidden, ...fields } })
  }
}

export function readForm(
  body: string,
  action: string,
): { action: string; hidden: Record<string, string> } {
  const forms = [...body.matchAll(/<form\b[^>]*action="([^"]*)"[^>]*>([\s\S]*?)<\/form>/g)]
  const match = forms.find((f) => decode(f[1] ?? '').split('?')[0] === action.split('?')[0])
  if (match === undefined) throw new Error(`no form with action ${action} in:\n${body}`)
  const hidden: Record<string, string> = {}
  for (const input of (match[2] ?? '').matchAll(/<input\b[^>]*type="hidden"[^>]*>/g)) {
    const name = /name="([^"]*)"/.exec(input[0])?.[1]
    const value = /value="([^"]*)"/.exec(input[0])?.[1]
    if (name !== undefined) hidden[name] = decode(value ?? '')
  }
  return { action: decode(match[1] ?? ''), hidden }
}

function decode(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
}

/** The stable reason code shown on an error page, if any. */
export function reasonCode(body: string): string | undefined {
  return /data-reason="([a-z_.]+)"/.exec(body)?.[1]
}

/** The target of a page's `<meta http-equiv="refresh">`, if it has one. */
export function metaRefresh(page: PageResponse): string | undefined {
  const content = /<meta http-equiv="refresh" content="\d+;\s*url='?([^"']*)'?"/i.exec(
    page.body,
  )?.[1]
  return content === undefined ? undefined : new URL(decode(content), page.url).href
}
