// Thin fetch wrapper for the Laravel-style API: session cookie, X-XSRF-TOKEN on writes,
// JSON errors ({message}) turned into ApiError, 401 handed to the app (session expired).

export class ApiError extends Error {
  constructor(status, message, data = null) {
    super(message)
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
  const match = document.cookie.split('; ').find(part => part.startsWith(name + '='))
  return match ? decodeURIComponent(match.slice(name.length + 1)) : null
}

function fallbackMessage(status) {
  if (status === 502 || status === 503 || status === 504) {
    return `The server is temporarily unavailable (${status}). Please try again.`
  }
  if (status === 419) return 'Your page has expired. Please refresh and try again.'
  if (status === 404) return 'Not found.'
  return `Something went wrong (HTTP ${status}). Please try again.`
}

export async function request(method, url, body, { skipAuthRedirect = false } = {}) {
  const headers = { Accept: 'application/json', 'X-Requested-With': 'XMLHttpRequest' }
  if (body !== undefined) headers['Content-Type'] = 'application/json'
  if (method !== 'GET') {
    const token = readCookie('XSRF-TOKEN')
    if (token) headers['X-XSRF-TOKEN'] = token
  }

  let response
  try {
    response = await fetch(url, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body)
    })
  } catch (e) {
    throw new ApiError(0, 'Network error. Check your connection and try again.')
  }

  let data = null
  const type = response.headers.get('content-type') || ''
  if (response.status !== 204 && type.includes('application/json')) {
    try {
      data = await response.json()
    } catch (e) {
      data = null
    }
  }

  if (!response.ok) {
    const message = (data && data.message) || fallbackMessage(response.status)
    const error = new ApiError(response.status, message, data)
    if (response.status === 401 && !skipAuthRedirect && unauthorizedHandler) {
      error.handled = true
      unauthorizedHandler()
    }
    throw error
  }
  return data
}

export const api = {
  get: (url, options) => request('GET', url, undefined, options),
  post: (url, body = {}, options) => request('POST', url, body, options)
}
