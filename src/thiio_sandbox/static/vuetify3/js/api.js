// Thin wrapper around fetch for the Thiio API (Laravel-style session + XSRF cookie).

export class ApiError extends Error {
  constructor(status, message, data = null) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.data = data
    this.handled = false
  }
}

let unauthorizedHandler = null

export function onUnauthorized(handler) {
  unauthorizedHandler = handler
}

function readCookie(name) {
  const match = document.cookie.match(new RegExp('(?:^|;\\s*)' + name + '=([^;]*)'))
  return match ? decodeURIComponent(match[1]) : ''
}

function fallbackMessage(status) {
  if (status === 0) return 'Network error. Check your connection and try again.'
  if (status === 404) return 'Not found.'
  if (status === 419) return 'Your page expired. Please refresh and try again.'
  if (status === 429) return 'Too many requests. Please slow down.'
  if (status >= 500) return `The server had a problem (HTTP ${status}). Please try again.`
  return `Request failed (HTTP ${status}).`
}

export async function request(method, url, body) {
  const headers = { Accept: 'application/json', 'X-Requested-With': 'XMLHttpRequest' }
  if (body !== undefined) headers['Content-Type'] = 'application/json'
  if (method !== 'GET') headers['X-XSRF-TOKEN'] = readCookie('XSRF-TOKEN')

  let response
  try {
    response = await fetch(url, {
      method,
      headers,
      credentials: 'same-origin',
      body: body !== undefined ? JSON.stringify(body) : undefined,
    })
  } catch (e) {
    throw new ApiError(0, fallbackMessage(0))
  }

  let data = null
  if ((response.headers.get('content-type') || '').includes('application/json')) {
    try {
      data = await response.json()
    } catch (e) {
      data = null
    }
  }

  if (!response.ok) {
    const text = data && typeof data.message === 'string' ? data.message : fallbackMessage(response.status)
    const error = new ApiError(response.status, text, data)
    if (response.status === 401 && !url.startsWith('/api/login') && unauthorizedHandler) {
      error.handled = unauthorizedHandler(error) === true
    }
    throw error
  }
  return data
}

export const api = {
  get: (url) => request('GET', url),
  post: (url, body) => request('POST', url, body === undefined ? {} : body),

  uiConfig: () => request('GET', '/api/ui-config'),
  me: () => request('GET', '/api/me'),
  login: (email, password) => request('POST', '/api/login', { email, password }),
  twoFactor: (code) => request('POST', '/api/login/two-factor', { code }),
  logout: () => request('POST', '/api/logout'),

  orders: ({ search = '', page = 1, perPage = 25 } = {}) => {
    const params = new URLSearchParams({ search, page: String(page), per_page: String(perPage) })
    return request('GET', `/api/orders?${params}`)
  },
  order: (number) => request('GET', `/api/orders/${encodeURIComponent(number)}`),
  retryNotification: (id) => request('POST', `/api/notifications/${id}/retry`),
  resendNotification: (id) => request('POST', `/api/notifications/${id}/resend`),
}
